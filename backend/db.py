"""Tortoise configuration: one place that knows the database URL, the models and migrations."""

from __future__ import annotations

from typing import Any

from tortoise.backends.base.config_generator import expand_db_url

APP = "models"
# O1: the schema's whole history, from an empty database (Tortoise's own migration files).
MIGRATIONS_MODULE = "backend.migrations"


def apps_config() -> dict[str, dict[str, Any]]:
    """The one Tortoise app, with the package its migrations live in."""
    return {
        APP: {
            "models": ["backend.models"],
            "default_connection": "default",
            "migrations": MIGRATIONS_MODULE,
        }
    }


def tortoise_config(
    database_url: str, pool_size: int = 10, acquire_timeout: float = 5.0
) -> dict[str, Any]:
    """Tortoise config dict: PostgreSQL gets a pool whose acquire times out
    (backend/engines/postgres.py), SQLite immediate transactions (backend/engines/sqlite.py)."""
    connection = expand_db_url(database_url)
    if connection["engine"] == "tortoise.backends.asyncpg":
        connection["engine"] = "backend.engines.postgres"
        connection["credentials"].setdefault("minsize", 1)
        connection["credentials"].setdefault("maxsize", pool_size)
        connection["credentials"]["acquire_timeout"] = acquire_timeout
    elif connection["engine"] == "tortoise.backends.sqlite":
        connection["engine"] = "backend.engines.sqlite"
    return {
        "connections": {"default": connection},
        "apps": apps_config(),
        "use_tz": True,
        "timezone": "UTC",
    }
