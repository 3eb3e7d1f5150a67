"""The development mailbox (G3): what the outbox delivered to the SMTP sink, newest first."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from backend.mail import outbox
from backend.web.render import page


async def mailbox(request: Request) -> Response:
    """?to= narrows the list to one recipient (a QA tester juggling several accounts)."""
    recipient = request.query_params.get("to", "")[:254]
    messages = await outbox.delivered(request.app.state.deps.box, recipient=recipient)
    return page(request, "pages/mailbox.html", messages=messages, recipient=recipient)
