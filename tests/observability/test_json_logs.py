"""O3: `latchkey serve` in production writes one JSON object per line, each request's line with
the ID the client received, one line per security event with the user's ID, and never a
password, code or token."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from backend.config import Settings
from tests.api.flows import LOGIN
from tests.conftest import STRONG_PASSWORD
from tests.live import LIVE_TIMEOUT, free_port, serving
from tests.upgrade.conftest import latchkey

PRODUCTION = {
    "LATCHKEY_ENV": "production",
    "LATCHKEY_BASE_URL": "https://login.example",
    "LATCHKEY_ALLOW_SQLITE_IN_PRODUCTION": "1",
    "LATCHKEY_ARGON2_TIME_COST": "2",
    "LATCHKEY_ARGON2_MEMORY_KIB": "19456",
    "LATCHKEY_ARGON2_PARALLELISM": "1",
}


def _create_account(folder: Path, database_url: str, email: str) -> None:
    """As an operator would: the CLI, the password and answer typed on standard input."""
    made = latchkey(
        folder,
        database_url,
        "create-support-user",
        email,
        production=True,
        stdin=f"{STRONG_PASSWORD}\nFido\n",
    )
    assert made.returncode == 0, made.stderr


def _lines(log: Path, until: str) -> list[dict[str, Any]]:
    """Every line of the server's log as JSON, once a line containing `until` is there (a
    request is logged just after its answer leaves)."""
    deadline = time.monotonic() + LIVE_TIMEOUT
    while until not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


def test_o3_production_logs_are_json_lines_with_request_ids_and_security_events(
    tmp_path: Path, settings: Settings
) -> None:
    email = f"ops-{uuid.uuid4().hex[:8]}@example.com"
    _create_account(tmp_path, settings.database_url, email)
    smtp = {"LATCHKEY_SMTP_HOST": "127.0.0.1", "LATCHKEY_SMTP_PORT": str(free_port())}
    with serving(tmp_path / "server", settings.database_url, PRODUCTION | smtp) as base:
        log = tmp_path / "server" / f"server-{base.rsplit(':', 1)[1]}.log"
        wrong = httpx.post(
            f"{base}/graphql",
            timeout=LIVE_TIMEOUT,
            json={"query": LOGIN, "variables": {"email": email, "password": "not it at all"}},
        )
        right = httpx.post(
            f"{base}/graphql",
            timeout=LIVE_TIMEOUT,
            json={"query": LOGIN, "variables": {"email": email, "password": STRONG_PASSWORD}},
        )
        lines = _lines(log, right.headers["x-request-id"])

    assert right.json()["data"]["login"]["__typename"] == "CodeRequired"
    failed = [line for line in lines if line.get("kind") == "sign_in_failed"]
    assert len(failed) == 1 and isinstance(failed[0]["user_id"], int)
    assert failed[0]["request_id"] == wrong.headers["x-request-id"]
    assert failed[0]["logger"] == "latchkey.security" and failed[0]["level"] == "info"
    requests = {line["request_id"]: line for line in lines if line["event"] == "request"}
    answered = requests[right.headers["x-request-id"]]
    assert answered["route"] == "/graphql" and answered["status"] == 200
    assert answered["timestamp"].endswith("Z")
    text = log.read_text()
    login_token = right.json()["data"]["login"]["loginToken"]
    assert STRONG_PASSWORD not in text and "not it at all" not in text and login_token not in text
