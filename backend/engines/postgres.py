"""PostgreSQL (asyncpg) whose pool gives up waiting for a connection after a timeout.

Tortoise acquires pooled connections without a timeout: with the pool exhausted, or the
server unreachable so that every acquire tries to connect, a request would wait as long as
the client does. Here each acquire waits LATCHKEY_DATABASE_ACQUIRE_TIMEOUT_SECONDS at most
and then fails with TimeoutError, which the app answers as ServiceUnavailable (O4). Broken
connections are replaced by asyncpg on the next acquire, so the service recovers by itself
when the database is back.

Releasing a connection does not send asyncpg's reset query (`pg_advisory_unlock_all(); CLOSE
ALL; UNLISTEN *; RESET ALL`): it was a second round trip after every query, as costly as the
session check itself (issue 20). Latchkey keeps no session state on pooled connections (no
SET, cursors or LISTEN), asyncpg still rolls back a transaction left open, and the one
session-level advisory lock (housekeeping) is released where it is taken or ends with its
connection.
"""

from __future__ import annotations

from typing import Any, cast

import asyncpg
from asyncpg.pool import PoolAcquireContext
from tortoise.backends.asyncpg.client import AsyncpgDBClient


async def _keep_as_is(connection: asyncpg.Connection) -> None:
    """Pool reset hook: nothing to undo (see the module docstring)."""


class _TimedPool:
    """asyncpg's pool with a default timeout on acquire; everything else passes through."""

    def __init__(self, pool: asyncpg.Pool, timeout: float) -> None:
        self._pool = pool
        self._timeout = timeout

    def acquire(self, *, timeout: float | None = None) -> PoolAcquireContext:
        return self._pool.acquire(timeout=timeout or self._timeout)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pool, name)


class TimedAsyncpgClient(AsyncpgDBClient):
    def __init__(self, *args: Any, acquire_timeout: float = 5.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._acquire_timeout = float(acquire_timeout)

    async def create_pool(self, **kwargs: Any) -> asyncpg.Pool:
        pool = await asyncpg.create_pool(None, reset=_keep_as_is, **kwargs)
        return cast(asyncpg.Pool, _TimedPool(pool, self._acquire_timeout))


client_class = TimedAsyncpgClient
