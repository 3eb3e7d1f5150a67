"""Latchkey benchmark: starts the service, drives it over HTTP, prints one table (issues 9, 20).

    .venv/bin/python bench/run.py --seconds 6   # PostgreSQL (database latchkey_bench, recreated)
    .venv/bin/python bench/run.py --sqlite      # SQLite file in a temporary folder
    .venv/bin/python bench/run.py --compare http://127.0.0.1:8000/_allauth/browser/v1/auth/session \
        --compare-header "Cookie: sessionid=..."  # another service's session check, same wrk

Every figure comes from the same run, so compare ratios, not absolute numbers, across machines.
The server runs under uvicorn (uvloop, httptools) with the configured argon2id parameters,
pinned to CPU 0; `wrk` and the asyncio login client run pinned to the other CPUs, so the load
generator never competes with the server (on a machine with 2+ cores; the output says so).
The raw argon2id figure runs on the server's CPU with the server's hashing threads' priority.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import os
import random
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import argon2
import asyncpg
import httpx
import pyotp
from tortoise import Tortoise

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backend.db import tortoise_config  # noqa: E402
from backend.migrate import apply_migrations  # noqa: E402
from backend.models import Authenticator, OAuthClient, Session, User  # noqa: E402
from backend.services.passwords import lower_hashing_priority  # noqa: E402
from backend.services.secret_box import SecretBox  # noqa: E402
from backend.services.tokens import hash_token  # noqa: E402

PASSWORD = "benchmark horse battery staple"
SECRET_KEY = "benchmark-secret-key-" + "x" * 32
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
LOGIN = """mutation($e: String!, $p: String!) { login(email: $e, password: $p) {
  __typename ... on CodeRequired { loginToken } } }"""
# I4: a first-party confidential client, so /authorize answers with a code at once.
CLIENT_ID = "bench-client"
CLIENT_SECRET = "bench-client-secret-" + "y" * 32
CALLBACK = "https://app.example/callback"
VERIFY = """mutation($t: String!, $c: String!) { verifyLoginCode(loginToken: $t, code: $c) {
  __typename } }"""


@dataclass
class Account:
    email: str
    totp: pyotp.TOTP


# The server on CPU 0, load generators on the rest (when there is a rest).
CPUS = os.cpu_count() or 1
SERVER_CPUS = "0" if CPUS > 1 else ""
GENERATOR_CPUS = f"1-{CPUS - 1}" if CPUS > 1 else ""
# Issue 20's starting point: `me` req/s measured on this machine before the work on it.
ME_BEFORE = 515


def pinned(command: list[str], cpus: str) -> list[str]:
    return ["taskset", "-c", cpus, *command] if cpus else command


def load() -> str:
    return "load " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def argon2_verifications_per_second(seconds: float) -> float:
    """Figure 1: the ceiling of the password step: as many threads as the server's hashing
    pool, on the server's CPU, at its priority and default parameters."""
    hasher = argon2.PasswordHasher()
    stored = hasher.hash(PASSWORD)
    done = [0] * CPUS
    deadline = time.monotonic() + seconds

    def work(slot: int) -> None:
        if SERVER_CPUS:
            os.sched_setaffinity(0, {int(SERVER_CPUS)})
        lower_hashing_priority()
        while time.monotonic() < deadline:
            hasher.verify(stored, PASSWORD)
            done[slot] += 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(done))]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.monotonic() - started)


async def _fresh_postgres(name: str) -> None:
    admin = await asyncpg.connect(PG_ADMIN)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


