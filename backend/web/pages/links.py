"""Pages behind emailed links: a GET only shows a button, the POST acts.

Mail scanners and link previews open links; nothing may happen until the person confirms.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from backend.web.operation import run
from backend.web.pages.forms import read_form, text
from backend.web.render import page


def link_form(request: Request, template: str) -> Response:
    return page(request, template, token=request.query_params.get("token", ""), done=None)


async def link_submit(request: Request, document: str, template: str, success: str) -> Response:
    """Run `document` with the posted token; `success` is the result type that means done."""
    form = await read_form(request)
    outcome = await run(request, document, token=text(form, "token"))
    if outcome.kind == success:
        return page(request, template, carrier=outcome.carrier, token="", done=outcome.message)
    return page(
        request,
        "pages/reset_invalid.html",
        status=410,
        carrier=outcome.carrier,
        message=outcome.message,
    )
