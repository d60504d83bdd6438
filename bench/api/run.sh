#!/usr/bin/env bash
# The API benchmark of yigong: wrk against a release server on a fresh demo database.
#
# Scenarios, each at 64 and 1000 concurrent connections (wrk, 2 threads):
#   health       GET /api/v1/health                  the baseline: no session, 72-byte body
#                                                    (it does run 2 SQL statements: schema version)
#   get_needs    GET /api/v1/needs?limit=20          session cookie, SQLite list, ~30 KB JSON
#   create_need  POST /api/v1/needs                  session + CSRF, JSON parse, SQLite write
# Prints one table: medians of --runs runs per cell (3; 1 with --smoke), errors summed over them,
# and each scenario's req/s as a ratio of the baseline's at the same connection count.
#
# Usage: bench/api/run.sh [--smoke] [--duration S] [--runs N] [--connections "64 1000"]
#                         [--threads N] [--workers N] [--io-threads N] [--db-pool N]
#                         [--log-level L] [--scenarios "health get_needs create_need"]
#                         [--status] [--timeout S] [--bin PATH] [--raw FILE]
#                         [--server-env NAME=VALUE]... [--db-sql FILE] [--demo-dir DIR]
#   --smoke        1 s per cell, 1 run: what CI runs (checks that everything works, not speed)
#   --workers      server handler threads (--workers); default: the server's (8)
#   --io-threads   io_threads in a generated --config TOML; default: the server's (1)
#   --db-pool      db_pool in the same TOML; default: the server's (8)
#   --log-level    YIGONG_LOG_LEVEL for the server (default info: one access line per request)
#   --status       count every HTTP status (wrk's response() hook; slows wrk a little)
#   --raw FILE     also write every run's parsed wrk line to FILE
#   --bin PATH     server binary (default build/release/yigong, built when missing)
#   --timeout S    wrk's request timeout (default 10): a slower response counts as a timeout error
#                  and is left out of wrk's latency histogram; such cells are marked "*"
#   --server-env NAME=VALUE   extra environment for the server only (what-if experiments,
#                  e.g. LD_PRELOAD of a shim); repeatable
#   --demo-dir DIR the demo data for init --demo (default data/demo; pass a matching copy when
#                  benchmarking a binary built from another revision)
#   --db-sql FILE  SQL run on the fresh database before the server starts (what-if experiments,
#                  e.g. dropping an index; needs the sqlite3 shell)
# Environment: WRK (default wrk). Exit status 1 when a run fails to produce numbers.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

duration=10
runs=3
connections="64 1000"
threads=2
workers=""
io_threads=""
db_pool=""
log_level="${YIGONG_LOG_LEVEL:-info}"
scenarios="health get_needs create_need"
status_hook=0
timeout=10
server_env=()
db_sql=""
demo_dir="$root/data/demo"
bin="$root/build/release/yigong"
raw_out=""
smoke=0

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) smoke=1; duration=1; runs=1 ;;
    --duration) duration="$2"; shift ;;
    --runs) runs="$2"; shift ;;
    --connections) connections="$2"; shift ;;
    --threads) threads="$2"; shift ;;
    --workers) workers="$2"; shift ;;
    --io-threads) io_threads="$2"; shift ;;
    --db-pool) db_pool="$2"; shift ;;
    --log-level) log_level="$2"; shift ;;
    --scenarios) scenarios="$2"; shift ;;
    --status) status_hook=1 ;;
    --timeout) timeout="$2"; shift ;;
    --bin) bin="$2"; shift ;;
    --raw) raw_out="$2"; shift ;;
    --server-env) server_env+=("$2"); shift ;;
    --db-sql) db_sql="$2"; shift ;;
    --demo-dir) demo_dir="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

WRK="${WRK:-wrk}"
command -v "$WRK" >/dev/null || { echo "run.sh: wrk not found (apt-get install -y wrk)" >&2; exit 2; }
command -v curl >/dev/null || { echo "run.sh: curl not found" >&2; exit 2; }

# --- the binary ---------------------------------------------------------------------------------
if [[ ! -x "$bin" ]]; then
  echo "run.sh: building $bin (release preset)" >&2
  (cd "$root" && cmake --preset release >/dev/null && cmake --build build/release --target yigong)
fi

# --- descriptors: 1000 connections on each side, plus the database and logs ------------------------
want_fds=$(( $(echo "$connections" | tr ' ' '\n' | sort -n | tail -1) * 2 + 256 ))
(( want_fds < 4096 )) && want_fds=4096
if (( $(ulimit -n) < want_fds )); then
  ulimit -n "$want_fds" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
fi
if (( $(ulimit -n) < want_fds )); then
  echo "run.sh: warning: ulimit -n is $(ulimit -n) (< $want_fds); expect socket errors" >&2
fi

# The server and wrk are local: no proxy may see these requests.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY

# --- temp dir, database, server, cleanup -------------------------------------------------------------
tmp="$(mktemp -d "${TMPDIR:-/tmp}/yigong-bench-api.XXXXXX")"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

