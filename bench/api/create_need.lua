-- Creating needs: POST /api/v1/needs with the session cookie and the CSRF header; every request
-- has a unique title (run nonce, wrk thread, counter).
-- wrk -s bench/api/create_need.lua http://127.0.0.1:PORT -- SESSION_TOKEN CSRF_TOKEN [NONCE]
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")

local headers = {}
local nonce = "0"
local counter = 0

function init(args)
  if not args[1] or not args[2] then error("usage: -- SESSION_TOKEN CSRF_TOKEN [NONCE]") end
  headers["Cookie"] = "yg_session=" .. args[1]
  headers["X-CSRF-Token"] = args[2]
  headers["Content-Type"] = "application/json"
  headers["Accept"] = "application/json"
  nonce = args[3] or tostring(os.time())
end

local body_format = '{"title":"bench need %s-%d-%d",' ..
  '"problem":"基准测试：导管相关血流感染发生率高，现有护理流程依从性不足。",' ..
  '"population":"ICU 中心静脉置管患者，每年约 3000 例。",' ..
  '"outcome":"CLABSI 发生率相对降低 30%%，护理时间不增加。",' ..
  '"clinical_area":"cardiovascular","care_stage":"treatment",' ..
  '"language":"zh-Hans","tier":"consortium"}'

function request()
  counter = counter + 1
  -- thread_id is set by setup() in common.lua.
  local body = string.format(body_format, nonce, thread_id or 0, counter)
  return wrk.format("POST", "/api/v1/needs", headers, body)
end
