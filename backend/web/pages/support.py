"""The support console (H1, S2, A4): a page for staff, the same GraphQL operations as the API."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from backend.web import operations
from backend.web.pages.forms import read_form, text
from backend.web.render import error_status, go, page, run

STATUSES = ("UNCONFIRMED", "OPEN", "DONE")


async def console(
    request: Request, *, status: int = 200, error: str | None = None, notice: str | None = None
) -> Response:
    shown = request.query_params.get("status", "OPEN")
    data, _ = await run(
        request, operations.SUPPORT_REQUESTS, status=shown if shown in STATUSES else None
    )
    result = data["result"]
    if result["__typename"] == "NotAuthenticated":
        return go(request, "/login")
    if result["__typename"] == "Forbidden":
        return page(
            request, "pages/error.html", status=403, title="Support only", message=result["message"]
        )
    return page(
        request,
        "pages/support.html",
        status=status,
        requests=result["requests"],
        shown=shown,
        statuses=STATUSES,
        error=error,
        notice=notice,
    )


async def _act(request: Request, document: str, done: str, **variables: object) -> Response:
    """Run one console action, then show the console with its outcome."""
    await read_form(request)
    data, _ = await run(request, document, **variables)
    result = data["result"]
    if result["__typename"] in ("SupportRequestUpdated", "AccountStatusChanged"):
        return await console(request, notice=done)
    if result["__typename"] == "NotAuthenticated":
        return go(request, "/login")
    status = 403 if result["__typename"] == "Forbidden" else error_status(result)
    return await console(request, status=status, error=result["message"])


async def reset_question_submit(request: Request) -> Response:
    return await _act(
        request,
        operations.SUPPORT_RESET_SECURITY_QUESTION,
        "The security question was reset; the user sets a new one at the next login.",
        id=request.path_params["request_id"],
    )


async def close_submit(request: Request) -> Response:
    return await _act(
        request,
        operations.SUPPORT_CLOSE_REQUEST,
        "The request is marked done.",
        id=request.path_params["request_id"],
    )


async def account_submit(request: Request) -> Response:
    form = await read_form(request)
    active = text(form, "action") == "reactivate"
    email = text(form, "email")
    return await _act(
        request,
        operations.SUPPORT_SET_ACCOUNT_ACTIVE,
        f"{email} is now {'active' if active else 'deactivated'}.",
        email=email,
        active=active,
    )
