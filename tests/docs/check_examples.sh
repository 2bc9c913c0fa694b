#!/usr/bin/env bash
# Runs every example in README.md and docs/ that starts with "$ kaya ..." inside a fenced block and checks
# that kaya prints exactly the lines that follow it (stdout and stderr together). A block whose
# expected output has a line "..." is compared up to that line only.
set -u
# "Now" for what depends on the year (stale-catalogue-value warnings), so that the committed
# outputs do not change with the calendar: reproducible-builds.org's SOURCE_DATE_EPOCH.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1796083200}
# The examples show the wide tables that files and pipes get, whatever the terminal.
unset COLUMNS
kaya=$1
root=$2
cd "$root" || exit 1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
checked=0
for doc in README.md $(find docs -name '*.md' | sort); do
  # Split the document's "$ kaya" blocks into numbered files: line 1 the command, then output.
  awk -v dir="$work" -v doc="$(echo "$doc" | tr '/' '_')" '
    /^```/ { if (inblock) { inblock = 0; if (file) close(file); file = "" } else { inblock = 1; first = 1 } next }
    inblock && first { first = 0; if ($0 ~ /^\$ kaya /) { n++; file = sprintf("%s/%s.%03d", dir, doc, n) } }
    inblock && file { print > file }
  ' "$doc"
done
for block in "$work"/*; do
  [ -e "$block" ] || continue
  command=$(head -1 "$block" | sed 's/^\$ kaya //')
  tail -n +2 "$block" > "$block.expected"
  # shellcheck disable=SC2086
  eval "\"$kaya\" $command" > "$block.actual" 2>&1
  if grep -qx '\.\.\.' "$block.expected"; then
    keep=$(grep -nx '\.\.\.' "$block.expected" | head -1 | cut -d: -f1)
    head -n $((keep - 1)) "$block.expected" > "$block.e2"; mv "$block.e2" "$block.expected"
    head -n $((keep - 1)) "$block.actual" > "$block.a2"; mv "$block.a2" "$block.actual"
  fi
  checked=$((checked + 1))
  if ! diff -u "$block.expected" "$block.actual" > "$block.diff"; then
    echo "FAIL: $(basename "$block"): kaya $command"
    cat "$block.diff"
    failures=$((failures + 1))
  fi
done
# Output that no command produces here cannot be checked, so it may go stale: a block that
# shows kaya's results (statistics) must start with the "$ kaya" command that prints them.
for doc in README.md $(find docs -name '*.md' | sort); do
  unchecked=$(awk '
    /^```/ { if (inblock) { if (shows && !command) print FILENAME ":" start; inblock = 0 } else { inblock = 1; first = 1; shows = 0; command = 0; start = NR } next }
    inblock && first { first = 0; if ($0 ~ /^\$ kaya /) command = 1 }
    inblock && /"p05": |p05 – p95/ { shows = 1 }
  ' "$doc")
  for place in $unchecked; do
    echo "FAIL: $place: a block of kaya output without the \"\$ kaya\" command that prints it, so it is never checked"
    failures=$((failures + 1))
  done
done
echo "$checked examples checked, $failures differ"
[ "$failures" -eq 0 ] && [ "$checked" -gt 0 ]
