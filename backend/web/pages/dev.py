"""The development mailbox (G3): what the outbox delivered to the SMTP sink, newest first."""

from __future__ import annotations

import base64

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from backend.branding import LOGO_CID, logo_subtype
from backend.mail import outbox
from backend.web.render import page

# X2: an email's HTML is someone else's markup; it is shown in a sandboxed frame that may run
# nothing and load nothing but its inline styles and the logo carried as a data: URI.
EMAIL_FRAME_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox"
)


async def mailbox(request: Request) -> Response:
    """?to= narrows the list to one recipient (a QA tester juggling several accounts)."""
    recipient = request.query_params.get("to", "")[:254]
    messages = await outbox.delivered(request.app.state.deps.box, recipient=recipient)
    return page(request, "pages/mailbox.html", messages=messages, recipient=recipient)


async def mail_html(request: Request) -> Response:
    """The HTML part of one delivered email, for the mailbox page's sandboxed frame."""
    deps = request.app.state.deps
    html = await outbox.delivered_html(deps.box, request.path_params["message_id"])
    if html is None:
        return Response("No HTML part.", status_code=404, media_type="text/plain")
    logo = deps.settings.logo_path
    if logo is not None:  # what the mail client shows from the inline (cid:) attachment
        data = base64.b64encode(logo.read_bytes()).decode()
        html = html.replace(f"cid:{LOGO_CID}", f"data:image/{logo_subtype(logo)};base64,{data}")
    return HTMLResponse(
        html,
        headers={
            "Content-Security-Policy": EMAIL_FRAME_CSP,
            "X-Frame-Options": "SAMEORIGIN",
            "Referrer-Policy": "no-referrer",
        },
    )
