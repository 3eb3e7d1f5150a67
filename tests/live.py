"""Running `latchkey serve` as a real process for browser and multi-instance tests."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from tests.conftest import STRONG_PASSWORD, TEST_ARGON2

SECRET_KEY = "live-server-secret-key-long-enough-0123456789"
# A shared 2-core machine can be slow to answer; the tests judge answers, not speed.
LIVE_TIMEOUT = 30
# Issue 22 #17: the ceiling on waiting for a state a test polls for (an email in the dev
# mailbox, a helper server answering); reached only when the state never comes.
WAIT_CEILING_SECONDS = 90
SIGN_UP = """mutation($e: String!, $p: String!) { signUp(email: $e, password: $p,
  securityQuestion: "Q?", securityAnswer: "A") {
  __typename ... on CodeRequired { loginToken } } }"""
VERIFY = """mutation($t: String!, $c: String!) { verifyLoginCode(loginToken: $t, code: $c) {
  __typename ... on LoginSuccess { sessionToken } } }"""


def post_graphql(
    base: str, query: str, bearer: str | None = None, **variables: Any
) -> dict[str, Any]:
    """One GraphQL request to a live server; fails the test on top-level errors."""
    headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
    response = httpx.post(
        f"{base}/graphql",
        json={"query": query, "variables": variables},
        headers=headers,
        timeout=LIVE_TIMEOUT,
    )
    body = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


# Codes already handed out by code_in_mailbox: a code is used once, so the next call for the
# same address waits for a newer email instead of reading the previous one again while the
# outbox (of whichever instance picked it up) is still sending.
_codes_handed_out: set[tuple[str, str]] = set()


def code_in_mailbox(base: str, email: str) -> str:
    """The newest code mailed to `email` that no earlier call returned (waiting for the outbox)."""
    deadline = time.monotonic() + WAIT_CEILING_SECONDS
    while True:
        page = httpx.get(f"{base}/dev/mailbox", timeout=LIVE_TIMEOUT).text
        if email in page:
            match = re.search(r"\b(\d{6})\b", page[page.index(email) - 400 :])
            assert match
            if (email, match.group(1)) not in _codes_handed_out:
                _codes_handed_out.add((email, match.group(1)))
                return match.group(1)
        assert time.monotonic() < deadline, f"no new email reached {email}"
        time.sleep(0.2)


def signed_up(base: str, email: str) -> str:
    """A new account whose address is proved; returns its session token."""
    started = post_graphql(base, SIGN_UP, e=email, p=STRONG_PASSWORD)["signUp"]
    done = post_graphql(base, VERIFY, t=started["loginToken"], c=code_in_mailbox(base, email))
    token: str = done["verifyLoginCode"]["sessionToken"]
    return token


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serving(
    folder: Path,
    database_url: str,
    extra_env: dict[str, str] | None = None,
    host: str = "127.0.0.1",
    workers: int = 1,
) -> Iterator[str]:
    """`latchkey serve` in development mode on a free port; yields its base URL.

    The captcha is pushed out of the way (many sign-ups come from 127.0.0.1) unless
    `extra_env` asks for it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    _forget_rate_counters(database_url)
    port = free_port()
    env = {
        **os.environ,
        "LATCHKEY_DATABASE_URL": database_url,
        "LATCHKEY_SECRET_KEY": SECRET_KEY,
        "LATCHKEY_ARGON2_TIME_COST": str(TEST_ARGON2.time_cost),
        "LATCHKEY_ARGON2_MEMORY_KIB": str(TEST_ARGON2.memory_cost_kib),
        "LATCHKEY_ARGON2_PARALLELISM": str(TEST_ARGON2.parallelism),
        "LATCHKEY_BASE_URL": f"http://{host}:{port}",
        "LATCHKEY_CAPTCHA_FREE_TRIES": "1000",
        **(extra_env or {}),
    }
    log_path = folder / f"server-{port}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "backend.cli",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            cwd=folder,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://{host}:{port}"
        try:
            _wait_until_up(base, process, log_path)
            yield base
        finally:
            stop(process, timeout=20)


def stop(process: subprocess.Popen[bytes], timeout: float) -> None:
    """Terminate a server the test started; one that will not stop must not outlive it."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _forget_rate_counters(database_url: str) -> None:
    """Every live server on PostgreSQL shares one database, and all browsers come from
    127.0.0.1: start each from zero, as each SQLite server does with its own file."""
    if not database_url.startswith("postgres"):
        return

    async def forget() -> None:
        connection = await asyncpg.connect(database_url)
        try:
            await connection.execute("DELETE FROM rate_counters")
        except asyncpg.UndefinedTableError:
            pass  # the first server creates the tables
        finally:
            await connection.close()

    # In a thread of its own: Playwright's sync API keeps an event loop running in this one
    # once a browser is open (a module's second server starts after the first test's browser).
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, forget()).result()


def _wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    # Generous: on a busy machine start-up (imports, migrations) can take a while; a server
    # that dies is reported at once anyway.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited:\n{log.read_text()}")
        try:
            if httpx.get(f"{base}/login", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    pytest.fail(f"server did not start:\n{log.read_text()}")
