"""Development SMTP sink: a real SMTP server on loopback that keeps what it receives (G3)."""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope

MAILBOX_SIZE = 200


@dataclass(frozen=True)
class CapturedMail:
    received_at: datetime
    sender: str
    recipients: tuple[str, ...]
    subject: str
    body: str  # the text/plain part
    html: str  # the text/html part, or empty
    message: EmailMessage  # as parsed, for a look at its MIME structure


class DevMailbox:
    """The newest messages, newest first; memory only, so it is for development."""

    def __init__(self) -> None:
        self._messages: deque[CapturedMail] = deque(maxlen=MAILBOX_SIZE)
        self.arrived = asyncio.Condition()

    def messages(self) -> list[CapturedMail]:
        return list(reversed(self._messages))

    def latest_to(self, address: str) -> CapturedMail | None:
        return next((m for m in self.messages() if address in m.recipients), None)

    async def handle_DATA(self, server: SMTP, session: Any, envelope: Envelope) -> str:
        content = envelope.content or b""
        raw = content.encode() if isinstance(content, str) else bytes(content)
        parsed = message_from_bytes(raw, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        text_part = parsed.get_body(preferencelist=("plain",))
        html_part = parsed.get_body(preferencelist=("html",))
        self._messages.append(
            CapturedMail(
                received_at=datetime.now(UTC),
                sender=str(envelope.mail_from),
                recipients=tuple(str(r).lower() for r in envelope.rcpt_tos),
                subject=str(parsed.get("Subject", "")),
                body=text_part.get_content() if text_part else "",
                html=html_part.get_content() if html_part else "",
                message=parsed,
            )
        )
        async with self.arrived:
            self.arrived.notify_all()
        return "250 Message accepted"


async def start_sink(mailbox: DevMailbox, host: str = "127.0.0.1", port: int = 0) -> asyncio.Server:
    """Serve SMTP on the running loop; port 0 picks a free one (read it from the server)."""
    loop = asyncio.get_running_loop()
    return await loop.create_server(lambda: SMTP(mailbox, hostname="latchkey-dev"), host, port)