db="sqlite:$tmp/y.db"
"$bin" init --db "$db" --demo --demo-dir "$demo_dir" --rubrics "$root/data/calls/rubrics" >"$tmp/init.log" 2>&1 || {
  echo "run.sh: init failed:" >&2; cat "$tmp/init.log" >&2; exit 1; }

if [[ -n "$db_sql" ]]; then
  sqlite3 "$tmp/y.db" <"$db_sql" || { echo "run.sh: --db-sql $db_sql failed" >&2; exit 1; }
fi

config_args=()
if [[ -n "$io_threads" || -n "$db_pool" ]]; then
  : >"$tmp/bench.toml"
  [[ -n "$io_threads" ]] && echo "io_threads = $io_threads" >>"$tmp/bench.toml"
  [[ -n "$db_pool" ]] && echo "db_pool = $db_pool" >>"$tmp/bench.toml"
  config_args=(--config "$tmp/bench.toml")
fi
worker_args=()
[[ -n "$workers" ]] && worker_args=(--workers "$workers")

# The access log (info level) goes to the server's standard output; it is kept in a file as a
# deployment would, not discarded.
env ${server_env[@]+"${server_env[@]}"} YIGONG_LOG_LEVEL="$log_level" "$bin" serve --db "$db" --rubrics "$root/data/calls/rubrics" --pathway "$root/data/pathway" --listen 127.0.0.1:0 --web-root "$tmp/no-web" \
  "${config_args[@]}" "${worker_args[@]}" >"$tmp/server.out" 2>"$tmp/server.err" &
server_pid=$!
port=""
for _ in $(seq 1 100); do
  port="$(sed -n 's|^yigong: serving on http://127\.0\.0\.1:\([0-9][0-9]*\).*|\1|p' "$tmp/server.out")"
  [[ -n "$port" ]] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [[ -z "$port" ]]; then
  echo "run.sh: the server did not start:" >&2
  cat "$tmp/server.out" "$tmp/server.err" >&2
  exit 1
fi
url="http://127.0.0.1:$port"
# Logged at info level only; otherwise the table names the settings this script passed.
server_threads="$(grep -o '([0-9]* io threads, [0-9]* workers)' "$tmp/server.out" | head -1 | tr -d '()' || true)"
if [[ -z "$server_threads" ]]; then
  server_threads="io threads ${io_threads:-default}, workers ${workers:-default}"
fi

# --- sign in -------------------------------------------------------------------------------------------
login_body='{"email":"clinician@sh.yigong.demo","password":"demo-clinician-2026"}'
curl -sS --fail -D "$tmp/login.headers" -o "$tmp/login.json" \
  -H 'Content-Type: application/json' --data "$login_body" "$url/api/v1/auth/login" || {
  echo "run.sh: sign-in failed" >&2; cat "$tmp/login.headers" "$tmp/login.json" >&2 2>/dev/null; exit 1; }
session="$(sed -n 's/^[Ss]et-[Cc]ookie: yg_session=\([0-9a-f]*\);.*/\1/p' "$tmp/login.headers" | head -1)"
csrf="$(sed -n 's/.*"csrf_token":"\([0-9a-f]*\)".*/\1/p' "$tmp/login.json")"
if [[ -z "$session" || -z "$csrf" ]]; then
  echo "run.sh: no session cookie or csrf_token in the sign-in response" >&2; exit 1
fi
# One request of each kind by hand first, so a broken scenario fails loudly instead of as errors.
check() {  # expected-status curl-args...
  local want="$1"; shift
  local got
  got="$(curl -sS -o /dev/null -w '%{http_code}' "$@")"
  if [[ "$got" != "$want" ]]; then echo "run.sh: $* answered $got, not $want" >&2; exit 1; fi
}
check 200 "$url/api/v1/health"
check 200 -H "Cookie: yg_session=$session" "$url/api/v1/needs?limit=20"
check 201 -H "Cookie: yg_session=$session" -H "X-CSRF-Token: $csrf" \
  -H 'Content-Type: application/json' \
  --data '{"title":"bench check","problem":"p","population":"q","outcome":"o","clinical_area":"cardiovascular","care_stage":"treatment","language":"zh-Hans","tier":"consortium"}' \
  "$url/api/v1/needs"

# --- runs ---------------------------------------------------------------------------------------------
script_of() {
  case "$1" in
    health) echo "$here/health.lua" ;;
    get_needs) echo "$here/get_needs.lua" ;;
    create_need) echo "$here/create_need.lua" ;;
    *) echo "run.sh: unknown scenario $1" >&2; exit 2 ;;
  esac
}
args_of() {  # scenario run-number
  case "$1" in
    health) ;;
    get_needs) echo "$session" ;;
    create_need) echo "$session $csrf $$-$2" ;;
  esac
}

