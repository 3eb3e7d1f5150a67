"""`latchkey backup PATH` (O4 operations): a consistent SQLite copy taken while the service
runs, including what is still only in the write-ahead log; PostgreSQL is pointed at pg_dump."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from backend.backup import backup_sqlite
from backend.config import Settings
from tests.api.flows import sign_up
from tests.conftest import BACKEND

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="copies SQLite files")


async def test_o4_backup_while_serving_includes_the_newest_writes(
    client: httpx.AsyncClient, settings: Settings, tmp_path: Path
) -> None:
    """The account just created (still in the WAL of the running app) is in the copy."""
    assert (await sign_up(client))["__typename"] == "CodeRequired"
    target = tmp_path / "backup.sqlite3"
    size = await asyncio.to_thread(backup_sqlite, settings.database_url, target)
    assert size == target.stat().st_size
    with sqlite3.connect(target) as copy:
        emails = [row[0] for row in copy.execute("SELECT email FROM users")]
        (check,) = copy.execute("PRAGMA integrity_check").fetchone()
    assert emails == ["jane@example.com"] and check == "ok"


def test_o4_backup_of_postgres_points_at_pg_dump(tmp_path: Path) -> None:
    env = {"LATCHKEY_DATABASE_URL": "postgres://u@127.0.0.1:5432/x", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "backend.cli", "backup", str(tmp_path / "x")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 1 and "pg_dump" in done.stderr
