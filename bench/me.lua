-- wrk: POST the GraphQL `me` query with a session token (set TOKEN and PATH in the env).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.body = '{"query":"{ me { email } }"}'
local path = os.getenv("BENCH_PATH")
if path then
  wrk.path = path
  if path ~= "/graphql" then wrk.method = "GET"; wrk.body = nil end
end
