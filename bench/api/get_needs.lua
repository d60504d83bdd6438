-- The authenticated list: GET /api/v1/needs?limit=20 with a signed-in session cookie.
-- wrk -s bench/api/get_needs.lua http://127.0.0.1:PORT -- SESSION_TOKEN
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")

function init(args)
  if not args[1] or args[1] == "" then error("usage: -- SESSION_TOKEN") end
  -- The request is built once here; wrk sends the same bytes every time (no per-request Lua).
  wrk.method = "GET"
  wrk.path = "/api/v1/needs?limit=20"
  wrk.headers["Cookie"] = "yg_session=" .. args[1]
  wrk.headers["Accept"] = "application/json"
end
