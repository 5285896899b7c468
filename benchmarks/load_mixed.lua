-- wrk script for the mixed run of benchmarks/load.py. Arguments after `--`: the challenge path,
-- the submission path, N, a run id, then the paths to GET in turn. Every N-th request fetches a
-- submission challenge; the next request of that thread posts a submission with it (JSON API).
-- At the end it prints one JSON line of results and writes the references of every accepted
-- (2xx) submission to the file named by the environment variable WRK_REFS_FILE.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  challenge_path, submit_path, every, run = args[1], args[2], tonumber(args[3]), args[4]
  paths = {}
  for i = 5, #args do
    table.insert(paths, args[i])
  end
  position = math.random(#paths)
  n, bad, challenges, posted, accepted, refs, tokens = 0, 0, 0, 0, 0, "", {}
end

local BODY = '{"kind": "practice", "municipality_name": "Kempen", "country": "DE", ' ..
  '"title": "Load test %s t%d-%d", "summary": "A welcome cafe for newcomers, posted by the load benchmark.", ' ..
  '"submitter_name": "Load Benchmark", "email": "load-benchmark@example.org", "consent": true, ' ..
  '"challenge": "%s"}'

function request()
  n = n + 1
  if #tokens > 0 then
    posted = posted + 1
    local body = string.format(BODY, run, id, posted, table.remove(tokens, 1))
    return wrk.format("POST", submit_path, {["Content-Type"] = "application/json"}, body)
  end
  if n % every == 0 then
    challenges = challenges + 1
    return wrk.format("GET", challenge_path)
  end
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end

function response(status, headers, body)
  local ok = status >= 200 and status <= 299
  if not ok then
    bad = bad + 1
  end
  if #body > 2000 then
    return
  end
  local token = body:match('"challenge"%s*:%s*"([^"]+)"')
  if token and ok then
    table.insert(tokens, token)
    return
  end
  local ref = body:match('"reference"%s*:%s*"([^"]+)"')
  if ref and ok then
    accepted = accepted + 1
    refs = refs .. ref .. "\n"
  end
end

function done(summary, latency, requests)
  local totals = {bad = 0, challenges = 0, posted = 0, accepted = 0}
  local out = io.open(os.getenv("WRK_REFS_FILE"), "w")
  for _, thread in ipairs(threads) do
    for key, _ in pairs(totals) do
      totals[key] = totals[key] + thread:get(key)
    end
    out:write(thread:get("refs"))
  end
  out:close()
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "not_2xx": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d, ' ..
    '"challenges": %d, "posted": %d, "accepted": %d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99),
    latency.max, totals.bad, e.connect, e.read, e.write, e.timeout, totals.challenges, totals.posted,
    totals.accepted))
end
