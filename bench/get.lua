-- wrk: GET with one extra header (BENCH_HEADER, "Name: value"), for --compare.
wrk.method = "GET"
local header = os.getenv("BENCH_HEADER") or ""
local name, value = header:match("^([^:]+):%s*(.*)$")
if name then wrk.headers[name] = value end
