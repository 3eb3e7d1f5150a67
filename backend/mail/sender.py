"""Sends rendered emails through fastapi-mail to the configured (or development) SMTP server."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from fastapi_mail import ConnectionConfig, FastMail, MessageSchema, MessageType
from jinja2 import Environment

from backend.config import Settings

logger = logging.getLogger("latchkey.mail")


class Mailer:
    """One SMTP connection config; templates live in frontend/templates/email/."""

    def __init__(self, settings: Settings, templates: Environment, port: int | None = None):
        self._settings = settings
        self._templates = templates
        self._config = ConnectionConfig(
            MAIL_USERNAME=settings.smtp_username,
            MAIL_PASSWORD=settings.smtp_password,  # type: ignore[arg-type]
            MAIL_FROM=settings.mail_from,
            MAIL_FROM_NAME=settings.service_name,
            MAIL_PORT=port or settings.smtp_port,
            MAIL_SERVER=settings.smtp_host or "127.0.0.1",
            MAIL_STARTTLS=settings.smtp_starttls,
            MAIL_SSL_TLS=False,
            USE_CREDENTIALS=bool(settings.smtp_username),
            VALIDATE_CERTS=settings.smtp_starttls,
        )
        self._fastmail = FastMail(self._config)
        self._pending: set[asyncio.Task[None]] = set()

    async def send(self, to: str, subject: str, template: str, **values: Any) -> None:
        """Render frontend/templates/email/<template>.txt and send it as plain text."""
        body = self._templates.get_template(f"email/{template}.txt").render(
            service_name=self._settings.service_name, base_url=self._settings.base_url, **values
        )
        message = MessageSchema.model_validate(
            {"subject": subject, "recipients": [to], "body": body, "subtype": MessageType.plain}
        )
        await self._fastmail.send_message(message)

    def send_later(self, to: str, subject: str, template: str, **values: Any) -> None:
        """Send without making the caller wait, so answers do not reveal whether mail went out."""
        task = asyncio.create_task(self._send_logged(to, subject, template, **values))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _send_logged(self, to: str, subject: str, template: str, **values: Any) -> None:
        try:
            await self.send(to, subject, template, **values)
        except Exception:
            logger.exception("could not send %r", subject)

    async def drain(self) -> None:
        """Wait for background sends (at shutdown, and in tests)."""
        while self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)
