"""Shared fixtures: a real database (SQLite, or PostgreSQL when chosen), real SMTP, a movable clock.

One database backend per pytest process (Tortoise caches statements per dialect):
LATCHKEY_TEST_BACKEND=postgres with LATCHKEY_TEST_POSTGRES_URL runs the suite on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
from collections.abc import AsyncIterator
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
from backend.db import tortoise_config
from backend.mail.dev_sink import DevMailbox
from backend.migrate import apply_migrations

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


async def migrate(url: str) -> list[str]:
    """Build the schema as production does: through the migrations (O1), never generate_schemas."""
    await Tortoise.init(config=tortoise_config(url))
    try:
        return await apply_migrations()
    finally:
        await Tortoise.close_connections()


@pytest.fixture(scope="session", autouse=True)
def fresh_postgres_schema() -> None:
    """Start the PostgreSQL run from an empty schema, migrated to the newest migration."""
    if BACKEND != "postgres":
        return

    async def reset() -> None:
        connection = await asyncpg.connect(POSTGRES_URL)
        try:
            await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        finally:
            await connection.close()

    asyncio.run(reset())
    asyncio.run(migrate(POSTGRES_URL))


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """One migrated SQLite file per session; each test starts from a copy of it."""
    if BACKEND == "postgres":
        return None
    template = tmp_path_factory.mktemp("schema") / "migrated.sqlite3"
    asyncio.run(migrate(f"sqlite://{template}"))
    return template


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def settings(tmp_path: Path, migrated_sqlite: Path | None) -> Settings:
    url = database_url(tmp_path)
    if migrated_sqlite:
        shutil.copyfile(migrated_sqlite, url.removeprefix("sqlite://"))
    return Settings(
        env="development",
        secret_key="test-secret-key-that-is-long-enough-for-hmac",
        database_url=url,
        base_url="http://testserver",
        argon2_time_cost=TEST_ARGON2.time_cost,
        argon2_memory_kib=TEST_ARGON2.memory_cost_kib,
        argon2_parallelism=TEST_ARGON2.parallelism,
        # Tests of other rules make many requests from one address; the captcha's own tests
        # (tests/security/test_captcha.py) use the default.
        captcha_free_tries=1000,
    )


async def empty_all_tables() -> None:
    connection = Tortoise.get_connection("default")
    tables = [model._meta.db_table for model in Tortoise.apps["models"].values()]
    if BACKEND == "postgres":
        await connection.execute_script(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


@pytest.fixture
async def app(settings: Settings, clock: FrozenClock) -> AsyncIterator[Starlette]:
    application = create_app(settings, clock=clock)
    async with application.router.lifespan_context(application):
        await empty_all_tables()
        yield application


class MailSettlingTransport(httpx.ASGITransport):
    """The app as a client sees it, except that each answer is handed over only once the
    outbox worker has delivered the mail that became due (O4: the app never waits for
    SMTP; a test reads the mailbox as a person would a moment later)."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await super().handle_async_request(request)
        await self.app.state.mail_worker.deliver_due()  # type: ignore[attr-defined]
        return response


def asgi_client(
    app: Starlette, ip: str = "203.0.113.7", base: str = "http://testserver"
) -> httpx.AsyncClient:
    """An HTTP client for the in-process app, from client address `ip`."""
    return httpx.AsyncClient(
        transport=MailSettlingTransport(app=app, client=(ip, 50000)), base_url=base
    )


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app) as http:
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
    return settings.model_copy(update={"env": "production"})
