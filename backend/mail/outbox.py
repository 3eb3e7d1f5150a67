"""The mail outbox (O4): emails are rows written in the step's own transaction.

`Outbox.send` renders the email and stores it; nothing talks to SMTP during a request. The
row commits (or rolls back) with the code, link or alert it carries, and the worker
(backend/mail/worker.py) delivers it afterwards, so a mail outage delays mail instead of
failing the request, and a failed step never mails anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from jinja2 import Environment, TemplateNotFound

from backend.clock import Clock
from backend.config import Settings
from backend.models import OutboxMessage
from backend.services.secret_box import SecretBox
from backend.transaction import after_commit

# How long an email without its own expiry (an alert, a support notice) may wait for SMTP.
DEFAULT_LIFETIME = timedelta(days=1)


class Outbox:
    """Renders frontend/templates/email/<template>.txt (and .html if there is one) and queues it."""

    def __init__(
        self,
        settings: Settings,
        templates: Environment,
        box: SecretBox,
        clock: Clock,
        notify: Callable[[], None] = lambda: None,
    ) -> None:
        self._settings = settings
        self._templates = templates
        self._box = box
        self._clock = clock
        self._notify = notify

    async def send(
        self,
        to: str,
        subject: str,
        template: str,
        *,
        expires_at: datetime | None = None,
        **values: Any,
    ) -> None:
        """Queue one email; it leaves after the current transaction commits.

        `expires_at` is when its content stops being useful (a code's or a link's expiry):
        a message still undelivered then is never sent.
        """
        now = self._clock.now()
        text = self._render(f"email/{template}.txt", values)
        try:
            html: str | None = self._box.seal(self._render(f"email/{template}.html", values))
        except TemplateNotFound:
            html = None
        await OutboxMessage.create(
            kind=template[:40],
            recipient=to,
            subject=subject[:300],
            body_text=self._box.seal(text),
            body_html=html,
            created_at=now,
            not_before=now,
            expires_at=expires_at or now + DEFAULT_LIFETIME,
        )
        after_commit(self._notify)

    def _render(self, name: str, values: dict[str, Any]) -> str:
        return self._templates.get_template(name).render(
            service_name=self._settings.service_name, base_url=self._settings.base_url, **values
        )


@dataclass(frozen=True)
class DeliveredMail:
    """An email as the dev mailbox shows it."""

    sent_at: datetime
    recipient: str
    subject: str
    body: str


async def delivered(box: SecretBox, limit: int = 200, recipient: str = "") -> list[DeliveredMail]:
    """G3: the newest delivered emails, read from the outbox so they survive a restart;
    `recipient` keeps those whose address contains it (any case)."""
    query = OutboxMessage.filter(sent_at__isnull=False, body_text__not="")
    if recipient:
        query = query.filter(recipient__icontains=recipient.strip())
    rows = await query.order_by("-sent_at", "-id").limit(limit)
    return [
        DeliveredMail(
            sent_at=row.sent_at, recipient=row.recipient, subject=row.subject, body=_open(box, row)
        )
        for row in rows
        if row.sent_at is not None
    ]


def _open(box: SecretBox, row: OutboxMessage) -> str:
    try:
        return box.open(row.body_text)
    except ValueError:  # sealed with another secret key
        return "(sealed with another secret key)"


@dataclass(frozen=True)
class OutboxStats:
    """What an operator watches: the queue, how late it runs, and what keeps failing."""

    pending: int
    oldest_pending_seconds: float
    failing: int
    expired_unsent: int


async def stats(now: datetime) -> OutboxStats:
    live = OutboxMessage.filter(sent_at__isnull=True, expires_at__gt=now)
    oldest = await live.order_by("created_at").first()
    return OutboxStats(
        pending=await live.count(),
        oldest_pending_seconds=(now - oldest.created_at).total_seconds() if oldest else 0.0,
        failing=await live.filter(last_error__not="").count(),
        expired_unsent=await OutboxMessage.filter(
            sent_at__isnull=True, expires_at__lte=now
        ).count(),
    )


async def delivery_failing(now: datetime) -> bool:
    """True while mail that is still worth sending has failed to leave (the code screen's
    "our email is delayed"); false again as soon as it goes out."""
    return await OutboxMessage.filter(
        sent_at__isnull=True, expires_at__gt=now, last_error__not=""
    ).exists()
