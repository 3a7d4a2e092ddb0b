-- One wrk script for every ./fanclub bench scenario, driven by the environment:
--   BENCH_METHOD   GET (default) or POST
--   BENCH_PATH     request path; {1}, {2}... are fields of a random line of BENCH_LINES
--   BENCH_BODY     request body, same placeholders (optional)
--   BENCH_HEADERS  "Name: value|Name: value", same placeholders (optional)
--   BENCH_LINES    tab-separated input lines: member ids, cookies, signed payloads (optional)
-- Every request is formatted once, in init(), one per input line: wrk shares the two cores with the
-- site, and templating each request as it is sent cost wrk more CPU for the scenarios with input
-- lines than for the bare endpoint, taking it from the site under test.
-- done() prints one BENCHJSON line that the benchmark parses (latencies in microseconds).
local method = os.getenv("BENCH_METHOD") or "GET"
local path_t = os.getenv("BENCH_PATH") or "/"
local body_t = os.getenv("BENCH_BODY")
if body_t == "" then body_t = nil end
local headers_t = {}
local requests = {}
local sequential = os.getenv("BENCH_SEQUENTIAL") == "1"
local next_line = 0
local step = tonumber(os.getenv("BENCH_THREADS") or "1")
local thread_count = 0

local function fill(t, f)
  if not t then return nil end
  return (t:gsub("{(%d)}", function(i) return f[tonumber(i)] or "" end))
end

function setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  -- Each wrk thread has its own Lua state: seed differently, start at a different line.
  local salt = tonumber(tostring({}):match("0x(%x+)") or "0", 16) or 0
  math.randomseed(os.time() + salt % 1000003)
  local spec = os.getenv("BENCH_HEADERS")
  if spec and spec ~= "" then
    for h in string.gmatch(spec, "[^|]+") do
      local n, v = h:match("^([^:]+):%s*(.*)$")
      headers_t[n] = v
    end
  end
  local lines = {}
  local file = os.getenv("BENCH_LINES")
  if file and file ~= "" then
    for l in io.lines(file) do
      local f = {}
      for x in string.gmatch(l, "[^\t]+") do f[#f + 1] = x end
      lines[#lines + 1] = f
    end
    next_line = tid or 0
  end
  if #lines == 0 then lines[1] = {} end
  for i, f in ipairs(lines) do
    -- The site runs as Production behind a TLS proxy on the same host, as deployed (docs/performance.md).
    local h = { ["X-Forwarded-Proto"] = "https" }
    for n, v in pairs(headers_t) do h[n] = fill(v, f) end
    requests[i] = wrk.format(method, fill(path_t, f), h, fill(body_t, f))
  end
end

function request()
  if sequential then
    -- Webhooks: each event once while they last (then Stripe-style redeliveries).
    local r = requests[next_line % #requests + 1]
    next_line = next_line + step
    return r
  end
  return requests[math.random(#requests)]
end

function done(summary, latency, requests)
  io.write(string.format(
    'BENCHJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
end
