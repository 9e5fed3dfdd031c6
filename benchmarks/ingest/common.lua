-- Shared by binary.lua and batch.lua (the runner starts wrk from this directory, so
-- `require "common"` finds it). Each wrk thread has its own Lua state: `setup` numbers the
-- threads, `done` gathers their counters and prints one machine-readable RESULT line that
-- run.sh reads; wrk's own --latency report is printed above it for people.

local common = {}

local threads = {}
local counter = 0

-- Called once per thread, in the main state, before the thread's `init`.
function common.setup(thread)
   thread:set("thread_number", #threads + 1)
   table.insert(threads, thread)
end

-- The script arguments after `--`: the API key and a tag unique to this wrk run, so every
-- run (warm-ups included) posts ids no earlier run used.
function common.args(args)
   local key, tag = args[1], args[2]
   if key == nil or tag == nil then
      error("usage: wrk ... -s SCRIPT URL -- API_KEY RUN_TAG")
   end
   return key, tag
end

-- A fresh id per request: run tag, thread number, per-thread counter.
function common.next_id(tag)
   counter = counter + 1
   return tag .. "-" .. thread_number .. "-" .. counter
end

-- A JSON object of exactly `size` bytes, to stand for an event's data.
function common.json_data(size)
   local head = '{"order":"bench","note":"'
   local tail = '"}'
   return head .. string.rep("x", size - #head - #tail) .. tail
end

local function sum(name)
   local total = 0
   for _, thread in ipairs(threads) do
      total = total + (thread:get(name) or 0)
   end
   return total
end

function common.done(summary, latency, events_per_request)
   local seconds = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      "RESULT requests=%d seconds=%.3f rps=%.1f events_per_s=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d "
         .. "non2xx=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d "
         .. "sampled=%d sampled_ok=%d sampled_failed_entries=%d sampled_unparsed=%d\n",
      summary.requests, seconds, summary.requests / seconds,
      summary.requests * events_per_request / seconds,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      e.status, e.connect, e.read, e.write, e.timeout,
      sum("sampled"), sum("sampled_ok"), sum("sampled_failed_entries"), sum("sampled_unparsed")))
end

return common
