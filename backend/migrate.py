"""Bringing the database to the newest schema (O1): `latchkey migrate` and the start-up rule.

Nothing else creates or alters tables: the app and the CLI call `prepare_schema`, which applies
pending migrations in development (a fresh clone just works) and refuses in production, where
schema changes are an explicit, separate step.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.fields.base import Field
from tortoise.fields.relational import ManyToManyFieldInstance
from tortoise.migrations.executor import MigrationExecutor, MigrationTarget
from tortoise.migrations.schema_editor import BaseSchemaEditor, SqliteSchemaEditor
from tortoise.models import Model

from backend.adoption import unrecorded_release
from backend.config import Settings
from backend.db import APP, apps_config
from backend.migrations_state import SchemaNotCurrent, pending_migrations

logger = logging.getLogger("latchkey.migrate")


def sqlite_statements(script: str) -> Iterator[str]:
    """Split at the semicolons that end statements, not at those inside comments or strings."""
    statement = ""
    for piece in script.split(";"):
        statement += piece + ";"
        if sqlite3.complete_statement(statement):
            if statement.strip(" \n;"):
                yield statement.strip()
            statement = ""


class _SqliteEditor(SqliteSchemaEditor):
    """Tortoise 1.1.9 splits SQLite DDL at every ';', even inside the /* comments */ it writes
    from model docstrings ("... once; its ..."), and the CREATE TABLE fails."""

    async def _run_sql(self, sql: str) -> None:
        if self.collect_sql or not self.atomic_migration:
            await super()._run_sql(sql)
            return
        for statement in sqlite_statements(sql):
            await self.client.execute_query(statement)

    async def remove_field(self, model: type[Model], field: Field[Any]) -> None:
        """A plain `ALTER TABLE … DROP COLUMN` (SQLite 3.35+) where Tortoise rebuilds the table
        (copy, DROP TABLE, rename): a copy of every row, and a table made again from what the
        model declares only. (The rebuild no longer cascades into referencing rows: see
        `_sqlite_rebuilds_keep_references`.) SQLite refuses to drop an indexed, unique or key
        column: such a change needs a migration of its own rather than a silent rebuild."""
        if isinstance(field, ManyToManyFieldInstance):
            await super().remove_field(model, field)
            return
        table = self._qualify_table_name(model._meta.db_table, model._meta.schema)
        column = field.source_field or field.model_field_name
        await self._run_sql(self.DELETE_FIELD_TEMPLATE.format(table=table, column=column))

    async def _alter_field(
        self, model: type[Model], old_field: Field[Any], new_field: Field[Any]
    ) -> None:
        """Nothing when the column stays the same in SQL (e.g. an enum field that became a plain
        CharField of the same length): Tortoise would rebuild the whole table all the same."""
        if _column_sql(old_field) == _column_sql(new_field):
            return
        await super()._alter_field(model, old_field, new_field)


def _column_sql(field: Field[Any]) -> tuple[object, ...]:
    """What SQLite's column definition is made of."""
    return (
        field.source_field or field.model_field_name,
        field.get_for_dialect("sqlite", "SQL_TYPE"),
        field.null,
        field.unique,
        field.index,
        field.pk,
        field.db_default if field.has_db_default() else None,
    )


class _Executor(MigrationExecutor):
    def _schema_editor(self, atomic: bool = True, collect_sql: bool = False) -> BaseSchemaEditor:
        if self.connection.capabilities.dialect == "sqlite":
            return _SqliteEditor(self.connection, atomic=atomic, collect_sql=collect_sql)
        return super()._schema_editor(atomic, collect_sql)


def _quiet(name: str) -> None:
    """The default progress report: nothing."""


async def apply_migrations(
    applying: Callable[[str], object] = _quiet,
    adopting: Callable[[str], object] = _quiet,
    up_to: str | None = None,
) -> list[str]:
    """Apply every pending migration (or those up to and including `up_to`, as an older
    release had them), oldest first; returns their names (empty when current).

    A database made before migrations existed is first recorded as at the migration its
    tables match (backend/adoption.py); UnknownSchema is raised, changing nothing, when they
    match none, and SchemaTooNew when a newer version migrated it."""
    connection = Tortoise.get_connection("default")
    await pending_migrations()  # SchemaTooNew before anything is touched
    adopted = await unrecorded_release(connection)
    if adopted:
        adopting(adopted)
        await _Executor(connection, apps_config()).migrate(
            [MigrationTarget(APP, adopted)], fake=True, direction="forward"
        )
    executor = _Executor(connection, apps_config())
    targets = [MigrationTarget(APP, up_to)] if up_to else None
    steps = await executor.plan(targets)
    async with _sqlite_rebuilds_keep_references(connection):
        await executor.migrate(
            targets,
            direction="forward",
            progress=lambda event, _app, name: applying(name) if event == "apply_start" else None,
        )
    return [step.migration.name for step in steps]


@asynccontextmanager
async def _sqlite_rebuilds_keep_references(connection: BaseDBAsyncClient) -> AsyncIterator[None]:
    """Tortoise changes a SQLite column by rebuilding its table (copy, DROP TABLE, rename).
    With foreign keys on, the DROP deletes every row that references the table through ON
    DELETE CASCADE (rebuilding `sessions` in 0002 took step-ups under way with it). As SQLite's
    own procedure for table changes says: foreign keys off while migrating (it cannot be
    switched inside the migrations' transactions), then a check that every reference holds."""
    if connection.capabilities.dialect != "sqlite":
        yield
        return
    await connection.execute_script("PRAGMA foreign_keys = OFF")
    try:
        yield
        _, broken = await connection.execute_query("PRAGMA foreign_key_check")
        if broken:
            raise RuntimeError(f"migrating left references that point nowhere: {broken[:5]}")
    finally:
        await connection.execute_script("PRAGMA foreign_keys = ON")


async def prepare_schema(settings: Settings) -> None:
    """Development applies what is pending; production raises SchemaNotCurrent instead."""
    pending = await pending_migrations()
    if not pending:
        return
    if not settings.is_development:
        raise SchemaNotCurrent(pending)
    applied = await apply_migrations()
    logger.info("applied migrations: %s", ", ".join(applied))
