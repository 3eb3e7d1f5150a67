"""Which migrations the connected database still lacks (O1), cheap enough to poll every second.

`/health/ready` asks this on every probe, so the migration files are read once per process and
each answer costs one small query. Once a database is current the answer is remembered for that
connection: a process keeps serving while a newer version migrates the database (a rolling
upgrade), but one that starts on it afterwards refuses (SchemaTooNew), as it may misread it.
"""

from __future__ import annotations

import weakref

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.migrations.graph import MigrationKey
from tortoise.migrations.loader import MigrationLoader
from tortoise.migrations.recorder import MigrationRecorder

from backend.db import APP, apps_config


class SchemaNotCurrent(RuntimeError):
    """Production found migrations it may not apply by itself."""

    def __init__(self, pending: list[str]) -> None:
        self.pending = pending
        super().__init__(
            f"the database lacks {len(pending)} migration(s): {', '.join(pending)}. "
            "Run `latchkey migrate` to apply them (`latchkey migrate --check` lists them)."
        )


class SchemaTooNew(RuntimeError):
    """The database was migrated by a newer version (a rollback of the code alone): this
    version would misread its tables, so nothing starts on it."""

    def __init__(self, unknown: list[str]) -> None:
        self.unknown = unknown
        super().__init__(
            f"the database was migrated by a newer version of Latchkey ({', '.join(unknown)} "
            "unknown to this one). Nothing was changed. Run that version again, or restore the "
            "backup made before upgrading."
        )


class NothingApplied(MigrationRecorder):
    """Reads the migration files without asking any database."""

    def __init__(self) -> None:
        super().__init__(connection=None)

    async def applied_migrations(self) -> list[MigrationKey]:
        return []


_known: list[str] = []
_current: weakref.WeakSet[BaseDBAsyncClient] = weakref.WeakSet()


async def known_migrations() -> list[str]:
    """Every migration in the package, in the order they apply (read once per process)."""
    if not _known:
        loader = MigrationLoader(apps_config(), NothingApplied())
        await loader.build_graph()
        for leaf in loader.graph.leaf_nodes(APP):
            _known.extend(
                key.name for key in loader.graph.forwards_plan(leaf) if key.name not in _known
            )
    return list(_known)


async def pending_migrations() -> list[str]:
    """Names of the migrations not yet recorded in the database, oldest first; SchemaTooNew
    when it records one this version does not know."""
    connection = Tortoise.get_connection("default")
    if connection in _current:
        return []
    # An absent table reads as "nothing applied".
    recorded = await MigrationRecorder(connection).applied_migrations()
    applied = {key.name for key in recorded if key.app_label == APP}
    known = await known_migrations()
    if unknown := sorted(applied.difference(known)):
        raise SchemaTooNew(unknown)
    pending = [name for name in known if name not in applied]
    if not pending:
        _current.add(connection)
    return pending