results="$tmp/results"   # scenario conns run rps p50_us p99_us errors timeouts
: >"$results"
[[ -n "$raw_out" ]] && : >"$raw_out"
export YG_BENCH_STATUS="$status_hook"
total=$(( $(wc -w <<<"$scenarios") * $(wc -w <<<"$connections") * runs ))
n=0
# Scenario by scenario, so the writes of create_need never change the list that get_needs reads.
for scenario in $scenarios; do
  script="$(script_of "$scenario")"
  for conns in $connections; do
    for run in $(seq 1 "$runs"); do
      n=$((n + 1))
      printf 'run.sh: [%d/%d] %s, %s connections, run %d (%ss)\n' "$n" "$total" "$scenario" \
        "$conns" "$run" "$duration" >&2
      # shellcheck disable=SC2046
      out="$("$WRK" -t "$threads" -c "$conns" -d "${duration}s" --timeout "${timeout}s" \
        -s "$script" "$url" -- $(args_of "$scenario" "$run") 2>&1)" || {
        echo "run.sh: wrk failed:" >&2; echo "$out" >&2; exit 1; }
      line="$(grep '^YGBENCH ' <<<"$out" | tail -1)"
      if [[ -z "$line" ]]; then echo "run.sh: no YGBENCH line from wrk:" >&2; echo "$out" >&2; exit 1; fi
      [[ -n "$raw_out" ]] && { echo "scenario=$scenario conns=$conns run=$run ${line#YGBENCH }";
                               grep '^YGBENCH_STATUS ' <<<"$out" | sed "s/^/  /" || true; } >>"$raw_out"
      awk -v s="$scenario" -v c="$conns" -v r="$run" '{
          for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
          # Socket errors, plus non-2xx responses: exact with --status, else wrk'"'"'s >= 400 count.
          http = v["non2xx"] >= 0 ? v["non2xx"] : v["status"]
          err = v["connect"] + v["read"] + v["write"] + v["timeout"] + http
          printf "%s %s %s %s %s %s %d %d\n", s, c, r, v["rps"], v["p50_us"], v["p99_us"], err, v["timeout"]
        }' <<<"$line" >>"$results"
      sleep 1  # let TIME_WAIT and the server's queues settle between runs
    done
  done
done

# --- the table ------------------------------------------------------------------------------------------
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo
echo "yigong API benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($cpu), $(uname -r)"
echo "server: $(basename "$bin") serve, ${server_threads:-default threads}, log level $log_level," \
  "SQLite (WAL) on $(df -P "$tmp" | awk 'NR==2 {print $1}'); wrk ${threads} threads, ${duration}s per run," \
  "timeout ${timeout}s; wrk and the server share the machine"
if [[ ${#server_env[@]} -gt 0 || -n "$db_sql" ]]; then
  echo "what-if: server environment: ${server_env[*]:-none}; database SQL: ${db_sql:-none}"
fi
echo "cells: median of $runs run(s); errors: socket errors + non-2xx, summed over the runs;" \
  "vs baseline: req/s / req/s of GET /api/v1/health (baseline) at the same connections"
echo
awk -v runs="$runs" -v timeout="$timeout" -v scen_order="$scenarios" -v conn_order="$connections" '
  function median(list,    a, n, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  {
    k = $1 SUBSEP $2
    rps[k] = rps[k] " " $4; p50[k] = p50[k] " " $5; p99[k] = p99[k] " " $6; err[k] += $7; tmo[k] += $8
  }
  END {
    label["health"] = "GET /api/v1/health (baseline)"
    label["get_needs"] = "GET /api/v1/needs?limit=20"
    label["create_need"] = "POST /api/v1/needs"
    printf "| %-30s | %11s | %9s | %8s | %8s | %6s | %11s |\n", "scenario", "connections", "req/s",
      "p50 ms", "p99 ms", "errors", "vs baseline"
    printf "|%s|%s|%s|%s|%s|%s|%s|\n", "--------------------------------", "------------:",
      "----------:", "---------:", "---------:", "-------:", "------------:"
    ns = split(scen_order, S, " "); nc = split(conn_order, C, " ")
    for (i = 1; i <= ns; i++) for (j = 1; j <= nc; j++) {
      k = S[i] SUBSEP C[j]
      if (!(k in rps)) continue
      r = median(rps[k]); b = ("health" SUBSEP C[j]) in rps ? median(rps["health" SUBSEP C[j]]) : 0
      vs = S[i] == "health" ? "1.00" : (b > 0 ? sprintf("%.2f", r / b) : "n/a")
      mark = tmo[k] > 0 ? "*" : " "; if (tmo[k] > 0) marked = 1
      printf "| %-30s | %11s | %9.0f | %7.2f%s | %7.2f%s | %6d | %11s |\n", (S[i] in label ? label[S[i]] : S[i]),
        C[j], r, median(p50[k]) / 1000, mark, median(p99[k]) / 1000, mark, err[k], vs
    }
    if (marked) printf "\n* wrk timed out requests (> %s s); its latency histogram leaves them out, so these\n  percentiles are too low: the true p99 is above the timeout.\n", timeout
  }' "$results"
if [[ "$smoke" == 1 ]]; then echo; echo "(smoke: 1 s per cell, 1 run; not a measurement)"; fi
