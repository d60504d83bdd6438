#!/usr/bin/env bash
# Installs the Debian 12 packages yigong needs to build and run (with --test: also to test and
# benchmark). Idempotent: packages already present are not fetched again. Needs root (or sudo)
# and Debian's registry. The web UI needs Node.js >= 20.19 and npm: tools/node.sh (sourced by
# run.sh and test.sh) uses the machine's when new enough, else sets one up from Debian's npm.
set -euo pipefail

# What building and running need.
packages=(
  # toolchain
  cmake ninja-build g++ pkg-config python3
  # libraries (DESIGN.md §4)
  libboost-dev libsoci-dev libsodium-dev nlohmann-json3-dev libspdlog-dev libcli11-dev
  libexpected-dev libtomlplusplus-dev libsqlite3-dev libpq-dev libcsv-dev libpcg-cpp-dev
  # matching engine: search index, traditional → simplified, Unicode (DESIGN.md §6)
  libxapian-dev libopencc-dev libopencc-data libicu-dev
  # reviewer assignment: min-cost flow (src/match/assign.cpp; header-only use)
  liblemon-dev
  # XLSX exports (rankings, KPIs); the collaboration network's betweenness (src/portfolio)
  libxlsxwriter-dev libigraph-dev
)
# What the test suites add: sanitizers and fuzzing (clang), format check, PostgreSQL, a browser
# for the web UI's tests, wrk for the benchmark smoke.
if [ "${1:-}" = "--test" ]; then
  packages+=(clang libclang-rt-14-dev clang-format libgtest-dev postgresql chromium wrk curl
             python3-jsonschema python3-numpy
             # the dictionary-segmenter ablation of the relevance eval reads jieba's word list
             python3-jieba)
fi

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
