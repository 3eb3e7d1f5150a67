"""Adopting a database made before migrations existed (O1).

Releases up to 8146bf6 built their tables with `generate_schemas` and recorded nothing. Such a
database holds real accounts, so `latchkey migrate` must not recreate it: when its tables and
columns are exactly those the first migration creates, that migration is recorded as applied
and the later ones run as usual. A database that matches nothing known (a half-finished
install, someone else's tables) is refused with what differs, and nothing is touched.
"""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.migrations.graph import MigrationKey
from tortoise.migrations.loader import MigrationLoader
from tortoise.migrations.recorder import MigrationRecorder
from tortoise.migrations.schema_generator.state import State
from tortoise.migrations.schema_generator.state_apps import StateApps

from backend.db import APP, apps_config
from backend.migrations_state import NothingApplied, known_migrations

Tables = dict[str, frozenset[str]]
# Tortoise's own bookkeeping table; absent or empty on a database made before migrations.
RECORDER_TABLE = "tortoise_migrations"


class UnknownSchema(RuntimeError):
    """The database has tables, no migration record, and is not a schema we made."""

    def __init__(self, differences: list[str]) -> None:
        self.differences = differences
        super().__init__(
            "the database has tables but no migration record, and they do not match the "
            f"schema of any Latchkey release before migrations ({'; '.join(differences)}). "
            "Nothing was changed. Point LATCHKEY_DATABASE_URL at a Latchkey database, "
            "or at an empty one to start afresh."
        )


async def tables_after(migration: str) -> Tables:
    """The tables and columns the migrations up to and including `migration` create."""
    loader = MigrationLoader(apps_config(), NothingApplied())
    await loader.build_graph()
    state = State(models={}, apps=StateApps(default_connections={APP: "default"}))
    for name in await known_migrations():
        step = loader.graph.nodes[MigrationKey(APP, name)]
        assert step is not None, f"migration {name} is listed but not loaded"
        await step.apply(state, dry_run=True, schema_editor=None)
        if name == migration:
            break
    return {
        model._meta.db_table: frozenset(model._meta.fields_db_projection.values())
        for model in state.apps.apps[APP].values()
    }


async def tables_in(connection: BaseDBAsyncClient) -> Tables:
    """The database's own tables and their columns, as its catalogue lists them."""
    if connection.capabilities.dialect == "sqlite":
        _, rows = await connection.execute_query(
            "SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p "
            "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
        )
    else:
        _, rows = await connection.execute_query(
            "SELECT table_name AS t, column_name AS c FROM information_schema.columns "
            "WHERE table_schema = current_schema()"
        )
    tables: dict[str, set[str]] = {}
    for row in rows:
        tables.setdefault(row["t"], set()).add(row["c"])
    tables.pop(RECORDER_TABLE, None)
    return {name: frozenset(columns) for name, columns in tables.items()}


def differences(found: Tables, expected: Tables) -> list[str]:
    """What keeps `found` from being `expected`, in words an operator can act on."""
    problems = [f"missing table {name}" for name in sorted(expected.keys() - found.keys())]
    problems += [f"unexpected table {name}" for name in sorted(found.keys() - expected.keys())]
    for name in sorted(found.keys() & expected.keys()):
        problems += [f"{name} lacks column {c}" for c in sorted(expected[name] - found[name])]
        problems += [f"{name} has unknown column {c}" for c in sorted(found[name] - expected[name])]
    return problems


async def unrecorded_release(connection: BaseDBAsyncClient) -> str | None:
    """The migration a pre-migration database is at, or None when there is nothing to adopt
    (migrations already recorded, or no tables at all). Raises UnknownSchema otherwise."""
    if await MigrationRecorder(connection).applied_migrations():
        return None
    found = await tables_in(connection)
    if not found:
        return None
    first = (await known_migrations())[0]
    problems = differences(found, await tables_after(first))
    if problems:
        raise UnknownSchema(problems)
    return first
