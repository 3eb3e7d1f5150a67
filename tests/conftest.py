"""Shared fixtures: a real database (SQLite, or PostgreSQL when chosen), real SMTP, a movable clock.

One database backend per pytest process (Tortoise caches statements per dialect):
LATCHKEY_TEST_BACKEND=postgres with LATCHKEY_TEST_POSTGRES_URL runs the suite on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from starlette.applications import Starlette
from tortoise import Tortoise

from backend.app import create_app
from backend.clock import FrozenClock
from backend.config import Argon2Params, Settings
from backend.mail.dev_sink import DevMailbox

BACKEND = os.environ.get("LATCHKEY_TEST_BACKEND", "sqlite")
POSTGRES_URL = os.environ.get("LATCHKEY_TEST_POSTGRES_URL", "")
# Cheap argon2id keeps the suite fast; the production parameters have their own test.
TEST_ARGON2 = Argon2Params(time_cost=1, memory_cost_kib=8192, parallelism=1)
STRONG_PASSWORD = "correct horse battery staple"


def database_url(tmp_path: Path) -> str:
    if BACKEND == "postgres":
        if not POSTGRES_URL:
            pytest.fail("LATCHKEY_TEST_BACKEND=postgres needs LATCHKEY_TEST_POSTGRES_URL")
        return POSTGRES_URL
    return f"sqlite://{tmp_path / 'test.sqlite3'}"


@pytest.fixture(scope="session", autouse=True)
def fresh_postgres_schema() -> None:
    """Start the PostgreSQL run from an empty schema, so tables match the current models."""
    if BACKEND != "postgres":
        return

    async def reset() -> None:
        connection = await asyncpg.connect(POSTGRES_URL)
        try:
            await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        finally:
            await connection.close()

    asyncio.run(reset())


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        env="development",
        secret_key="test-secret-key-that-is-long-enough-for-hmac",
        database_url=database_url(tmp_path),
        base_url="http://testserver",
        argon2=TEST_ARGON2,
        # Tests of other rules make many requests from one address; the captcha's own tests
        # (tests/security/test_captcha.py) use the default.
        captcha_free_tries=1000,
    )


async def _empty_all_tables() -> None:
    connection = Tortoise.get_connection("default")
    tables = [model._meta.db_table for model in Tortoise.apps["models"].values()]
    if BACKEND == "postgres":
        await connection.execute_script(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


@pytest.fixture
async def app(settings: Settings, clock: FrozenClock) -> AsyncIterator[Starlette]:
    application = create_app(settings, clock=clock)
    async with application.router.lifespan_context(application):
        await _empty_all_tables()
        yield application


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture
def mailbox(app: Starlette) -> DevMailbox:
    box: DevMailbox = app.state.mailbox
    return box


async def gql(
    http: httpx.AsyncClient, query: str, bearer: str | None = None, **variables: Any
) -> dict[str, Any]:
    """POST a GraphQL document; fail the test on transport or top-level errors."""
    headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
    response = await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


def code_from(mailbox: DevMailbox, email: str) -> str:
    mail = mailbox.latest_to(email)
    assert mail is not None, f"no email reached {email}"
    match = re.search(r"\b(\d{6})\b", mail.body)
    assert match, mail.body
    return match.group(1)


def production(settings: Settings) -> Settings:
    return replace(settings, env="production")
