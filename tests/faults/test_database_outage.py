"""O4, O5: PostgreSQL stopped and started under a running service (a server of the test's own;
the shared one is never touched). During the outage every answer is a typed "try again"
(never a 500, never the driver's text); afterwards the same service works again without a
restart, and no login attempt ended DONE without its session."""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from tests.api.flows import LOGIN, SIGN_UP, VERIFY
from tests.conftest import BACKEND, STRONG_PASSWORD
from tests.faults.own_postgres import own_postgres
from tests.live import serving

pytestmark = pytest.mark.skipif(
    BACKEND != "postgres", reason="runs once, in the PostgreSQL pass (it brings its own server)"
)
JANE = "jane@example.com"
DRIVER_TEXT = re.compile(r"Errno|refused|asyncpg|127\.0\.0\.1:\d|connection", re.IGNORECASE)


def _gql(http: httpx.Client, query: str, **variables: Any) -> tuple[int, dict[str, Any]]:
    response = http.post("/graphql", json={"query": query, "variables": variables})
    return response.status_code, response.json()


def _code(http: httpx.Client) -> str:
    """The newest code mailed to Jane, from the dev mailbox (waiting for the worker)."""
    deadline = time.monotonic() + 20
    while True:
        page = http.get("/dev/mailbox").text
        found = re.search(r"To jane@example\.com.*?\b(\d{6})\b", page, re.S)
        if found or time.monotonic() > deadline:
            assert found, page
            return found.group(1)
        time.sleep(0.2)


def _mail_count(http: httpx.Client) -> int:
    return http.get("/dev/mailbox").text.count("To jane@example.com")


def _until_up(http: httpx.Client, token: str, code: str) -> dict[str, Any]:
    """Retry the same code until the service answers it (the pool reconnects on demand)."""
    deadline = time.monotonic() + 60
    while True:
        status, body = _gql(http, VERIFY, token=token, code=code)
        assert status != 500 and not DRIVER_TEXT.search(str(body)), body
        if "data" in body and body["data"] and body["data"]["verifyLoginCode"]:
            return dict(body["data"]["verifyLoginCode"])
        assert time.monotonic() < deadline, body
        time.sleep(0.5)


async def _done_without_session(url: str) -> int:
    connection = await asyncpg.connect(url)
    try:
        done = await connection.fetchval("SELECT count(*) FROM login_attempts WHERE state='done'")
        sessions = await connection.fetchval("SELECT count(*) FROM sessions")
        return int(done) - int(sessions)
    finally:
        await connection.close()


def test_o4_o5_postgres_stopped_and_started_during_traffic(tmp_path: Path) -> None:
    with (
        own_postgres() as postgres,
        serving(tmp_path / "service", postgres.url) as base,
        httpx.Client(base_url=base, timeout=30) as http,
    ):
        variables = {"email": JANE, "password": STRONG_PASSWORD, "q": "Pet?", "a": "Fido"}
        started = _gql(http, SIGN_UP, **variables)[1]["data"]["signUp"]
        assert _until_up(http, started["loginToken"], _code(http))["__typename"] == "LoginSuccess"
        mails = _mail_count(http)
        pending = _gql(http, LOGIN, email=JANE, password=STRONG_PASSWORD)[1]["data"]["login"]
        while _mail_count(http) == mails:
            time.sleep(0.2)
        code = _code(http)

        postgres.stop()
        for query, values in (
            (VERIFY, {"token": pending["loginToken"], "code": code}),
            (LOGIN, {"email": JANE, "password": STRONG_PASSWORD}),
        ):
            status, body = _gql(http, query, **values)
            assert status != 500 and not DRIVER_TEXT.search(str(body)), body
            assert "temporarily unavailable" in str(body), body
        # The page waits out the pool's 5 s acquire timeout before its 503: not httpx's default 5 s.
        with httpx.Client(
            base_url=base, cookies={"latchkey_session": "x" * 43}, timeout=30
        ) as browser:
            page = browser.get("/profile")
        assert page.status_code == 503 and page.headers["retry-after"]
        assert "try again" in page.text.lower() and not DRIVER_TEXT.search(page.text)

        postgres.start()
        assert _until_up(http, pending["loginToken"], code)["__typename"] == "LoginSuccess"
        assert asyncio.run(_done_without_session(postgres.url)) <= 0
