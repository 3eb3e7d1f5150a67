"""O1: `latchkey migrate` and `--check` as an operator runs them, and who may start on what."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from tortoise import Tortoise
from tortoise.migrations.recorder import MigrationRecorder

from backend.app import create_app
from backend.config import Settings
from backend.db import APP, tortoise_config
from backend.makemigrations import model_changes
from backend.migrations_state import SchemaNotCurrent, known_migrations, pending_migrations
from backend.models import User
from tests.conftest import BACKEND
from tests.upgrade.conftest import latchkey


async def test_o1_migrate_check_lists_pending_then_migrate_applies_once(
    tmp_path: Path, empty_database: str
) -> None:
    everything = await known_migrations()

    check = latchkey(tmp_path, empty_database, "migrate", "--check")
    assert check.returncode == 1
    assert [f"pending: {name}" for name in everything] == check.stdout.splitlines()
    assert "latchkey migrate" in check.stderr

    first = latchkey(tmp_path, empty_database, "migrate")
    assert first.returncode == 0, first.stderr
    assert [f"applying {name}" for name in everything] == first.stdout.splitlines()[:-1]

    second = latchkey(tmp_path, empty_database, "migrate")
    assert second.returncode == 0, second.stderr
    assert "Nothing to apply" in second.stdout

    assert latchkey(tmp_path, empty_database, "migrate", "--check").returncode == 0


@pytest.mark.parametrize("command", [["serve", "--port", "0"], ["cleanup"]])
def test_o1_production_refuses_to_run_on_pending_migrations(
    tmp_path: Path, empty_database: str, command: list[str]
) -> None:
    result = latchkey(tmp_path, empty_database, *command, production=True)
    assert result.returncode == 1
    assert "0001_initial" in result.stderr
    assert "latchkey migrate" in result.stderr
    assert latchkey(tmp_path, empty_database, "migrate", "--check").returncode == 1


async def test_o1_production_app_refuses_to_start_and_development_migrates(
    settings: Settings, empty_database: str
) -> None:
    empty = settings.model_copy(update={"database_url": empty_database})
    production = create_app(empty.model_copy(update={"env": "production"}))
    with pytest.raises(SchemaNotCurrent, match="0001_initial"):
        async with production.router.lifespan_context(production):
            pass

    development = create_app(empty)
    async with development.router.lifespan_context(development):
        assert await pending_migrations() == []
        assert await User.all().count() == 0  # the tables exist, empty


@pytest.mark.skipif(BACKEND == "postgres", reason="backend-neutral; runs once, in the SQLite run")
async def test_o1_every_model_change_has_its_migration() -> None:
    """A model changed without `latchkey makemigrations` fails here (and in CI)."""
    changes = await model_changes()
    assert [writer.as_string() for writer in changes] == []


@asynccontextmanager
async def _migration_record(database_url: str) -> AsyncIterator[MigrationRecorder]:
    """The database's record of applied migrations, read and written as Tortoise does."""
    await Tortoise.init(config=tortoise_config(database_url))
    try:
        yield MigrationRecorder(Tortoise.get_connection("default"))
    finally:
        await Tortoise.close_connections()


async def test_o1_an_older_version_refuses_a_database_a_newer_one_migrated(
    tmp_path: Path, empty_database: str
) -> None:
    """O1: code rolled back without the database (a newer release's migration is recorded)
    refuses to start or migrate, naming it and saying what to do, and changes nothing."""
    assert latchkey(tmp_path, empty_database, "migrate").returncode == 0
    newer = "0999_from_a_newer_release"
    async with _migration_record(empty_database) as record:
        await record.record_applied(APP, newer)
        before = await record.applied_migrations()

    for command in (["migrate"], ["migrate", "--check"], ["serve", "--port", "0"], ["cleanup"]):
        for production in (False, True):
            refused = latchkey(tmp_path, empty_database, *command, production=production)
            assert refused.returncode == 1, (command, refused.stdout)
            assert newer in refused.stderr and "restore the backup" in refused.stderr
    async with _migration_record(empty_database) as record:
        assert await record.applied_migrations() == before
