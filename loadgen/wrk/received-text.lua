-- wrk script: single-event Event Grid deliveries of AdvancedMessageReceived, each from a new customer, so that each
-- creates a conversation and gets a reply (in demo mode followed by the simulated channel's three statuses).
-- Usage: wrk -t2 -c32 -d30s -s loadgen/wrk/received-text.lua http://127.0.0.1:8080

local threads = {}
local counter = 0
local prefix = ""

function setup(thread)
  thread:set("prefix", tostring(#threads + 1) .. "-" .. tostring(os.time()))
  table.insert(threads, thread)
end

function init(args)
  counter = 0
end

function request()
  counter = counter + 1
  local n = prefix .. "-" .. counter
  local customer = "1555" .. string.gsub(n, "-", "")
  local body = '[{"id":"wrk-' .. n .. '","eventType":"Microsoft.Communication.AdvancedMessageReceived",'
    .. '"subject":"advancedMessage/sender/' .. customer .. '/recipient/channel-1","dataVersion":"1.0",'
    .. '"metadataVersion":"1","eventTime":"2026-12-04T12:00:00Z","data":{"content":"Thanks for the help ' .. n
    .. '","channelType":"whatsapp","from":"' .. customer .. '","to":"channel-1",'
    .. '"receivedTimestamp":"2026-12-04T12:00:00Z"}}]'
  return wrk.format("POST", "/api/events", {["Content-Type"] = "application/json",
    ["aeg-event-type"] = "Notification"}, body)
end

function done(summary, latency, requests)
  io.write(string.format("deliveries: %d in %.1f s = %.0f/s; non-2xx or errors: %d; latency p50 %.1f ms, p99 %.1f ms\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
