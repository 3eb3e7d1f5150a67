"""`latchkey backup PATH`: a consistent copy of a SQLite database while the service runs.

SQLite's online backup API reads one snapshot through a normal connection, so what is
still in the write-ahead log is included, and in WAL mode the service keeps writing
meanwhile. The copy is written beside PATH and renamed into place only once it checks out,
so PATH is never a half-written file. PostgreSQL is backed up with pg_dump (see README).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from tortoise.backends.base.config_generator import expand_db_url


class BackupError(RuntimeError):
    """The backup cannot be made as asked."""


def sqlite_path(database_url: str) -> Path:
    """The file behind a sqlite:// URL; BackupError for any other database."""
    if not database_url.startswith("sqlite://"):
        raise BackupError(
            "latchkey backup copies SQLite databases; back up PostgreSQL with pg_dump "
            "(see the README)"
        )
    return Path(expand_db_url(database_url)["credentials"]["file_path"])


def backup_sqlite(database_url: str, target: Path) -> int:
    """Copy the database to `target`; returns its size in bytes."""
    source_path = sqlite_path(database_url)
    if not source_path.exists():
        raise BackupError(f"there is no database at {source_path}")
    if target.resolve() == source_path.resolve():
        raise BackupError("the backup must not overwrite the database itself")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=30)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            (verdict,) = copy.execute("PRAGMA quick_check").fetchone()
        finally:
            copy.close()
    finally:
        source.close()
    if verdict != "ok":
        partial.unlink(missing_ok=True)
        raise BackupError(f"the copy failed its check: {verdict}")
    os.replace(partial, target)
    return target.stat().st_size
