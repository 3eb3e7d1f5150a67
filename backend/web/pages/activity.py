"""The activity log page (SE3) and the "This wasn't me" confirmation (SE2)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from backend.i18n import N_
from backend.resolvers import ids
from backend.web.documents import documents_beside
from backend.web.operation import needs_session, run_signed_in
from backend.web.pages.links import link_form, link_submit
from backend.web.render import page

DOCUMENTS = documents_beside(__file__)


@needs_session
async def activity_log(request: Request) -> Response:
    after = request.query_params.get("after") or None
    if after is not None and ids.parse(after) is None:
        return page(request, "pages/error.html", status=404, title=N_("Not found"), message="")
    signed_in = await run_signed_in(request, DOCUMENTS["Activity"], after=after)
    return page(request, "pages/activity.html", activity=signed_in.data["me"]["activity"])


async def secure_account_form(request: Request) -> Response:
    return link_form(request, "pages/secure_account.html")


async def secure_account_submit(request: Request) -> Response:
    report = DOCUMENTS["ReportUnrecognisedActivity"]
    return await link_submit(request, report, "pages/secure_account.html", "AccountSecured")
