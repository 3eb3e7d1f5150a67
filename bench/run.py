"""Latchkey benchmark: starts the service, drives it over HTTP, prints one table (issue 9).

    .venv/bin/python bench/run.py            # PostgreSQL (database latchkey_bench, recreated)
    .venv/bin/python bench/run.py --sqlite   # SQLite file in a temporary folder

Every figure comes from the same run, so compare ratios, not absolute numbers, across machines.
The server runs under uvicorn (uvloop, httptools) with the configured argon2id parameters;
`wrk` (Debian) drives the single-request figures, an asyncio client the logins.
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
import socket
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
from backend.models import OAuthClient, Session, User  # noqa: E402
from backend.services.secret_box import SecretBox  # noqa: E402
from backend.services.tokens import hash_token  # noqa: E402

PASSWORD = "benchmark horse battery staple"
SECRET_KEY = "benchmark-secret-key-" + "x" * 32
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgres://postgres@127.0.0.1:5432/latchkey_bench"
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


def argon2_verifications_per_second(seconds: float) -> float:
    """Figure 1: the physical ceiling of the password step, all cores, default parameters."""
    hasher = argon2.PasswordHasher()
    stored = hasher.hash(PASSWORD)
    done = [0] * (os.cpu_count() or 1)
    deadline = time.monotonic() + seconds

    def work(slot: int) -> None:
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


async def _fresh_postgres() -> None:
    admin = await asyncpg.connect(PG_ADMIN)
    try:
        await admin.execute("DROP DATABASE IF EXISTS latchkey_bench WITH (FORCE)")
        await admin.execute("CREATE DATABASE latchkey_bench")
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
                email_factor_enabled=False,
                totp_secret_encrypted=box.seal(secret),
                email_verified_at=now,
                created_at=now,
            )
        )
    await User.bulk_create(rows, batch_size=500)
    first = await User.get(email="bench0@example.com")
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
        batch_size=1000,
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(url: str, folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "LATCHKEY_DATABASE_URL": url,
        "LATCHKEY_SECRET_KEY": SECRET_KEY,
        "LATCHKEY_CAPTCHA": "off",
        "LATCHKEY_TRUSTED_PROXIES": "127.0.0.1",  # the client sends one address per login
        "LATCHKEY_SESSION_IDLE_MINUTES": "600",
    }
    log = (folder / f"server-{port}.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "uvicorn", "bench.app:create", "--factory",
            "--port", str(port), "--loop", "uvloop", "--http", "httptools",
            "--no-access-log", "--log-level", "warning",
        ],
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
    base: str, token: str, path: str, seconds: int, connections: int, script: str = "me.lua"
) -> WrkResult:
    env = {**os.environ, "TOKEN": token, "BENCH_PATH": path}
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency",
         "-s", str(ROOT / "bench" / script), base + path],
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


async def touch_sessions(base: str, tokens: list[str]) -> None:
    """Use every seeded session once, so the server has served 10,000 live sessions."""
    async with httpx.AsyncClient(timeout=60) as http:
        semaphore = asyncio.Semaphore(32)

        async def one(token: str) -> None:
            async with semaphore:
                response = await http.post(
                    f"{base}/graphql",
                    json={"query": "{ me { email } }"},
                    headers={"Authorization": f"Bearer {token}"},
                )
                assert response.json()["data"]["me"] is not None

        await asyncio.gather(*(one(token) for token in tokens))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--seconds", type=int, default=10, help="length of each measurement")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent logins")
    parser.add_argument("--users", type=int, default=3000)
    parser.add_argument("--sessions", type=int, default=10_000)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    folder = Path(tempfile.mkdtemp(prefix="latchkey-bench-"))
    if args.sqlite:
        url = f"sqlite://{folder / 'bench.sqlite3'}"
    else:
        asyncio.run(_fresh_postgres())
        url = PG_BENCH

    print(f"cores: {os.cpu_count()}; database: {'SQLite' if args.sqlite else 'PostgreSQL'}")
    argon2_rate = argon2_verifications_per_second(args.seconds)
    accounts, tokens = asyncio.run(seed(url, args.users, args.sessions))
    server, base = start_server(url, folder)
    second: subprocess.Popen[bytes] | None = None
    try:
        rss_start = rss_mib(server.pid)
        asyncio.run(touch_sessions(base, tokens))
        rss_sessions = rss_mib(server.pid)
        token = tokens[0]
        me_idle = wrk(base, token, "/graphql", args.seconds, 16)
        bare = wrk(base, token, "/bench/session", args.seconds, 16)
        me_idle_light = wrk(base, token, "/graphql", args.seconds, 4)
        # Figure 7 (I3): forward-auth against the bare route, alternated so that neither
        # gets the quieter moment of a shared machine; the better of two runs each.
        verify_runs, cookie_bare_runs = [], []
        for _ in range(2):
            verify_runs.append(wrk(base, token, "/auth/verify", args.seconds, 16, "verify.lua"))
            cookie_bare_runs.append(
                wrk(base, token, "/bench/cookie-session", args.seconds, 16, "verify.lua")
            )
        verify = max(verify_runs, key=lambda r: r.rps)
        cookie_bare = max(cookie_bare_runs, key=lambda r: r.rps)
        verify_idle = wrk(base, token, "/auth/verify", args.seconds, 4, "verify.lua")
        redemptions = asyncio.run(
            code_redemptions(base, tokens[1:], min(args.seconds, 20), args.concurrency)
        )

        quarter = len(accounts) // 4
        logins = asyncio.run(
            login_storm([base], accounts[:quarter], args.seconds, args.concurrency)
        )
        me_storm = during_login_storm(
            base,
            accounts[quarter : 2 * quarter],
            args,
            lambda: wrk(base, token, "/graphql", args.seconds, 4),
        )
        verify_storm = during_login_storm(
            base,
            accounts[2 * quarter : 3 * quarter],
            args,
            lambda: wrk(base, token, "/auth/verify", args.seconds, 4, "verify.lua"),
        )

        second, base_two = start_server(url, folder)
        both: list[WrkResult] = []
        runners = [
            threading.Thread(
                target=lambda b=b: both.append(wrk(b, token, "/graphql", args.seconds, 16))
            )
            for b in (base, base_two)
        ]
        for runner in runners:
            runner.start()
        for runner in runners:
            runner.join()
        logins_two = asyncio.run(
            login_storm([base, base_two], accounts[3 * quarter :], args.seconds, args.concurrency)
        )
    finally:
        server.terminate()
        if second:
            second.terminate()

    two_me = sum(r.rps for r in both)
    idle, storm = me_idle_light, me_storm
    rows = [
        ("1 argon2id verifications/s (all cores, t=3 m=64MiB p=4)", f"{argon2_rate:.1f}", ""),
        (
            "2 full logins/s (password + app code, /graphql)",
            f"{logins:.1f}",
            f"{logins / argon2_rate:.2f} of (1), target >= 0.9",
        ),
        ("3 `me` queries/s (GraphQL, 16 connections)", f"{me_idle.rps:.0f}", ""),
        (
            "  bare Starlette route, same session lookup",
            f"{bare.rps:.0f}",
            f"GraphQL/bare {me_idle.rps / bare.rps:.2f}, target >= 0.5",
        ),
        ("4 `me` p50 / p99 idle (4 connections), ms", f"{idle.p50_ms:.1f} / {idle.p99_ms:.1f}", ""),
        (
            "  `me` p50 / p99 during a login storm, ms",
            f"{storm.p50_ms:.1f} / {storm.p99_ms:.1f}",
            f"p99 storm/idle {storm.p99_ms / idle.p99_ms:.1f}x, target <= 5x",
        ),
        (
            "5 server RSS at start / after 10,000 sessions, MiB",
            f"{rss_start:.0f} / {rss_sessions:.0f}",
            "",
        ),
        (
            "6 `me` queries/s, two instances (sum)",
            f"{two_me:.0f}",
            f"{two_me / me_idle.rps:.2f}x one instance",
        ),
        (
            "  full logins/s, two instances",
            f"{logins_two:.1f}",
            f"{logins_two / logins:.2f}x one instance",
        ),
        ("7 forward-auth GET /auth/verify/s (cookie, 16 connections)", f"{verify.rps:.0f}", ""),
        (
            "  bare Starlette route, same session lookup",
            f"{cookie_bare.rps:.0f}",
            f"verify/bare {verify.rps / cookie_bare.rps:.2f}, target >= 0.8",
        ),
        (
            "  /auth/verify p50 / p99 idle (4 connections), ms",
            f"{verify_idle.p50_ms:.1f} / {verify_idle.p99_ms:.1f}",
            "",
        ),
        (
            "  /auth/verify p50 / p99 during a login storm, ms",
            f"{verify_storm.p50_ms:.1f} / {verify_storm.p99_ms:.1f}",
            f"p99 storm/idle {verify_storm.p99_ms / verify_idle.p99_ms:.1f}x, target <= 3x",
        ),
        ("8 OIDC authorization codes redeemed/s (/token)", f"{redemptions:.0f}", ""),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"\n{'figure'.ljust(width)}  {'value':>14}  ratio")
    for name, value, ratio in rows:
        print(f"{name.ljust(width)}  {value:>14}  {ratio}")


if __name__ == "__main__":
    main()
