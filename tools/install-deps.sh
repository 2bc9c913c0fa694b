#!/usr/bin/env bash
# Installs mlca's build and test dependencies from Debian's packages.
# Idempotent and non-interactive; run as root (or with sudo available) on Debian 12.
set -euo pipefail

# python3 runs tools/generate-catalogues.py, whose byte-for-byte check is one of the tests:
# its csv and json modules read the upstream data more reliably than code we would write.
packages=(
  build-essential cmake
  libeigen3-dev libyaml-cpp-dev libboost-dev libfmt-dev
  doctest-dev libcli11-dev libbenchmark-dev
  python3
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
