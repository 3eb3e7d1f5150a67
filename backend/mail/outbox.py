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

from backend.branding import LOGO_CID
from backend.clock import Clock
from backend.config import Settings
from backend.i18n import Text, use_language
from backend.models import OutboxMessage
from backend.services.secret_box import SecretBox
from backend.transaction import after_commit

# How long an email without its own expiry (an alert, a support notice) may wait for SMTP.
DEFAULT_LIFETIME = timedelta(days=1)


class Outbox:
    """Renders email/<template>.txt and, when there is one, email/<template>.html (X2: the two
    parts of a multipart/alternative email), with the branding settings (X3), and queues them."""

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
        subject: Text | str,
        template: str,
        *,
        language: str | None,
        expires_at: datetime | None = None,
        **values: Any,
    ) -> None:
        """Queue one email; it leaves after the current transaction commits.

        `language` is the recipient's stored one (X1: `User.language`; None: English), not
        the language of whoever caused the email; every caller names it, so none forgets.
        `expires_at` is when its content stops being useful (a code's or a link's expiry): a
        message still undelivered then is never sent.
        """
        now = self._clock.now()
        with use_language(language) as lang:
            written_subject = str(subject)
            values = {**self._branding(), "lang": lang, "subject": written_subject, **values}
            text = self._render(f"email/{template}.txt", values)
            try:
                html: str | None = self._box.seal(self._render(f"email/{template}.html", values))
            except TemplateNotFound:
                html = None
        await OutboxMessage.create(
            kind=template[:40],
            recipient=to,
            subject=written_subject[:300],
            body_text=self._box.seal(text),
            body_html=html,
            created_at=now,
            not_before=now,
            expires_at=expires_at or now + DEFAULT_LIFETIME,
        )
        after_commit(self._notify)

    def _branding(self) -> dict[str, Any]:
        settings = self._settings
        return {
            "service_name": settings.service_name,
            "base_url": settings.base_url,
            "mail_from": settings.mail_from,
            "support_email": settings.support_email,
            "brand_color": settings.primary_color,
            # The transport attaches the logo under this Content-ID (backend/mail/sender.py).
            "logo": settings.logo_path is not None,
            "logo_cid": LOGO_CID,
        }

    def _render(self, name: str, values: dict[str, Any]) -> str:
        return self._templates.get_template(name).render(**values)


@dataclass(frozen=True)
class DeliveredMail:
    """An email as the dev mailbox shows it: the text part, and whether there is an HTML one."""

    id: int
    sent_at: datetime
    recipient: str
    subject: str
    body: str
    has_html: bool


async def delivered(box: SecretBox, limit: int = 200, recipient: str = "") -> list[DeliveredMail]:
    """G3: the newest delivered emails, read from the outbox so they survive a restart;
    `recipient` keeps those whose address contains it (any case)."""
    query = OutboxMessage.filter(sent_at__isnull=False, body_text__not="")
    if recipient:
        query = query.filter(recipient__icontains=recipient.strip())
    rows = await query.order_by("-sent_at", "-id").limit(limit)
    return [
        DeliveredMail(
            id=row.id,
            sent_at=row.sent_at,
            recipient=row.recipient,
            subject=row.subject,
            body=_open(box, row.body_text),
            has_html=bool(row.body_html),
        )
        for row in rows
        if row.sent_at is not None
    ]


async def delivered_html(box: SecretBox, message_id: int) -> str | None:
    """G3, X2: the HTML part of one delivered email, or None (unknown, unsent, text only)."""
    row = await OutboxMessage.filter(
        id=message_id, sent_at__isnull=False, body_html__isnull=False
    ).first()
    return _open(box, row.body_html) if row is not None and row.body_html else None


def _open(box: SecretBox, sealed: str) -> str:
    try:
        return box.open(sealed)
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
