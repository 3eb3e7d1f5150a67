-- wrk: POST the GraphQL `me` query with the next stored session token on every request
-- (TOKENS names a file with one token a line), so the server sees every session (figure 9).
local tokens = {}
for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end
local next_token = 0
request = function()
  next_token = next_token % #tokens + 1
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[next_token],
  }, '{"query":"{ me { email } }"}')
end