async def seed(url: str, users: int, sessions: int) -> tuple[list[Account], list[str]]:
    """Users with the app factor on (known TOTP secrets) and ready-made sessions."""
    await Tortoise.init(config=tortoise_config(url))
    await apply_migrations()
    password_hash = argon2.PasswordHasher().hash(PASSWORD)  # the configured (default) cost
    box = SecretBox(SECRET_KEY)
    now = datetime.now(UTC)
    accounts, rows = [], []
    for n in range(users):
        secret = pyotp.random_base32()
        accounts.append(Account(f"bench{n}@example.com", pyotp.TOTP(secret)))
        rows.append(
            User(
                email=f"bench{n}@example.com",
                password_hash=password_hash,
                security_question="Bench?",
                security_answer_hash=password_hash,
                email_verified_at=now,
                created_at=now,
            )
        )
    await User.bulk_create(rows, batch_size=1000)
    first = await User.get(email="bench0@example.com")
    await Authenticator.bulk_create(  # the app alone (issue 16: factors are authenticators)
        [
            Authenticator(
                user_id=first.id + n, kind="app", data=box.seal(account.totp.secret), created_at=now
            )
            for n, account in enumerate(accounts)
        ],
        batch_size=1000,
    )
    tokens = [secrets.token_urlsafe(32) for _ in range(sessions)]
    await Session.bulk_create(
        [
            Session(
                token_hash=hash_token(token),
                user_id=first.id + n % users,
                created_at=now,
                last_seen_at=now,
                expires_at=now + timedelta(hours=12),
                second_factor_at=now,
            )
            for n, token in enumerate(tokens)
        ],
        batch_size=5000,
    )
    await OAuthClient.create(
        client_id=CLIENT_ID,
        name="Benchmark",
        secret_hash=hash_token(CLIENT_SECRET),
        redirect_uris=[CALLBACK],
        first_party=True,
        created_at=now,
    )
    await Tortoise.close_connections()
    return accounts, tokens


async def code_redemptions(base: str, tokens: list[str], seconds: int, concurrency: int) -> float:
    """I4: authorization codes redeemed per second at /token (client_secret_basic, PKCE).

    Codes are first issued by /authorize for signed-in sessions (for at most `seconds`,
    well inside their 60 s life), then redeemed by `concurrency` clients at once; only the
    redemptions are timed.
    """
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    query = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": CALLBACK,
        "scope": "openid email",
        "code_challenge": challenge.rstrip(b"=").decode(),
        "code_challenge_method": "S256",
    }
    codes: list[str] = []
    deadline = time.monotonic() + seconds

    async def issue(token: str) -> None:
        async with httpx.AsyncClient(base_url=base, cookies={"latchkey_session": token}) as http:
            while time.monotonic() < deadline:
                answer = await http.get("/authorize", params=query)
                codes.append(parse_qs(urlsplit(answer.headers["location"]).query)["code"][0])

    await asyncio.gather(*(issue(token) for token in tokens[:concurrency]))
    pending = list(codes)
    redeemed = 0

    async def redeem() -> None:
        nonlocal redeemed
        async with httpx.AsyncClient(base_url=base, auth=(CLIENT_ID, CLIENT_SECRET)) as http:
            while pending:
                form = {
                    "grant_type": "authorization_code",
                    "code": pending.pop(),
                    "redirect_uri": CALLBACK,
                    "code_verifier": verifier,
                }
                if (await http.post("/token", data=form)).status_code == 200:
                    redeemed += 1

    started = time.monotonic()
    await asyncio.gather(*(redeem() for _ in range(concurrency)))
    return redeemed / (time.monotonic() - started)


def start_server(
    url: str, folder: Path, port: int, cpus: str = SERVER_CPUS
) -> tuple[subprocess.Popen[bytes], str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "LATCHKEY_DATABASE_URL": url,
        "LATCHKEY_SECRET_KEY": SECRET_KEY,
        "LATCHKEY_CAPTCHA": "off",
        "LATCHKEY_TRUSTED_PROXIES": "127.0.0.1",  # the client sends one address per login
        "LATCHKEY_SESSION_IDLE_MINUTES": "600",
        "LATCHKEY_LOG_FORMAT": "json",  # as in production
    }
    log = (folder / f"server-{port}.log").open("w")
    process = subprocess.Popen(
        pinned([
            sys.executable, "-m", "uvicorn", "bench.app:create", "--factory",
            "--port", str(port), "--loop", "uvloop", "--http", "httptools",
            "--no-access-log", "--log-level", "warning",
        ], cpus),
        cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            if httpx.get(f"{base}/login", timeout=1).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"server did not start; see {log.name}")


