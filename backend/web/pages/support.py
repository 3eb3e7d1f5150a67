"""The support console (H1, S2, A4): a page for staff, the same GraphQL operations as the API."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from backend.i18n import N_
from backend.web.documents import documents_beside
from backend.web.operation import needs_session, run
from backend.web.pages.forms import read_form, text
from backend.web.render import page

DOCUMENTS = documents_beside(__file__)

STATUSES = ("UNCONFIRMED", "OPEN", "DONE")
STATUS_NAMES = {"UNCONFIRMED": N_("Unconfirmed"), "OPEN": N_("Open"), "DONE": N_("Done")}


@needs_session
async def console(
    request: Request, *, status: int = 200, error: str | None = None, notice: str | None = None
) -> Response:
    shown = request.query_params.get("status", "OPEN")
    listed = await run(
        request, DOCUMENTS["SupportRequests"], status=shown if shown in STATUSES else None
    )
    if listed.kind == "Forbidden":
        return page(
            request,
            "pages/error.html",
            status=403,
            title=N_("Support only"),
            message=listed.message,
        )
    return page(
        request,
        "pages/support.html",
        status=status,
        requests=listed.result["requests"],
        shown=shown,
        statuses=STATUSES,
        status_names=STATUS_NAMES,
        error=error,
        notice=notice,
    )


@needs_session
async def _act(request: Request, operation: str, done: str, **variables: object) -> Response:
    """Run one console action, then show the console with its outcome."""
    await read_form(request)
    outcome = await run(request, DOCUMENTS[operation], **variables)
    if outcome.kind in ("SupportRequestUpdated", "AccountStatusChanged"):
        return await console(request, notice=done)
    status = 403 if outcome.kind == "Forbidden" else outcome.status
    return await console(request, status=status, error=outcome.message)


# The console's buttons on a request: the operation, and what the console then says.
REQUEST_ACTIONS = {
    "reset-question": (
        "SupportResetSecurityQuestion",
        "The security question was reset; the user sets a new one at the next login.",
    ),
    "close": ("SupportCloseRequest", "The request is marked done."),
}


async def request_action_submit(request: Request) -> Response:
    """S2, H1: reset the question of a confirmed request, or mark a request done."""
    action = REQUEST_ACTIONS.get(request.path_params["action"])
    if action is None:
        return page(request, "pages/error.html", status=404, title=N_("Not found"), message="")
    operation, done = action
    return await _act(request, operation, done, id=request.path_params["request_id"])


async def account_submit(request: Request) -> Response:
    form = await read_form(request)
    active = text(form, "action") == "reactivate"
    email = text(form, "email")
    return await _act(
        request,
        "SupportSetAccountActive",
        f"{email} is now {'active' if active else 'deactivated'}.",
        email=email,
        active=active,
    )
