#!/usr/bin/env bash
# Matching benchmark: builds yigong_bench_match in the release preset and prints one table per
# corpus size (yigong and Xapian's default pipeline measured in the same run).
# Usage: bench/match/run.sh [--smoke | --full] [SIZES...]   (default sizes: 10000 100000;
#   --full adds 1000000; --smoke runs 2000 docs x 1000 queries, as CI does)
# Extra flags for the driver go in BENCH_ARGS, e.g. BENCH_ARGS="--queries 2000 --seed 7";
# BENCH_BUILD names another configured build folder (CI's smoke uses build/ci).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BENCH_BUILD:-$root/build/release}
mode=default
sizes=()
for arg in "$@"; do
  case $arg in
    --smoke) mode=smoke ;;
    --full) mode=full ;;
    -h|--help) sed -n 2,6p "$0"; exit 0 ;;
    *) sizes+=("$arg") ;;
  esac
done
if [ -z "${BENCH_BUILD:-}" ] && [ ! -f "$build/build.ninja" ]; then
  (cd "$root" && cmake --preset release >/dev/null)
fi
cmake --build "$build" --target yigong_bench_match -j2 >/dev/null
bin=$build/bench/match/yigong_bench_match
cd "$root"  # the driver reads data/bridge
echo "bench/match on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
if [ "$mode" = smoke ]; then
  exec "$bin" --docs 2000 --queries 1000 --detail-queries 200 --warmup 100 ${BENCH_ARGS:-}
fi
if [ ${#sizes[@]} -eq 0 ]; then
  sizes=(10000 100000)
  [ "$mode" = full ] && sizes+=(1000000)
fi
header=
for n in "${sizes[@]}"; do
  # shellcheck disable=SC2086
  "$bin" --docs "$n" $header ${BENCH_ARGS:-}
  header=--no-header
done
