"""Telling an outage from a bug (O4): the database cannot be reached, or is shutting down.

Such failures say nothing about the request, so clients get a typed ServiceUnavailable and
pages a 503 that says to try again, never the driver's text; anything else is a bug and
stays an unexpected error.
"""

from __future__ import annotations

import sqlite3

import asyncpg
from tortoise.exceptions import DBConnectionError, TransactionManagementError

from backend.errors import ServiceUnavailable

_OUTAGE_TYPES: tuple[type[BaseException], ...] = (
    OSError,  # refused, reset, unreachable, and timeouts (a pool acquire that waited too long)
    DBConnectionError,
    asyncpg.PostgresConnectionError,  # class 08: the connection broke or was refused
    asyncpg.InterfaceError,  # "connection is closed", "pool is closing"
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.CannotConnectNowError,  # starting up or shutting down
    asyncpg.TooManyConnectionsError,
    asyncpg.DiskFullError,
    TransactionManagementError,  # SQLite could not begin: locked past the busy timeout
)
# File errors are bugs or setup, not a database that went away.
_FILE_ERRORS = (FileNotFoundError, FileExistsError, PermissionError, IsADirectoryError)
_SQLITE_OUTAGES = ("database is locked", "disk i/o error", "unable to open", "database is full")


def is_outage(exc: BaseException | None) -> bool:
    """True if `exc`, or what it was raised from, is the database being unavailable."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, (ServiceUnavailable, *_OUTAGE_TYPES)) and not isinstance(
            exc, _FILE_ERRORS
        ):
            return True
        if isinstance(exc, sqlite3.OperationalError) and any(
            text in str(exc).lower() for text in _SQLITE_OUTAGES
        ):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False
