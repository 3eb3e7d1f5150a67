"""Failures injected into the real database: a trigger that makes every INSERT into a table
fail, on SQLite and PostgreSQL alike (O5 tests)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from tortoise import Tortoise

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION latchkey_injected_failure() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'injected failure'; END $$;
"""


@asynccontextmanager
async def failing_inserts(table: str) -> AsyncIterator[None]:
    """Every INSERT into `table` fails while inside."""
    connection = Tortoise.get_connection("default")
    trigger = f"latchkey_fail_{table}"
    if connection.capabilities.dialect == "postgres":
        await connection.execute_script(
            _PG_FUNCTION + f"CREATE TRIGGER {trigger} BEFORE INSERT ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION latchkey_injected_failure();"
        )
        drop = f"DROP TRIGGER {trigger} ON {table}"
    else:
        await connection.execute_script(
            f"CREATE TRIGGER {trigger} BEFORE INSERT ON {table} "
            "BEGIN SELECT RAISE(ABORT, 'injected failure'); END;"
        )
        drop = f"DROP TRIGGER {trigger}"
    try:
        yield
    finally:
        await connection.execute_script(drop)
