-- 100 CloudEvents per request in HTTP batched mode (application/cloudevents-batch+json), each
-- a structured event with ~1 KiB of JSON data and a fresh id. Events/s = requests/s x 100.
-- Every response's status is counted by wrk; one body in SAMPLE_EVERY is read for its
-- failedEntryCount, so a run whose entries were refused cannot pass as fast.
--   wrk -t2 -c64 -d25s --latency -s batch.lua URL -- API_KEY RUN_TAG

local common = require "common"

local ENTRIES = 100
local SAMPLE_EVERY = 10

local tag
local headers
local data = common.json_data(1024)
local before_id = '{"specversion":"1.0","id":"'
local after_id = '","source":"/bench/wrk","type":"bench.ingest.batch","datacontenttype":"application/json","data":'
   .. data .. "}"
local parts = {}
local responses = 0

setup = common.setup

function init(args)
   local key
   key, tag = common.args(args)
   headers = {
      ["Host"] = wrk.headers["Host"],
      ["Authorization"] = "Bearer " .. key,
      ["Content-Type"] = "application/cloudevents-batch+json",
   }
   sampled, sampled_ok, sampled_failed_entries, sampled_unparsed = 0, 0, 0, 0
end

function request()
   parts[1] = "["
   local n = 1
   for i = 1, ENTRIES do
      if i > 1 then
         n = n + 1
         parts[n] = ","
      end
      parts[n + 1] = before_id
      parts[n + 2] = common.next_id(tag)
      parts[n + 3] = after_id
      n = n + 3
   end
   parts[n + 1] = "]"
   return wrk.format("POST", wrk.path, headers, table.concat(parts, "", 1, n + 1))
end

function response(status, response_headers, body)
   responses = responses + 1
   if responses % SAMPLE_EVERY ~= 0 then
      return
   end
   sampled = sampled + 1
   local failed = body and body:match('"failedEntryCount"%s*:%s*(%d+)')
   if failed == nil then
      sampled_unparsed = sampled_unparsed + 1
   elseif tonumber(failed) == 0 then
      sampled_ok = sampled_ok + 1
   else
      sampled_failed_entries = sampled_failed_entries + tonumber(failed)
   end
end

function done(summary, latency, requests)
   common.done(summary, latency, ENTRIES)
end
