#!/usr/bin/env bash
# The fuzz tests (docs/reference/fuzzing.md): builds the libFuzzer targets with clang in
# build-fuzz/ (cmake --preset fuzz) and fuzzes each for KAYA_FUZZ_SECONDS seconds (default
# 60), failing on any crash, sanitizer report, escaped exception, timeout (10 s) or
# out-of-memory (2 GB). Where clang or its libFuzzer runtime is missing, says so and exits
# 0 (skipped), or 1 with KAYA_FUZZ_REQUIRED=1.
#
#   bash tools/fuzz.sh                       # from anywhere in the repository
#   KAYA_FUZZ_SECONDS=1800 bash tools/fuzz.sh
#   KAYA_FUZZ_CXX=clang++ bash tools/fuzz.sh  # another clang than clang++-14
set -euo pipefail
cd "$(dirname "$0")/.."
cxx=${KAYA_FUZZ_CXX:-clang++-14}
seconds=${KAYA_FUZZ_SECONDS:-60}

skip() {
  echo "tools/fuzz.sh: $1; the fuzz tests are skipped (apt-get install clang-14 libclang-rt-14-dev)" >&2
  [ "${KAYA_FUZZ_REQUIRED:-0}" = 1 ] && exit 1
  exit 0
}
command -v "$cxx" >/dev/null || skip "$cxx not found"
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' > "$probe/probe.cpp"
"$cxx" -fsanitize=fuzzer,address,undefined "$probe/probe.cpp" -o "$probe/probe" 2>/dev/null || skip "$cxx cannot link libFuzzer"

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake --preset fuzz -DCMAKE_CXX_COMPILER="$cxx" -DKAYA_FUZZ_SECONDS="$seconds" "${launcher[@]}"
cmake --build --preset fuzz -j2
ctest --test-dir build-fuzz --output-on-failure -L fuzz
