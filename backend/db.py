"""Tortoise configuration: one place that knows the database URL and the model modules."""

from __future__ import annotations

from typing import Any


def tortoise_config(database_url: str) -> dict[str, Any]:
    """Tortoise config dict; PostgreSQL URLs get a connection pool."""
    url = database_url
    if url.startswith(("postgres://", "postgresql://")) and "maxsize" not in url:
        url += ("&" if "?" in url else "?") + "minsize=1&maxsize=10"
    return {
        "connections": {"default": url},
        "apps": {"models": {"models": ["backend.models"], "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }
