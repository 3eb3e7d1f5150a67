"""A database exactly as an earlier release left it: its schema dump, then its rows (O1).

Written with the database drivers themselves, not Tortoise: the current models no longer
describe those tables, which is the point.
"""

from __future__ import annotations

import importlib
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg

from tests.conftest import BACKEND

RELEASES_DIR = Path(__file__).parent / "releases"
# Every release made before migrations existed; each new release's schema joins this list.
RELEASES = ["8146bf6"]


def release_rows(release: str, now: datetime) -> list[tuple[str, dict[str, Any]]]:
    module = importlib.import_module(f"tests.upgrade.releases.r{release}")
    rows: list[tuple[str, dict[str, Any]]] = module.rows(now)
    return rows


def _sqlite_value(value: object) -> object:
    # As Tortoise's SQLite driver writes them: ISO text with a space, booleans as integers.
    if isinstance(value, datetime):
        return value.isoformat(" ")
    if isinstance(value, bool):
        return int(value)
    return value


def _insert(table: str, row: dict[str, Any], placeholders: list[str]) -> str:
    columns = ", ".join(f'"{name}"' for name in row)
    return f'INSERT INTO "{table}" ({columns}) VALUES ({", ".join(placeholders)})'  # noqa: S608


async def build(release: str, url: str, now: datetime) -> None:
    """Create `release`'s schema from its dump in the empty database at `url`, with its rows."""
    schema = (RELEASES_DIR / f"{release}.{BACKEND}.sql").read_text()
    rows = release_rows(release, now)
    if BACKEND != "postgres":
        with sqlite3.connect(url.removeprefix("sqlite://")) as db:
            db.executescript(schema)
            for table, row in rows:
                db.execute(
                    _insert(table, row, ["?"] * len(row)), [_sqlite_value(v) for v in row.values()]
                )
        return
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(schema)
        await connection.execute("SET search_path = public")
        for table, row in rows:
            marks = [f"${n}" for n in range(1, len(row) + 1)]
            await connection.execute(_insert(table, row, marks), *row.values())
        # The dump's sequences start at 1; rows with explicit IDs must move them on.
        for table in {table for table, row in rows if "id" in row}:
            await connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f'(SELECT max(id) FROM "{table}"))'
            )
    finally:
        await connection.close()


async def row_counts(url: str) -> dict[str, int]:
    """Rows per table, every table but the migrations' own bookkeeping."""
    if BACKEND != "postgres":
        with sqlite3.connect(url.removeprefix("sqlite://")) as db:
            names = [
                name
                for (name,) in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%' AND name != 'tortoise_migrations'"
                )
            ]
            return {n: db.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}  # noqa: S608
    connection = await asyncpg.connect(url)
    try:
        names = [
            record["tablename"]
            for record in await connection.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename != 'tortoise_migrations'"
            )
        ]
        return {n: await connection.fetchval(f'SELECT count(*) FROM "{n}"') for n in names}  # noqa: S608
    finally:
        await connection.close()
