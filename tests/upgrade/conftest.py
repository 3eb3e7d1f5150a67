"""O1 fixtures: an empty database of the suite's backend, and the real `latchkey` command on it.

On PostgreSQL the database is a separate one next to the suite's (same server, name + suffix):
the suite's own schema stays migrated for the other tests running in the same process.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from tests.conftest import BACKEND, POSTGRES_URL

SECRET_KEY = "upgrade-test-secret-key-that-is-long-enough-0123456789"


def _with_database_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


async def _recreate_postgres(name: str, drop_only: bool = False) -> None:
    admin = await asyncpg.connect(_with_database_name(POSTGRES_URL, "postgres"))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    """The URL of a database with no tables at all, dropped after the test."""
    if BACKEND != "postgres":
        yield f"sqlite://{tmp_path / 'empty.sqlite3'}"
        return
    name = urlsplit(POSTGRES_URL).path.lstrip("/") + "_o1"
    asyncio.run(_recreate_postgres(name))
    try:
        yield _with_database_name(POSTGRES_URL, name)
    finally:
        asyncio.run(_recreate_postgres(name, drop_only=True))


def latchkey(
    folder: Path, database_url: str, *args: str, production: bool = False, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run the installed command as an operator would, in its own process (`stdin`: what
    they type, one answer a line)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("LATCHKEY_")}
    env |= {"LATCHKEY_DATABASE_URL": database_url, "LATCHKEY_SECRET_KEY": SECRET_KEY}
    if production:
        env |= {
            "LATCHKEY_ENV": "production",
            "LATCHKEY_BASE_URL": "https://login.example",
            "LATCHKEY_SMTP_HOST": "127.0.0.1",
            "LATCHKEY_ALLOW_SQLITE_IN_PRODUCTION": "1",
        }
    return subprocess.run(
        [sys.executable, "-m", "backend.cli", *args],
        cwd=folder,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
