-- One CloudEvent per request in HTTP binary mode: ce- headers, 1 KiB of JSON data as the body,
-- a fresh ce-id each time. The same requests go to the Signalbox node and the bare server.
--   wrk -t2 -c64 -d25s --latency -s binary.lua URL -- API_KEY RUN_TAG

local common = require "common"

local tag
local headers
local body = common.json_data(1024)

setup = common.setup

function init(args)
   local key
   key, tag = common.args(args)
   headers = {
      ["Host"] = wrk.headers["Host"],
      ["Authorization"] = "Bearer " .. key,
      ["Content-Type"] = "application/json",
      ["ce-specversion"] = "1.0",
      ["ce-source"] = "/bench/wrk",
      ["ce-type"] = "bench.ingest.binary",
   }
end

function request()
   headers["ce-id"] = common.next_id(tag)
   return wrk.format("POST", wrk.path, headers, body)
end

function done(summary, latency, requests)
   common.done(summary, latency, 1)
end