def rss_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"VmRSS:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else 0.0


@dataclass
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(
    base: str,
    token: str,
    path: str,
    seconds: int,
    connections: int,
    script: str = "me.lua",
    header: str = "",
) -> WrkResult:
    env = {**os.environ, "TOKEN": token, "BENCH_PATH": path, "BENCH_HEADER": header}
    out = subprocess.run(
        pinned(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency",
         "-s", str(ROOT / "bench" / script), base + path], GENERATOR_CPUS),
        capture_output=True, text=True, env=env, check=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    if "Non-2xx" in out:
        raise SystemExit(f"wrk saw errors:\n{out}")
    return WrkResult(rps, p50, p99)


async def login_storm(
    bases: list[str], accounts: list[Account], seconds: float, concurrency: int
) -> float:
    """Figure 2: full logins (password, then app code) per second through /graphql."""
    pool = list(accounts)
    random.shuffle(pool)
    done = 0
    deadline = time.monotonic() + seconds

    async def worker(http: httpx.AsyncClient, base: str) -> None:
        nonlocal done
        while time.monotonic() < deadline and pool:
            account = pool.pop()
            octets = (random.randrange(256), random.randrange(256), random.randrange(1, 255))
            headers = {"X-Forwarded-For": "10.{}.{}.{}".format(*octets)}
            started = await http.post(
                f"{base}/graphql",
                json={"query": LOGIN, "variables": {"e": account.email, "p": PASSWORD}},
                headers=headers,
            )
            answer = started.json()["data"]["login"]
            if answer["__typename"] != "CodeRequired":
                # O4: TryAgainLater when the password queue is full; retry as a person would.
                pool.append(account)
                await asyncio.sleep(0.5)
                continue
            token = answer["loginToken"]
            finished = await http.post(
                f"{base}/graphql",
                json={"query": VERIFY, "variables": {"t": token, "c": account.totp.now()}},
                headers=headers,
            )
            if finished.json()["data"]["verifyLoginCode"]["__typename"] == "LoginSuccess":
                done += 1

    began = time.monotonic()
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        await asyncio.gather(*(worker(http, bases[n % len(bases)]) for n in range(concurrency)))
    return done / (time.monotonic() - began)


def during_login_storm(
    base: str,
    accounts: list[Account],
    args: argparse.Namespace,
    measure: Callable[[], WrkResult],
) -> WrkResult:
    """`measure` while full logins hammer the same server (figures 4 and 7)."""
    storm = threading.Thread(
        target=lambda: asyncio.run(
            login_storm([base], accounts, args.seconds + 2, args.concurrency)
        )
    )
    storm.start()
    time.sleep(1)
    result = measure()
    storm.join()
    return result


def best_of_alternating(
    runs: int, measures: dict[str, Callable[[], WrkResult]]
) -> dict[str, WrkResult]:
    """Each measurement `runs` times, interleaved so none gets the quieter moment of a shared
    machine; the best run of each."""
    results: dict[str, list[WrkResult]] = {name: [] for name in measures}
    for _ in range(runs):
        for name, measure in measures.items():
            results[name].append(measure())
    return {name: max(found, key=lambda r: r.rps) for name, found in results.items()}


