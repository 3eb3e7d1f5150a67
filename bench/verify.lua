-- wrk: GET /auth/verify as a reverse proxy does, with the browser's session cookie (TOKEN).
wrk.method = "GET"
wrk.headers["Cookie"] = "latchkey_session=" .. os.getenv("TOKEN")
wrk.path = os.getenv("BENCH_PATH")
