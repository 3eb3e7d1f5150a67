"""The outbox worker (O4): delivers queued emails after their step committed, with retries.

Every instance runs one. A pass claims a batch of due messages (on PostgreSQL with
`SELECT ... FOR UPDATE SKIP LOCKED`, so instances never take the same rows; on SQLite the
claim transaction holds the write lock) by pushing their `not_before` past a lease, sends
them with a timeout, then marks each sent, or due again after a backoff. A worker that dies
mid-send leaves its claim to expire, and another worker sends the message then (at least
once). A message past `expires_at` is never sent: its code or link is dead.
"""

from __future__ import annotations

import asyncio
import logging
import random
from datetime import timedelta
from typing import Protocol

from tortoise.expressions import F

from backend.clock import Clock
from backend.models import OutboxMessage
from backend.observability.metrics import EMAILS_FAILED, EMAILS_SENT
from backend.outages import is_outage
from backend.services.secret_box import SecretBox
from backend.transaction import transaction

logger = logging.getLogger("latchkey.mail")

BATCH = 10
LEASE = timedelta(seconds=60)  # well past the send timeout
POLL_SECONDS = 2.0  # for mail queued by other instances; this one's is sent on commit
MAX_BACKOFF_SECONDS = 30  # short, so mail flows again soon after the server is back


class Transport(Protocol):
    async def send(self, to: str, subject: str, text: str, html: str | None = None) -> None: ...


def backoff(attempts: int) -> timedelta:
    """2, 4, 8, 16, 30, 30 ... seconds, with jitter so instances do not retry in step."""
    seconds = min(MAX_BACKOFF_SECONDS, 2**attempts)
    return timedelta(seconds=seconds * random.uniform(0.8, 1.0))  # noqa: S311 (not a secret)


class MailWorker:
    """Sends what is due; `wake()` after a commit that queued mail makes that mail go now."""

    def __init__(
        self, clock: Clock, box: SecretBox, transport: Transport, *, keep_bodies: bool = False
    ) -> None:
        self._clock = clock
        self._box = box
        self._transport = transport
        self._keep_bodies = keep_bodies  # development: the dev mailbox shows sent mail
        self._wake = asyncio.Event()
        self._pass = asyncio.Lock()

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        """Deliver forever; a failing database is logged and tried again at the next poll."""
        while True:
            self._wake.clear()
            try:
                await self.deliver_due()
            except Exception as exc:
                if not is_outage(exc):
                    logger.exception("mail outbox pass failed")
                else:  # the database is down: one line per poll, it is tried again
                    logger.warning("mail outbox pass failed: %s", type(exc).__name__)
            try:
                # Not wait_for: on Python 3.11 it can swallow the cancellation that stops
                # the worker when a wake-up arrives at the same moment.
                async with asyncio.timeout(POLL_SECONDS):
                    await self._wake.wait()
            except TimeoutError:
                pass

    async def deliver_due(self) -> int:
        """Send everything due now (a pass already running is waited for); returns how many
        were sent."""
        sent = 0
        async with self._pass:
            while batch := await self._claim():
                results = await asyncio.gather(*(self._deliver(m) for m in batch))
                sent += sum(results)
        return sent

    async def _claim(self) -> list[OutboxMessage]:
        now = self._clock.now()
        due_now = OutboxMessage.filter(
            sent_at__isnull=True, not_before__lte=now, expires_at__gt=now
        )
        if not await due_now.exists():
            return []  # a cheap read: an idle poll takes no write lock
        async with transaction():
            due = (
                await due_now.order_by("not_before", "id")
                .limit(BATCH)
                .select_for_update(skip_locked=True)
            )
            if due:
                await OutboxMessage.filter(id__in=[m.id for m in due]).update(
                    not_before=now + LEASE, attempts=F("attempts") + 1
                )
        return due

    async def _deliver(self, message: OutboxMessage) -> bool:
        attempts = message.attempts + 1
        try:
            html = self._box.open(message.body_html) if message.body_html else None
            await self._transport.send(
                message.recipient, message.subject, self._box.open(message.body_text), html
            )
        except Exception as exc:
            # The text may name the mail server: it goes to the log and the row, never a client.
            error = f"{type(exc).__name__}: {exc}"[:300]
            logger.warning(
                "mail %s (%s) not sent, try %s: %s", message.id, message.kind, attempts, error
            )
            await OutboxMessage.filter(id=message.id).update(
                not_before=self._clock.now() + backoff(attempts), last_error=error
            )
            EMAILS_FAILED.inc()
            return False
        EMAILS_SENT.inc()
        done: dict[str, object] = {"sent_at": self._clock.now(), "last_error": ""}
        if not self._keep_bodies:
            done.update(body_text="", body_html=None)
        await OutboxMessage.filter(id=message.id).update(**done)
        return True
