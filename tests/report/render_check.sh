#!/usr/bin/env bash
# render_check.sh HTML_FILE OUT_PNG
#
# Renders HTML_FILE (a self-contained page such as kaya's report.html) in Debian's headless
# Chromium to OUT_PNG and asserts that it rendered:
#   - Chromium exited 0 within RENDER_TIMEOUT seconds (default 60);
#   - OUT_PNG is a PNG (8-bit RGB/RGBA/grey, non-interlaced) of exactly
#     RENDER_WIDTH x RENDER_HEIGHT pixels (default 1280 x 2400);
#   - it is not blank: at least RENDER_MIN_COLOURS distinct colours (default 8) and at least
#     RENDER_MIN_INK (default 0.005, i.e. 0.5 %) of the pixels differ from the commonest
#     (background) colour;
#   - no console message: the page has no script, so any line Chromium logs for the page's
#     console (":CONSOLE" -- Chromium logs every level, error or log, as INFO:CONSOLE) or an
#     "Uncaught" exception fails the check. Chromium's own noise on this closed network
#     (D-Bus, GPU, sandbox, update-check lines) is not looked at;
#   - the page fetched nothing from the network: no http(s)/ws(s) request whose network
#     isolation key is the file:// page appears in Chromium's net log (all host names are
#     mapped to NOTFOUND, so nothing leaves the machine either way).
# Exit 0 on success, 1 on failure (with the reason), 77 (CTest's SKIP_RETURN_CODE) when no
# Chromium is installed. Prints one summary line; Chromium's log is kept as OUT_PNG.log.
# CHROMIUM may name the browser (default: chromium on PATH, then /usr/bin/chromium).
set -uo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 HTML_FILE OUT_PNG" >&2
  exit 2
fi
html=$1
png=$2
width=${RENDER_WIDTH:-1280}
height=${RENDER_HEIGHT:-2400}
min_colours=${RENDER_MIN_COLOURS:-8}
min_ink=${RENDER_MIN_INK:-0.005}
time_limit=${RENDER_TIMEOUT:-60}

fail() { echo "render_check: FAIL: $html: $*"; exit 1; }

browser=${CHROMIUM:-}
if [ -z "$browser" ]; then
  browser=$(command -v chromium || true)
  [ -z "$browser" ] && [ -x /usr/bin/chromium ] && browser=/usr/bin/chromium
fi
if [ -z "$browser" ] || [ ! -x "$browser" ]; then
  echo "render_check: SKIP: chromium is not installed (tools/install-deps.sh installs it)"
  exit 77
fi
command -v python3 >/dev/null || fail "python3 is needed to check the PNG"

if [ ! -f "$html" ] || [ ! -r "$html" ]; then fail "no such readable file"; fi
# Chromium wants an absolute file:// URL; a missing file would render its own error page.
html_abs=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
png_dir=$(dirname "$png")
mkdir -p "$png_dir" || fail "cannot create $png_dir"
png_abs=$(cd "$png_dir" && pwd)/$(basename "$png")
log=$png_abs.log
rm -f "$png_abs" "$log"

work=$(mktemp -d "${TMPDIR:-/tmp}/render_check.XXXXXX") || fail "cannot make a temporary directory"
trap 'rm -rf "$work"' EXIT
# Chromium and fontconfig write under HOME and XDG_*; give them a writable one if need be.
if [ -z "${HOME:-}" ] || [ ! -w "${HOME}" ]; then
  export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_CACHE_HOME=$work/home/.cache
  mkdir -p "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
fi

start=$(date +%s.%N)
timeout -k 5 "$time_limit" "$browser" \
  --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/profile" \
  --host-resolver-rules='MAP * ~NOTFOUND' \
  --log-net-log="$work/netlog.json" \
  --enable-logging=stderr --v=0 \
  --force-device-scale-factor=1 --hide-scrollbars \
  --window-size="$width,$height" --virtual-time-budget=2000 \
  --screenshot="$png_abs" \
  "file://$html_abs" >"$log" 2>&1
rc=$?
secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')

[ $rc -eq 124 ] || [ $rc -eq 137 ] && fail "chromium did not finish within ${time_limit}s (log: $log)"
[ $rc -eq 0 ] || fail "chromium exited $rc (log: $log)"
[ -s "$png_abs" ] || fail "chromium wrote no screenshot (log: $log)"

