-- Shared by the wrk scripts of bench/api: per-thread bookkeeping and the done() report.
--
-- done() prints one machine-readable line that run.sh parses:
--   YGBENCH requests=N duration_us=N rps=X p50_us=N p90_us=N p99_us=N max_us=N
--           connect=N read=N write=N timeout=N status=N non2xx=N
-- (latencies in microseconds; connect/read/write/timeout are socket errors; status is wrk's
-- count of HTTP status >= 400; non2xx is the exact count of responses outside 200-299 when
-- YG_BENCH_STATUS=1 and -1 otherwise) and, with YG_BENCH_STATUS=1, one line per status code:
--   YGBENCH_STATUS code=200 count=N
-- Counting every status needs wrk's response() hook, which makes wrk hand each response to Lua
-- (headers and body), so it is off by default: wrk shares the CPU with the server.

local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
  table.insert(threads, thread)
end

if os.getenv("YG_BENCH_STATUS") == "1" then
  statuses = {}
  function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local counted = {}
  local non2xx = -1
  if os.getenv("YG_BENCH_STATUS") == "1" then
    non2xx = 0
    for _, t in ipairs(threads) do
      local s = t:get("statuses") or {}
      for code, n in pairs(s) do
        counted[code] = (counted[code] or 0) + n
        if code < 200 or code > 299 then non2xx = non2xx + n end
      end
    end
  end
  local secs = summary.duration / 1e6
  io.write(string.format(
    "YGBENCH requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "connect=%d read=%d write=%d timeout=%d status=%d non2xx=%d\n",
    summary.requests, summary.duration, summary.requests / secs,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.timeout, e.status, non2xx))
  for code, n in pairs(counted) do
    io.write(string.format("YGBENCH_STATUS code=%d count=%d\n", code, n))
  end
end
