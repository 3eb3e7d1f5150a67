"""`latchkey makemigrations NAME`: write the migration a model change needs (O1).

Tortoise's autodetector compares backend/models.py with the state the migration files build up.
No database is read, so an in-memory SQLite stands in; the file it writes runs on every backend.
"""

from __future__ import annotations

from pathlib import Path

from tortoise import Tortoise
from tortoise.migrations.autodetector import MigrationAutodetector
from tortoise.migrations.writer import MigrationWriter, format_migration_name

from backend.db import apps_config, tortoise_config


async def model_changes() -> list[MigrationWriter]:
    """The migrations the models need beyond the existing files (empty when they agree)."""
    await Tortoise.init(config=tortoise_config("sqlite://:memory:"))
    try:
        apps = Tortoise.apps
        assert apps is not None
        return await MigrationAutodetector(apps, apps_config()).changes()
    finally:
        await Tortoise.close_connections()


async def write_migrations(name: str) -> list[Path]:
    """Write one numbered file per app that changed, e.g. 0002_passkey_names.py."""
    written = []
    for writer in await model_changes():
        number = int(writer.name.split("_", 1)[0])
        writer.name = format_migration_name(number, name)
        written.append(writer.write())
    return written
