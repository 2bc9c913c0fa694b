#!/usr/bin/env bash
# Installs kaya's build and test dependencies from Debian's packages.
# Idempotent and non-interactive; run as root (or with sudo available) on Debian 12.
set -euo pipefail

# python3 runs tools/generate-catalogues.py, whose byte-for-byte check is one of the tests:
# its csv and json modules read the upstream data more reliably than code we would write.
packages=(
  build-essential cmake
  libeigen3-dev libyaml-cpp-dev libboost-dev libfmt-dev
  doctest-dev libcli11-dev libbenchmark-dev
  python3
  # tests/schema/check_schema.py checks `kaya schema` with an independent JSON Schema
  # validator, on the scenarios read as YAML: a validator of our own would share our bugs.
  python3-jsonschema python3-yaml
  # bench/reference/bloom_numpy.py: the NumPy script kaya's throughput is measured against;
  # and the Python package (python/): pybind11 binds it, pytest tests it, numpy holds samples.
  python3-numpy python3-pybind11 python3-dev python3-pytest
  # Result.to_dataframe() returns a pandas DataFrame; pandas is optional to users, but the
  # tests (python/tests) check that frame, so CI has it.
  python3-pandas
  # The sanitized build and the fuzz targets (.ci/run, docs/reference/fuzzing.md): clang 14
  # is Debian 12's default clang, and libFuzzer and the sanitizer runtimes are in its
  # compiler-rt package.
  clang-14 libclang-rt-14-dev
  # tests/report/render_check.sh renders report.html to a PNG in headless Chromium
  # (Debian's build, /usr/bin/chromium): the one browser this network lets us install.
  chromium
  # Chromium draws text with fontconfig's fonts; with --no-install-recommends nothing else
  # pulls a font in, and without one the report's text would render as nothing or boxes.
  fonts-dejavu-core
  # The PNG is checked (size, non-blankness) by an inline python3 decoder using only the
  # standard library's zlib and struct, so no image tool is needed.
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
