"""The development mailbox (G3): what the outbox delivered to the SMTP sink, newest first."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from backend.mail import outbox
from backend.web.render import page


async def mailbox(request: Request) -> Response:
    messages = await outbox.delivered(request.app.state.deps.box)
    return page(request, "pages/mailbox.html", messages=messages)
