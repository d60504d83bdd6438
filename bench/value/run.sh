#!/usr/bin/env bash
# PSA of Sick-Sicker (4 states, 75 cycles, 4 strategies) with N draws: yigong (1 and 2 threads)
# vs a vectorised numpy implementation, median of R runs each, measured in the same run.
# Usage: bench/value/run.sh [DRAWS=10000] [RUNS=5]   (PYTHON: interpreter with numpy, default
# /usr/bin/python3 for Debian's python3-numpy)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
draws=${1:-10000}
runs=${2:-5}
build=${YIGONG_VALUE_BUILD:-$root/build/value-bench}
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" --target yigong_value >/dev/null
bin=$build/bench_value_psa
g++ -std=c++20 -O2 -DNDEBUG -I"$root/src" "$root/bench/value/psa_bench.cpp" \
  "$build/src/value/libyigong_value.a" "$build/src/core/libyigong_core.a" -pthread -o "$bin"
spec=$root/tests/value/psa/sick_sicker_psa.json
y1=$("$bin" "$spec" "$draws" "$runs" 1)
y2=$("$bin" "$spec" "$draws" "$runs" 2)
np=$("${PYTHON:-/usr/bin/python3}" "$root/bench/value/sick_sicker_numpy.py" "$draws" "$runs")
np_ms=$(echo "$np" | awk '{print $3}')
echo "Sick-Sicker PSA: $draws draws x 4 strategies x 75 cycles, median of $runs runs ($(nproc) cores; build: $build)"
printf '%-8s %8s %12s %14s %12s %10s\n' engine threads median_ms "mean_cost_SoC" mean_qaly_SoC vs_numpy
for line in "$y1" "$y2" "$np"; do
  echo "$line" | awk -v np="$np_ms" '{printf "%-8s %8s %12s %14s %12s %9.2fx\n", $1, $2, $3, $4, $5, np / $3}'
done
