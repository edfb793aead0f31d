-- wrk script for bench/scenarios.ts: sends pre-signed, distinct raw HTTP requests read from the
-- file named by the environment variable WRK_REQUESTS (raw requests separated by NUL bytes), each
-- wrk thread taking every n-th one, and counts answers other than the expected status
-- (WRK_EXPECT, default 201). WRK_THREADS must equal wrk's -t. done() prints one `key value` line per figure for the caller.

local requests = {}
local next_index = 1
local failures = 0
local wrapped = 0
local expect = tonumber(os.getenv("WRK_EXPECT") or "201")
local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("thread_id", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(os.getenv("WRK_REQUESTS"), "rb"))
  local text = file:read("*a")
  file:close()
  local n = tonumber(os.getenv("WRK_THREADS") or "1")
  local id = thread_id or 0
  local i = 0
  for raw in string.gmatch(text, "([^%z]+)") do
    if i % n == id then table.insert(requests, raw) end
    i = i + 1
  end
end

function request()
  local raw = requests[next_index]
  next_index = next_index + 1
  if next_index > #requests then
    next_index = 1
    wrapped = wrapped + 1
  end
  return raw
end

function response(status, headers, body)
  if status ~= expect then failures = failures + 1 end
end

function done(summary, latency, requests)
  local failed, wraps = 0, 0
  for _, thread in ipairs(threads) do
    failed = failed + (thread:get("failures") or 0)
    wraps = wraps + (thread:get("wrapped") or 0)
  end
  io.write(string.format("requests %d\n", summary.requests))
  io.write(string.format("duration_us %d\n", summary.duration))
  io.write(string.format("failures %d\n", failed))
  io.write(string.format("socket_errors %d\n",
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  io.write(string.format("wrapped %d\n", wraps))
  io.write(string.format("p50_us %d\n", latency:percentile(50)))
  io.write(string.format("p99_us %d\n", latency:percentile(99)))
end
