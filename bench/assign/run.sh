#!/usr/bin/env bash
# Reviewer-assignment benchmark: builds yigong_bench_assign in the release preset and prints one
# table (both LEMON solvers and a greedy baseline, measured in the same run).
# Usage: bench/assign/run.sh [--smoke] [PxR...]   (default sizes: 200x50 2000x500, 5 runs each;
#   --smoke runs 200x50 and 500x125 once each, as CI does)
# Extra flags for the driver go in BENCH_ARGS, e.g. BENCH_ARGS="--runs 9 --seed 7 --capacity 12";
# BENCH_BUILD names another configured build folder (CI's smoke uses build/ci).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BENCH_BUILD:-$root/build/release}
mode=default
sizes=()
for arg in "$@"; do
  case $arg in
    --smoke) mode=smoke ;;
    -h|--help) sed -n 2,7p "$0"; exit 0 ;;
    *x*) sizes+=(--size "$arg") ;;
    *) echo "run.sh: unknown argument $arg (sizes look like 2000x500)" >&2; exit 2 ;;
  esac
done
if [ -z "${BENCH_BUILD:-}" ] && [ ! -f "$build/build.ninja" ]; then
  (cd "$root" && cmake --preset release >/dev/null)
fi
cmake --build "$build" --target yigong_bench_assign -j2 >/dev/null
bin=$build/bench/assign/yigong_bench_assign
echo "bench/assign on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
if [ "$mode" = smoke ]; then
  # shellcheck disable=SC2086
  exec "$bin" --size 200x50 --size 500x125 --runs 1 ${BENCH_ARGS:-}
fi
# shellcheck disable=SC2086
exec "$bin" "${sizes[@]}" ${BENCH_ARGS:-}
