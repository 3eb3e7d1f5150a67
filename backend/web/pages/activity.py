"""The activity log page (SE3) and the "This wasn't me" confirmation (SE2)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from backend.web import operations
from backend.web.pages.forms import read_form, text
from backend.web.render import go, page, run


async def activity_log(request: Request) -> Response:
    after = request.query_params.get("after") or None
    data, _ = await run(request, operations.ACTIVITY, after=after)
    if data.get("me") is None:
        return go(request, "/login")
    return page(request, "pages/activity.html", activity=data["me"]["activity"])


async def secure_account_form(request: Request) -> Response:
    """A GET never acts (mail scanners follow links): the owner confirms with a button."""
    token = request.query_params.get("token", "")
    return page(request, "pages/secure_account.html", token=token, done=None, error=None)


async def secure_account_submit(request: Request) -> Response:
    form = await read_form(request)
    token = text(form, "token")
    data, carrier = await run(request, operations.REPORT_UNRECOGNISED_ACTIVITY, token=token)
    result = data["result"]
    if result["__typename"] == "AccountSecured":
        return page(
            request, "pages/secure_account.html", carrier=carrier, token="", done=result["message"]
        )
    return page(
        request, "pages/reset_invalid.html", status=410, carrier=carrier, message=result["message"]
    )
