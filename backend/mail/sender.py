"""SMTP delivery through fastapi-mail, bounded by a send timeout (used only by the worker)."""

from __future__ import annotations

import asyncio
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid

from fastapi_mail import ConnectionConfig
from fastapi_mail.connection import Connection

from backend.branding import LOGO_CID, logo_subtype
from backend.config import Settings


class SmtpTransport:
    """One SMTP connection config: the configured server, or the development sink's port.

    fastapi-mail holds the connection (TLS, credentials, timeout); the message itself is built
    here with the standard library, because fastapi-mail puts the HTML part last but one of a
    multipart/alternative (clients show the last part they can read) and wraps it all in
    multipart/related. Every delivery is bounded by LATCHKEY_SMTP_TIMEOUT_SECONDS: a server
    that accepts the connection and never answers must not hold a worker for long."""

    def __init__(self, settings: Settings, port: int | None = None) -> None:
        self._timeout = settings.smtp_timeout_seconds
        self._sender = formataddr((settings.sender_name, settings.mail_from), charset="utf-8")
        self._domain = settings.mail_from.rpartition("@")[2] or None
        self._logo = settings.logo_path
        self._config = ConnectionConfig(
            MAIL_USERNAME=settings.smtp_username,
            MAIL_PASSWORD=settings.smtp_password,  # type: ignore[arg-type]
            MAIL_FROM=settings.mail_from,
            MAIL_FROM_NAME=settings.sender_name,
            MAIL_PORT=port or settings.smtp_port,
            MAIL_SERVER=settings.smtp_host or "127.0.0.1",
            MAIL_STARTTLS=settings.smtp_starttls,
            MAIL_SSL_TLS=settings.smtp_implicit_tls,
            USE_CREDENTIALS=bool(settings.smtp_username),
            VALIDATE_CERTS=settings.smtp_starttls or settings.smtp_implicit_tls,
            TIMEOUT=settings.smtp_timeout_seconds,
        )

    def message(self, to: str, subject: str, text: str, html: str | None = None) -> EmailMessage:
        """X2: text/plain alone (mail queued before HTML emails existed), or
        multipart/alternative with the text first and the HTML last (preferred), the logo
        inline beside the HTML (multipart/related) when the HTML shows it."""
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = formatdate(usegmt=True)
        message["Message-ID"] = make_msgid(domain=self._domain)
        # RFC 3834: no out-of-office replies to the notifications address.
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(text)
        if html is not None:
            message.add_alternative(html, subtype="html")
            if self._logo is not None and f"cid:{LOGO_CID}" in html:
                html_part = list(message.iter_parts())[-1]
                assert isinstance(html_part, EmailMessage)
                html_part.add_related(
                    self._logo.read_bytes(),
                    maintype="image",
                    subtype=logo_subtype(self._logo),
                    cid=f"<{LOGO_CID}>",
                    disposition="inline",
                    filename=f"logo.{logo_subtype(self._logo)}",
                )
        return message

    async def send(self, to: str, subject: str, text: str, html: str | None = None) -> None:
        """Deliver one email; raises on any failure, TimeoutError included."""
        message = self.message(to, subject, text, html)
        async with asyncio.timeout(self._timeout + 1):
            async with Connection(self._config) as connection:
                await connection.session.send_message(message)
