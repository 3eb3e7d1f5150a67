"""SMTP delivery through fastapi-mail, bounded by a send timeout (used only by the worker)."""

from __future__ import annotations

import asyncio

from fastapi_mail import ConnectionConfig, FastMail, MessageSchema, MessageType
from fastapi_mail.schemas import MultipartSubtypeEnum

from backend.config import Settings


class SmtpTransport:
    """One SMTP connection config: the configured server, or the development sink's port.

    Every delivery is bounded by LATCHKEY_SMTP_TIMEOUT_SECONDS: a server that accepts the
    connection and never answers must not hold a worker for long."""

    def __init__(self, settings: Settings, port: int | None = None) -> None:
        self._timeout = settings.smtp_timeout_seconds
        self._fastmail = FastMail(
            ConnectionConfig(
                MAIL_USERNAME=settings.smtp_username,
                MAIL_PASSWORD=settings.smtp_password,  # type: ignore[arg-type]
                MAIL_FROM=settings.mail_from,
                MAIL_FROM_NAME=settings.service_name,
                MAIL_PORT=port or settings.smtp_port,
                MAIL_SERVER=settings.smtp_host or "127.0.0.1",
                MAIL_STARTTLS=settings.smtp_starttls,
                MAIL_SSL_TLS=settings.smtp_implicit_tls,
                USE_CREDENTIALS=bool(settings.smtp_username),
                VALIDATE_CERTS=settings.smtp_starttls or settings.smtp_implicit_tls,
                TIMEOUT=settings.smtp_timeout_seconds,
            )
        )

    async def send(self, to: str, subject: str, text: str, html: str | None = None) -> None:
        """Deliver one email (multipart when there is an HTML body); raises on any failure,
        TimeoutError included."""
        fields: dict[str, object] = {"subject": subject, "recipients": [to]}
        if html is None:
            fields.update(body=text, subtype=MessageType.plain)
        else:
            fields.update(
                body=html,
                alternative_body=text,
                subtype=MessageType.html,
                multipart_subtype=MultipartSubtypeEnum.alternative,
            )
        message = MessageSchema.model_validate(fields)
        async with asyncio.timeout(self._timeout + 1):
            await self._fastmail.send_message(message)
