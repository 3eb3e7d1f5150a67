"""Housekeeping: expired rows are deleted so tables stay the size of what is live.

Deletes go in bounded batches (by primary key, found through the indexed expiry columns)
with a pause between them, so even a backlog of millions never holds SQLite's write lock,
or PostgreSQL row locks, for more than a fraction of a second. On PostgreSQL only one
instance purges at a time (a session advisory lock); elsewhere a second run is harmless,
as every batch is an idempotent DELETE. The app runs it periodically and `latchkey cleanup`
on demand.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta

from tortoise import Tortoise
from tortoise.expressions import Q
from tortoise.models import Model

from backend.deps import Deps
from backend.models import (
    AuthorizationCode,
    EmailCode,
    LoginAttempt,
    OAuthToken,
    OutboxMessage,
    PasskeySignIn,
    RateCounter,
    SecurityEvent,
    Session,
    SigningKey,
    TrustedDevice,
    UsedCaptcha,
)
from backend.services import signing_keys

COUNTER_KEEP = timedelta(days=1)  # longer than the longest rate-limit window
OUTBOX_KEEP = timedelta(days=1)  # sent or dead mail stays a day (dev mailbox, metrics)
TOKEN_KEEP = timedelta(days=1)  # I4: application tokens, past the end of their refresh
_ADVISORY_LOCK = 0x4C4B_4855  # "LKHU": one purge at a time across instances

BatchObserver = Callable[[str, int, float], None]


async def purge(deps: Deps, on_batch: BatchObserver | None = None) -> dict[str, int]:
    """Delete what has expired; returns how many rows went, per table.

    LATCHKEY_CLEANUP_BATCH_ROWS rows go per DELETE, LATCHKEY_CLEANUP_PAUSE_MS apart.
    `on_batch(table, rows, seconds)` is told how long each DELETE took (the time it held
    the write lock). Another instance already purging makes this one return at once, with
    nothing deleted.
    """
    batch_rows = deps.settings.cleanup_batch_rows
    now = deps.clock.now()
    idle_since = now - timedelta(minutes=deps.settings.session_idle_minutes)
    retention = timedelta(days=deps.settings.activity_retention_days)
    counters_before = int((now - COUNTER_KEEP).timestamp())
    expired: list[tuple[type[Model], Q]] = [
        (EmailCode, Q(expires_at__lt=now)),
        (LoginAttempt, Q(expires_at__lt=now)),
        (PasskeySignIn, Q(expires_at__lt=now)),
        (Session, Q(expires_at__lt=now) | Q(last_seen_at__lt=idle_since)),
        (TrustedDevice, Q(expires_at__lt=now)),
        (RateCounter, Q(window_start__lt=counters_before)),
        (UsedCaptcha, Q(expires_at__lt=now)),
        (SecurityEvent, Q(created_at__lt=now - retention)),
        (OutboxMessage, Q(sent_at__lt=now - OUTBOX_KEEP) | Q(expires_at__lt=now - OUTBOX_KEEP)),
        # I4: a spent code's hash still names its chain for reuse detection; after its
        # expiry no token can come from it anyway.
        (AuthorizationCode, Q(expires_at__lt=now)),
        # A day past the end of its refresh token: a revoked row outlives any row a racing
        # refresh added to its chain (oidc_grants._chain_revoked needs the revoked one).
        (
            OAuthToken,
            Q(refresh_expires_at__lt=now - TOKEN_KEEP)
            | Q(refresh_expires_at__isnull=True, access_expires_at__lt=now - TOKEN_KEEP),
        ),
        (SigningKey, Q(retired_at__lt=now - signing_keys.PUBLISHED_AFTER_RETIREMENT)),
    ]
    purged = {model._meta.db_table: 0 for model, _ in expired}
    async with _only_instance() as alone:
        if not alone:
            return purged
        for model, condition in expired:
            table, pk = model._meta.db_table, model._meta.pk_attr
            while True:
                keys = await model.filter(condition).limit(batch_rows).values_list(pk, flat=True)
                if not keys:
                    break
                started = time.perf_counter()
                rows = await model.filter(**{f"{pk}__in": keys}).delete()
                if on_batch is not None:
                    on_batch(table, rows, time.perf_counter() - started)
                purged[table] += rows
                if len(keys) < batch_rows:
                    break
                await asyncio.sleep(deps.settings.cleanup_pause_ms / 1000)
    return purged


@asynccontextmanager
async def _only_instance() -> AsyncIterator[bool]:
    """Yields False when another PostgreSQL session holds the purge lock (held on one pooled
    connection for the whole purge; released with it even if this process dies)."""
    connection = Tortoise.get_connection("default")
    if connection.capabilities.dialect != "postgres":
        yield True
        return
    async with connection.acquire_connection() as raw:
        if not await raw.fetchval("SELECT pg_try_advisory_lock($1)", _ADVISORY_LOCK):
            yield False
            return
        try:
            yield True
        finally:
            try:
                await raw.execute("SELECT pg_advisory_unlock($1)", _ADVISORY_LOCK)
            except BaseException:
                # Pooled connections are not reset on release (backend/engines/postgres.py):
                # a lock that could not be released ends with its connection instead.
                raw.terminate()
                raise
