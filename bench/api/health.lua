-- The baseline: GET /api/v1/health, no authentication.
-- wrk -s bench/api/health.lua http://127.0.0.1:PORT
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")

wrk.method = "GET"
wrk.path = "/api/v1/health"
