"""Where a request's time goes: py-spy samples the server while `wrk` drives one endpoint.

    .venv/bin/python bench/profile.py --database latchkey_perf_profile --port 8148 \\
        --out bench/profiles/after

For each endpoint (`me` over GraphQL, /auth/verify, the bare routes) it writes
`<out>-<name>.txt`: the share of samples inside each stage of the request (inclusive), then
the functions that were on the CPU themselves (self time). Text, so the note can quote it;
`--svg` also keeps py-spy's flame graph. Runs on PostgreSQL (database recreated).
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import _fresh_postgres, seed, start_server, wrk  # noqa: E402

# (label, substring of a py-spy frame "function (file:line)"): the stages a request crosses.
STAGES = [
    ("uvicorn/httptools protocol", "httptools_impl.py"),
    ("middleware: request log", "request_log.py"),
    ("strawberry view (HTTP handling)", "strawberry/http/async_base_view.py"),
    ("graphql: parse", "graphql/language/parser.py"),
    ("graphql: validate", "graphql/validation/validate.py"),
    ("graphql: execute", "graphql/execution/execute.py"),
    ("session check (session_for_token)", "session_for_token"),
    ("  tortoise queryset (building and running the query)", "tortoise/queryset.py"),
    ("  pypika (writing the SQL)", "pypika_tortoise/"),
    ("  asyncpg", "asyncpg/"),
    ("  model from row (_init_from_db)", "_init_from_db"),
    ("logging (structlog)", "structlog/"),
    ("json encode/decode", "json/"),
]
ENDPOINTS = {
    "me": ("/graphql", "me.lua"),
    "verify": ("/auth/verify", "verify.lua"),
    "bare-session": ("/bench/session", "me.lua"),
    "asyncpg-bare": ("/bench/asyncpg-session", "me.lua"),
}


def summarise(raw: Path, title: str) -> str:
    """Inclusive share per stage and the top self-time frames of py-spy's raw output."""
    total = 0
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    for line in raw.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        count = int(count_text)
        frames = stack.split(";")
        total += count
        own[frames[-1]] += count
        for label, needle in STAGES:
            if any(needle in frame for frame in frames):
                inclusive[label] += count
    lines = [f"# {title}: {total} samples", "", "stage (inclusive share of samples)"]
    lines += [f"  {inclusive[label] / total:6.1%}  {label}" for label, _ in STAGES]
    lines += ["", "top frames by self time"]
    lines += [f"  {n / total:6.1%}  {frame}" for frame, n in own.most_common(25)]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="latchkey_profile")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--seconds", type=int, default=6)
    parser.add_argument("--out", type=Path, required=True, help="file prefix for summaries")
    parser.add_argument("--svg", action="store_true", help="also keep flame graphs")
    parser.add_argument("--only", nargs="*", default=list(ENDPOINTS))
    args = parser.parse_args()
    asyncio.run(_fresh_postgres(args.database))
    url = f"postgres://postgres@127.0.0.1:5432/{args.database}"
    _, tokens = asyncio.run(seed(url, 10, 100))
    folder = Path(tempfile.mkdtemp(prefix="latchkey-profile-"))
    server, base = start_server(url, folder, args.port)
    spy = str(Path(sys.executable).parent / "py-spy")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    try:
        for name in args.only:
            path, script = ENDPOINTS[name]
            raw = folder / f"{name}.raw"
            record = [spy, "record", "-p", str(server.pid), "-d", str(args.seconds), "-r", "500"]
            spying = threading.Thread(
                target=subprocess.run,
                args=([*record, "-f", "raw", "-o", str(raw)],),
                kwargs={"capture_output": True, "check": True},
            )
            spying.start()
            result = wrk(base, tokens[0], path, args.seconds, 16, script)
            spying.join()
            title = f"{name} ({path}): {result.rps:.0f} req/s under py-spy"
            summary = summarise(raw, title)
            Path(f"{args.out}-{name}.txt").write_text(summary)
            print(summary)
            if args.svg:
                subprocess.run(
                    [*record, "-f", "flamegraph", "-o", f"{args.out}-{name}.svg"],
                    capture_output=True,
                    check=True,
                )
    finally:
        server.terminate()


if __name__ == "__main__":
    main()
