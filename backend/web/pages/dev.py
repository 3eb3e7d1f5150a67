"""The development mailbox (G3): what the SMTP sink captured, newest first."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from backend.web.render import page


async def mailbox(request: Request) -> Response:
    return page(request, "pages/mailbox.html", messages=request.app.state.mailbox.messages())
