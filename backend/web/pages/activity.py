"""The activity log page (SE3) and the "This wasn't me" confirmation (SE2)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from backend.resolvers import ids
from backend.web import operations
from backend.web.pages.links import link_form, link_submit
from backend.web.render import go, page, run


async def activity_log(request: Request) -> Response:
    after = request.query_params.get("after") or None
    if after is not None and ids.parse(after) is None:
        return page(request, "pages/error.html", status=404, title="Not found", message="")
    data, _ = await run(request, operations.ACTIVITY, after=after)
    if data.get("me") is None:
        return go(request, "/login")
    return page(request, "pages/activity.html", activity=data["me"]["activity"])


async def secure_account_form(request: Request) -> Response:
    return link_form(request, "pages/secure_account.html")


async def secure_account_submit(request: Request) -> Response:
    return await link_submit(
        request,
        operations.REPORT_UNRECOGNISED_ACTIVITY,
        "pages/secure_account.html",
        "AccountSecured",
    )
