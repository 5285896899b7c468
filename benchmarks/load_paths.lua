-- wrk script for benchmarks/load.py: GETs the paths given after `--` in turn (each thread starts
-- at a different one) and prints one JSON line of results when the run ends.
-- Responses other than 2xx count as errors (wrk itself only counts 4xx and 5xx).

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = args
  position = math.random(#paths)
  bad = 0
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local not_2xx = 0
  for _, thread in ipairs(threads) do
    not_2xx = not_2xx + thread:get("bad")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "not_2xx": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99),
    latency.max, not_2xx, e.connect, e.read, e.write, e.timeout))
end
