-- wrk script: the Event Grid validation handshake OPTIONS /api/events, the server's cheapest real request.
function request()
  return wrk.format("OPTIONS", "/api/events", {["WebHook-Request-Origin"] = "eventgrid.azure.net"})
end
