-- wrk script for examples/api/load.sh: POSTs the JSON body in the file named by the
-- environment variable JARING_BODY, and prints requests/s, p50, p99 and decisions/s
-- (JARING_RECORDS records per request).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local file = assert(io.open(os.getenv("JARING_BODY"), "rb"))
wrk.body = file:read("*a")
file:close()

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local rps = summary.requests / seconds
  local records = tonumber(os.getenv("JARING_RECORDS") or "1")
  local e = summary.errors
  io.write(string.format("RESULT requests/s %.1f  p50 %.2f ms  p99 %.2f ms  decisions/s %.0f  requests %d  errors %d\n",
    rps, latency:percentile(50) / 1000, latency:percentile(99) / 1000, rps * records, summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout))
end
