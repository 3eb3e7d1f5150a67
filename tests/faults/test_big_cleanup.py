"""O4: `latchkey cleanup` of a million expired rows on SQLite, run while people sign in to
the running service: no request fails with "database is locked", because the purge holds
the write lock one short batch at a time. Slow (about a minute): run once, in the SQLite
pass."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.flows import LOGIN, SIGN_UP, VERIFY
from tests.conftest import BACKEND, STRONG_PASSWORD
from tests.live import SECRET_KEY, serving

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite's single write lock is the point"),
]
ROWS = 1_000_000
GENEROUS_LIMITS = {
    f"LATCHKEY_RATE_LIMIT_{name}": "100000/600"
    for name in (
        "LOGIN_PER_ADDRESS",
        "CODE_CHECKS_PER_ADDRESS",
        "EMAILS_PER_ADDRESS",
        "LOGIN_CODES_PER_ACCOUNT",
        "LOGIN_CODES_PER_ADDRESS",
    )
}


def _expired_backlog(database: Path) -> None:
    """A million expired rate counters, written in one statement (a few seconds)."""
    with sqlite3.connect(database) as connection:
        connection.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO rate_counters (key, window_start, hits) "
            "SELECT 'old:' || i, 1000, 1 FROM n",
            (ROWS,),
        )


def _gql(http: httpx.Client, query: str, **variables: str) -> dict[str, Any]:
    body: dict[str, Any] = http.post(
        "/graphql", json={"query": query, "variables": variables}
    ).json()
    return body


def _code(http: httpx.Client, previous: str) -> str:
    """The newest code mailed to Jane once it is not `previous` (the mailbox lists the newest
    200 emails, so counting them would stall after 200 sign-ins)."""
    while True:
        page = http.get("/dev/mailbox").text
        codes = re.findall(r"To jane@example\.com.*?\b(\d{6})\b", page, re.S)
        if codes and codes[0] != previous:
            return codes[0]
        time.sleep(0.05)


def _sign_ins(base: str, stop: threading.Event, answers: list[str]) -> None:
    """Sign in again and again until told to stop; keep every answer's type or error."""
    with httpx.Client(base_url=base, timeout=30) as http:
        code = _code(http, "")
        while not stop.is_set():
            body = http.post(
                "/graphql",
                json={
                    "query": LOGIN,
                    "variables": {"email": "jane@example.com", "password": STRONG_PASSWORD},
                },
            ).json()
            if "errors" in body:
                answers.append(str(body["errors"]))
                continue
            token = body["data"]["login"]["loginToken"]
            code = _code(http, code)
            done = http.post(
                "/graphql", json={"query": VERIFY, "variables": {"token": token, "code": code}}
            ).json()
            answers.append(
                str(done["errors"])
                if "errors" in done
                else done["data"]["verifyLoginCode"]["__typename"]
            )


def test_o4_cleanup_of_a_million_rows_never_locks_out_sign_ins(tmp_path: Path) -> None:
    database = tmp_path / "service" / "latchkey.sqlite3"
    url = f"sqlite://{database}"
    with serving(tmp_path / "service", url, GENEROUS_LIMITS) as base:
        with httpx.Client(base_url=base, timeout=30) as http:
            variables = {
                "email": "jane@example.com",
                "password": STRONG_PASSWORD,
                "q": "Pet?",
                "a": "Fido",
            }
            started = http.post("/graphql", json={"query": SIGN_UP, "variables": variables}).json()
            token = started["data"]["signUp"]["loginToken"]
            first = http.post(
                "/graphql",
                json={"query": VERIFY, "variables": {"token": token, "code": _code(http, "")}},
            ).json()
            assert first["data"]["verifyLoginCode"]["__typename"] == "LoginSuccess"
        _expired_backlog(database)

        stop, answers = threading.Event(), []
        traffic = threading.Thread(target=_sign_ins, args=(base, stop, answers))
        traffic.start()
        try:
            env = {**os.environ, "LATCHKEY_DATABASE_URL": url, "LATCHKEY_SECRET_KEY": SECRET_KEY}
            cleanup = subprocess.run(
                [sys.executable, "-m", "backend.cli", "cleanup"],
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
        finally:
            stop.set()
            traffic.join(timeout=60)
    assert cleanup.returncode == 0, cleanup.stderr
    assert f"rate_counters: {ROWS} deleted" in cleanup.stdout
    longest = re.search(r"longest single delete \(lock held\): ([\d.]+) ms", cleanup.stdout)
    assert longest, cleanup.stdout
    print(f"\nbig cleanup: {len(answers)} sign-ins during it; longest delete {longest.group(1)} ms")
    assert answers and all(a == "LoginSuccess" for a in answers), answers