if grep -E ':CONSOLE[:(]|Uncaught' "$log" >"$work/console"; then
  echo "render_check: console messages:"
  sed -e 's/^/  /' "$work/console"
  fail "the page logged $(wc -l <"$work/console") console message(s) (log: $log)"
fi

# Page-initiated network requests (Chromium's own background requests have no file:// key).
if [ -f "$work/netlog.json" ]; then
  mapfile -t ext < <(grep -F '"network_isolation_key":"file://' "$work/netlog.json" |
        grep -oE '"url":"[a-z]+://[^"]*"' | sed -e 's/^"url":"//' -e 's/"$//' | grep -vE '^(file|data|blob):' | sort -u)
  if [ ${#ext[@]} -gt 0 ]; then
    echo "render_check: external requests:"
    printf '  %s\n' "${ext[@]}"
    fail "the page requested external URLs"
  fi
fi

# Decode the PNG with the standard library only (zlib, struct) and measure it.
stats=$(python3 - "$png_abs" "$width" "$height" "$min_colours" "$min_ink" <<'PY'
import collections, struct, sys, zlib

path, want_w, want_h, min_colours, min_ink = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])

def bad(msg):
    print(msg)
    sys.exit(1)

data = open(path, 'rb').read()
if data[:8] != b'\x89PNG\r\n\x1a\n':
    bad('not a PNG file')
pos, ihdr, idat = 8, None, []
while pos + 8 <= len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b'IHDR':
        ihdr = struct.unpack('>IIBBBBB', body)
    elif kind == b'IDAT':
        idat.append(body)
    elif kind == b'IEND':
        break
    pos += 12 + n
if ihdr is None or not idat:
    bad('PNG without IHDR or IDAT')
w, h, depth, ctype, _, _, interlace = ihdr
if (w, h) != (want_w, want_h):
    bad(f'PNG is {w}x{h}, expected {want_w}x{want_h}')
channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(ctype)
if depth != 8 or channels is None or interlace != 0:
    bad(f'unsupported PNG layout (bit depth {depth}, colour type {ctype}, interlace {interlace})')
try:
    raw = zlib.decompress(b''.join(idat))
except zlib.error as e:
    bad(f'corrupt PNG data: {e}')
bpp, stride = channels, w * channels
if len(raw) != h * (stride + 1):
    bad('PNG data has the wrong length')

colours = collections.Counter()
prev = bytes(stride)
zero = bytes(stride)
for y in range(h):
    off = y * (stride + 1)
    ftype, line = raw[off], raw[off + 1:off + 1 + stride]
    if ftype == 0 or (line == zero and ftype in (2,)):
        row = line if ftype == 0 else prev
    elif ftype == 2:  # Up
        row = bytes((a + b) & 255 for a, b in zip(line, prev))
    else:
        r = bytearray(line)
        if ftype == 1:  # Sub
            for i in range(bpp, stride):
                r[i] = (r[i] + r[i - bpp]) & 255
        elif ftype == 3:  # Average
            for i in range(stride):
                left = r[i - bpp] if i >= bpp else 0
                r[i] = (r[i] + ((left + prev[i]) >> 1)) & 255
        elif ftype == 4:  # Paeth
            for i in range(stride):
                a = r[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                r[i] = (r[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        else:
            bad(f'bad PNG filter type {ftype} in row {y}')
        row = bytes(r)
    # Count colours per row cheaply: a row of one colour is counted in one step.
    first = row[:bpp]
    if row == first * w:
        colours[first] += w
    else:
        colours.update(row[i:i + bpp] for i in range(0, stride, bpp))
    prev = row

total = w * h
background, bg_count = colours.most_common(1)[0]
ink = 1 - bg_count / total
summary = f'{w}x{h}, {len(colours)} colours, {ink * 100:.2f}% ink'
if len(colours) < min_colours or ink < min_ink:
    bad(f'blank page: {summary} (need >= {min_colours} colours and >= {min_ink * 100:g}% ink)')
print(summary)
PY
) || fail "$stats"

echo "render_check: OK: $html -> $png ($stats, rendered in ${secs}s)"