def sessions_pass(base: str, tokens: list[str], folder: Path, seconds: int) -> int:
    """Figure 9's traffic: `me` with a different stored session on every request."""
    token_file = folder / "tokens.txt"
    token_file.write_text("\n".join(tokens))
    env = {**os.environ, "TOKENS": str(token_file)}
    out = subprocess.run(
        pinned(["wrk", "-t1", "-c16", f"-d{seconds}s", "-s", str(ROOT / "bench" / "tokens.lua"),
                base + "/graphql"], GENERATOR_CPUS),
        capture_output=True, text=True, env=env, check=True,
    ).stdout  # fmt: skip
    return int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--seconds", type=int, default=6, help="length of each measurement")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent logins")
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument(
        "--database", default="latchkey_bench", help="PostgreSQL database (dropped, recreated)"
    )
    parser.add_argument("--port", type=int, default=8000, help="first of the two ports used")
    parser.add_argument("--compare", metavar="URL", help="another service's session endpoint")
    parser.add_argument(
        "--compare-header", default="", help='sent with --compare, e.g. "Cookie: sessionid=..."'
    )
    parser.add_argument("--oidc", action="store_true", help="also time /token redemptions")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    if GENERATOR_CPUS:
        os.sched_setaffinity(0, {int(c) for c in range(1, CPUS)})  # the login client too
    folder = Path(tempfile.mkdtemp(prefix="latchkey-bench-"))
    if args.sqlite:
        url = f"sqlite://{folder / 'bench.sqlite3'}"
    else:
        asyncio.run(_fresh_postgres(args.database))
        url = f"postgres://postgres@127.0.0.1:5432/{args.database}"

    pinning = (
        f"server on CPU {SERVER_CPUS}, wrk and the login client on CPU {GENERATOR_CPUS}"
        if SERVER_CPUS
        else "one CPU: server and generators share it"
    )
    print(f"cores: {CPUS}; database: {'SQLite' if args.sqlite else 'PostgreSQL'}; {pinning}")
    print(f"start: {load()}")
    argon2_rate = argon2_verifications_per_second(args.seconds)
    accounts, tokens = asyncio.run(seed(url, args.users, args.sessions))
    server, base = start_server(url, folder, args.port)
    second: subprocess.Popen[bytes] | None = None
    token = tokens[0]
    seconds = args.seconds
    floor_path = "/bench/session" if args.sqlite else "/bench/asyncpg-session"
    try:
        rss_start = rss_mib(server.pid)
        best = best_of_alternating(
            2,
            {
                "constant": lambda: wrk(base, token, "/bench/constant", seconds, 16),
                "floor": lambda: wrk(base, token, floor_path, seconds, 16),
                "me": lambda: wrk(base, token, "/graphql", seconds, 16),
                "verify": lambda: wrk(base, token, "/auth/verify", seconds, 16, "verify.lua"),
            },
        )
        print(f"after figures 3-5: {load()}")
        me_idle = wrk(base, token, "/graphql", seconds, 4)
        verify_idle = wrk(base, token, "/auth/verify", seconds, 4, "verify.lua")
        quarter = len(accounts) // 4
        logins = asyncio.run(login_storm([base], accounts[:quarter], seconds, args.concurrency))
        print(f"after figure 2: {load()}")
        me_storm = during_login_storm(
            base,
            accounts[quarter : 2 * quarter],
            args,
            lambda: wrk(base, token, "/graphql", seconds, 4),
        )
        verify_storm = during_login_storm(
            base,
            accounts[2 * quarter : 3 * quarter],
            args,
            lambda: wrk(base, token, "/auth/verify", seconds, 4, "verify.lua"),
        )
        served = sessions_pass(base, tokens, folder, seconds)
        rss_sessions = rss_mib(server.pid)
        redemptions = (
            asyncio.run(code_redemptions(base, tokens[1:], min(seconds, 20), args.concurrency))
            if args.oidc
            else None
        )
        compared = (
            wrk(args.compare, "", "", seconds, 16, "get.lua", args.compare_header)
            if args.compare
            else None
        )

        # Figure 8: a second instance on the other CPU; the generators are not pinned here.
        second, base_two = start_server(url, folder, args.port + 1, GENERATOR_CPUS)
        both: list[WrkResult] = []
        runners = [
            threading.Thread(target=lambda b=b: both.append(wrk(b, token, "/graphql", seconds, 16)))
            for b in (base, base_two)
        ]
        for runner in runners:
            runner.start()
        for runner in runners:
            runner.join()
        logins_two = asyncio.run(
            login_storm([base, base_two], accounts[3 * quarter :], seconds, args.concurrency)
        )
    finally:
        server.terminate()
        if second:
            second.terminate()
    print(f"end: {load()}")

    me, verify, floor, constant = best["me"], best["verify"], best["floor"], best["constant"]
    two_me = sum(r.rps for r in both)
    floor_name = "bare route, lookup by " + ("the ORM (SQLite)" if args.sqlite else "asyncpg")
    rows = [
        ("1 argon2id verifications/s (server's CPU, t=3 m=64MiB p=4)", f"{argon2_rate:.1f}", ""),
        (
            "2 full logins/s (password + app code, /graphql)",
            f"{logins:.1f}",
            f"{logins / argon2_rate:.2f} of (1), target >= 0.9",
        ),
        ("3 `me` queries/s (GraphQL, 16 connections)", f"{me.rps:.0f}", ""),
        (
            "  `me` p50 / p99 (4 connections), ms",
            f"{me_idle.p50_ms:.1f} / {me_idle.p99_ms:.1f}",
            "",
        ),
        ("4 forward-auth GET /auth/verify/s (cookie, 16 connections)", f"{verify.rps:.0f}", ""),
        (
            "  /auth/verify p50 / p99 (4 connections), ms",
            f"{verify_idle.p50_ms:.1f} / {verify_idle.p99_ms:.1f}",
            "",
        ),
        ("5 bare route, constant answer (framework's limit)", f"{constant.rps:.0f}", ""),
        (f"  {floor_name} (database's limit)", f"{floor.rps:.0f}", ""),
        (
            "6 `me` / database's limit",
            f"{me.rps / floor.rps:.2f}",
            f"target >= 0.6; `me` is {me.rps / ME_BEFORE:.1f}x {ME_BEFORE}/s, target >= 3x",
        ),
        ("  forward-auth / database's limit", f"{verify.rps / floor.rps:.2f}", "target >= 0.8"),
        (
            "7 `me` p50 / p99 during a login storm, ms",
            f"{me_storm.p50_ms:.1f} / {me_storm.p99_ms:.1f}",
            f"p99 storm/idle {me_storm.p99_ms / me_idle.p99_ms:.1f}x, target <= 3x",
        ),
        (
            "  /auth/verify p50 / p99 during a login storm, ms",
            f"{verify_storm.p50_ms:.1f} / {verify_storm.p99_ms:.1f}",
            f"p99 storm/idle {verify_storm.p99_ms / verify_idle.p99_ms:.1f}x, target <= 3x",
        ),
        (
            "8 `me` queries/s, two instances (CPUs 0 and 1, sum)",
            f"{two_me:.0f}",
            f"{two_me / me.rps:.2f}x one instance",
        ),
        ("  full logins/s, two instances", f"{logins_two:.1f}", f"{logins_two / logins:.2f}x one"),
        (
            f"9 server RSS at start / after {len(tokens):,} sessions stored, MiB",
            f"{rss_start:.0f} / {rss_sessions:.0f}",
            f"{served:,} `me` requests, each with the next stored session",
        ),
    ]
    if redemptions is not None:
        rows.append(("  OIDC authorization codes redeemed/s (/token)", f"{redemptions:.0f}", ""))
    if compared is not None:
        rows.append(
            (
                f"  compared: {args.compare} req/s",
                f"{compared.rps:.0f}",
                f"`me` is {me.rps / compared.rps:.1f}x it",
            )
        )
    width = max(len(r[0]) for r in rows)
    print(f"\n{'figure'.ljust(width)}  {'value':>14}  ratio")
    for name, value, ratio in rows:
        print(f"{name.ljust(width)}  {value:>14}  {ratio}")


if __name__ == "__main__":
    main()
