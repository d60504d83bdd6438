#!/usr/bin/env bash
# Runs every test suite on a fresh Debian 12 machine: installs the packages, checks formatting
# and layering, builds (ci preset), and runs unit, storage (SQLite and a throw-away PostgreSQL),
# API and durability tests through CTest; the web UI's unit and browser tests; then repeats the
# build and tests under AddressSanitizer
# and UndefinedBehaviorSanitizer (clang), fuzzes each parser and the search query briefly, and
# runs the API and matching benchmarks' smoke.
# Set YIGONG_SKIP_SANITIZERS=1 for a quicker local run.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh --test
source tools/node.sh
ensure_node

echo "== format"
mapfile -t sources < <(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp')
clang-format --dry-run --Werror "${sources[@]}"

echo "== layering"
python3 tools/check_layering.py

echo "== web: unit tests and build"
(cd web && npm ci --no-audit --no-fund && npm test && npm run build)

run_suite() {
  local preset=$1
  echo "== build ($preset)"
  cmake --preset "$preset" >/dev/null
  cmake --build "build/$preset"
  echo "== tests ($preset)"
  tests/support/pg_cluster.sh ctest --test-dir "build/$preset" --output-on-failure -j 2 --timeout 600
}

run_suite ci
echo "== web: browser tests (Chromium against a real server)"
(cd web && YIGONG_BIN=build/ci/yigong npm run e2e)
if [ "${YIGONG_SKIP_SANITIZERS:-0}" != "1" ]; then
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  run_suite asan-ubsan
  echo "== fuzz smoke"
  work=$(mktemp -d)
  for target in record_json time csv_import match_query call_input; do
    mkdir -p "$work/$target"
    # New inputs go to the temporary folder; a crash leaves crash-* here to be saved as a case.
    build/asan-ubsan/tests/fuzz_$target -max_total_time="${YIGONG_FUZZ_SECONDS:-15}" \
      -print_final_stats=1 "$work/$target" "tests/fuzz/corpus/$target" 2>&1 | tail -n 3
  done
  rm -rf "$work"
fi

if [ -f bench/api/run.sh ]; then
  echo "== benchmark smoke"
  bash bench/api/run.sh --smoke --bin build/ci/yigong
fi
if [ -f bench/match/run.sh ]; then
  echo "== matching benchmark smoke"
  BENCH_BUILD="$PWD/build/ci" bash bench/match/run.sh --smoke
  BENCH_BUILD="$PWD/build/ci" bash bench/assign/run.sh --smoke
fi
echo "== all test suites passed"
