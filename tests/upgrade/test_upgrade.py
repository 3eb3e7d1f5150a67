"""O1: a database from a release before migrations is adopted and upgraded, losing no row;
its people sign in as before; a database Latchkey did not make is refused untouched."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pyotp
import pytest

from backend.app import create_app
from backend.config import Settings
from tests.api.flows import LOGIN, verify
from tests.api.test_trusted_devices import LOGIN_WITH_DEVICE
from tests.conftest import BACKEND, TEST_ARGON2, asgi_client, gql
from tests.upgrade.conftest import SECRET_KEY, latchkey
from tests.upgrade.old_release import RELEASES, build, release_rows, row_counts

ME = "{ me { email passkeys { name } } }"


def _settings(url: str) -> Settings:
    return Settings(
        secret_key=SECRET_KEY,
        database_url=url,
        base_url="http://testserver",
        argon2_time_cost=TEST_ARGON2.time_cost,
        argon2_memory_kib=TEST_ARGON2.memory_cost_kib,
        argon2_parallelism=TEST_ARGON2.parallelism,
    )


@pytest.mark.parametrize("release", RELEASES)
async def test_o1_a_release_database_is_adopted_upgraded_and_its_people_still_sign_in(
    tmp_path: Path, empty_database: str, release: str
) -> None:
    old = __import__(f"tests.upgrade.releases.r{release}", fromlist=["rows"])
    await build(release, empty_database, datetime.now(UTC))
    before = await row_counts(empty_database)
    assert before["users"] == 2 and before["passkeys"] == before["trusted_devices"] == 1

    first = latchkey(tmp_path, empty_database, "migrate")
    assert first.returncode == 0, first.stderr
    assert "adopting 0001_initial" in first.stdout
    assert "applying 0001_initial" not in first.stdout
    assert "applying 0002_outbox_and_expiry_indexes" in first.stdout
    after = await row_counts(empty_database)
    assert {table: after[table] for table in before} == before

    second = latchkey(tmp_path, empty_database, "migrate")
    assert second.returncode == 0, second.stderr
    assert "Nothing to apply" in second.stdout
    assert await row_counts(empty_database) == after
    assert latchkey(tmp_path, empty_database, "migrate", "--check").returncode == 0

    app = create_app(_settings(empty_database))
    async with app.router.lifespan_context(app), asgi_client(app) as http:
        started = (await gql(http, LOGIN, email=old.APP_USER, password=old.PASSWORD))["login"]
        assert started["__typename"] == "CodeRequired" and started["method"] == "APP", started
        done = await verify(http, started["loginToken"], pyotp.TOTP(old.TOTP_SECRET).now())
        assert done["__typename"] == "LoginSuccess", done

        me = await gql(http, ME, bearer=old.SESSION_TOKEN)
        assert me["me"] == {"email": old.DEVICE_USER, "passkeys": [{"name": old.PASSKEY_NAME}]}

        http.cookies.clear()
        remembered = await gql(
            http,
            LOGIN_WITH_DEVICE,
            email=old.DEVICE_USER,
            password=old.PASSWORD,
            device=old.DEVICE_TOKEN,
        )
        assert remembered["login"]["__typename"] == "LoginSuccess", remembered


async def _add_table(url: str, sql: str) -> None:
    if BACKEND != "postgres":
        with sqlite3.connect(url.removeprefix("sqlite://")) as db:
            db.execute(sql)
        return
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@pytest.mark.parametrize("release", RELEASES)
async def test_o1_a_database_matching_no_release_is_refused_and_left_alone(
    tmp_path: Path, empty_database: str, release: str
) -> None:
    await build(release, empty_database, datetime.now(UTC))
    await _add_table(empty_database, "CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    before = await row_counts(empty_database)

    refused = latchkey(tmp_path, empty_database, "migrate")
    assert refused.returncode == 1
    assert "unexpected table invoices" in refused.stderr
    assert "Nothing was changed" in refused.stderr
    assert await row_counts(empty_database) == before
    assert len(release_rows(release, datetime.now(UTC))) == sum(before.values())
