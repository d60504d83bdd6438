#!/usr/bin/env bash
# Installs every Debian 12 package yigong needs to build, run, test and benchmark. Idempotent:
# packages already present are not fetched again. Needs root (or sudo) and Debian's registry.
set -euo pipefail

packages=(
  # toolchain
  cmake ninja-build g++ clang libclang-rt-14-dev clang-format python3 pkg-config
  # libraries (DESIGN.md §4)
  libboost-dev libsoci-dev libsodium-dev nlohmann-json3-dev libspdlog-dev libcli11-dev
  libexpected-dev libtomlplusplus-dev libsqlite3-dev libpq-dev libcsv-dev
  # tests and benchmarks
  libgtest-dev postgresql wrk curl
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
