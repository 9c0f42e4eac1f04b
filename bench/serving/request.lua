-- wrk script: POST a rotating set of JSON bodies, print the summary as one JSON line.
-- Usage: wrk -s request.lua URL -- BODIES_FILE [PACE_MS]   (one JSON body per line)
-- A line "GET /path?query" is a GET of that path on URL's host instead (e.g. movie pages).
-- With PACE_MS each connection waits a random 0..2*PACE_MS ms between requests (mean PACE_MS):
-- an offered load of about connections * 1000 / (PACE_MS + latency) requests/s, not saturation.
local bodies = {}
local pace_ms = 0
local next_index = 0
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("offset", thread_count * 7)
end

function init(args)
  local path = args[1]
  if path == nil then error("pass the bodies file: wrk ... -- BODIES_FILE") end
  for line in io.lines(path) do
    if #line > 0 then bodies[#bodies + 1] = line end
  end
  if #bodies == 0 then error("no request bodies in " .. path) end
  next_index = (offset or 0) % #bodies
  pace_ms = tonumber(args[2] or "0") or 0
  math.randomseed(offset or 1)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function delay()
  if pace_ms <= 0 then return 0 end
  return math.random(0, 2 * pace_ms)
end

function request()
  next_index = next_index % #bodies + 1
  local line = bodies[next_index]
  local path = line:match("^GET (%S+)$")
  if path then return wrk.format("GET", path) end
  return wrk.format(nil, nil, nil, line)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"mean":%.1f,"max":%d}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.max))
end
