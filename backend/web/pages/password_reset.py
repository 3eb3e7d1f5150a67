"""Forgot-password pages (P1): ask for a link, then set a new password from it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from backend.web import operations
from backend.web.pages.forms import captcha_shown, captcha_solution, read_form, text
from backend.web.render import error_status, go, page, run


async def forgot_form(request: Request) -> Response:
    return page(request, "pages/forgot.html", email="", error=None, sent=None)


async def forgot_submit(request: Request) -> Response:
    form = await read_form(request)
    email = text(form, "email")
    solution = captcha_solution(form)
    data, _ = await run(request, operations.REQUEST_PASSWORD_RESET, email=email, captcha=solution)
    result = data["result"]
    if result["__typename"] == "PasswordResetRequested":
        return page(request, "pages/forgot.html", email=email, error=None, sent=result["message"])
    return page(
        request,
        "pages/forgot.html",
        status=error_status(result),
        email=email,
        error=result["message"],
        sent=None,
        captcha_needed=captcha_shown(result, solution),
    )


async def reset_form(
    request: Request, *, token: str | None = None, status: int = 200, error: str | None = None
) -> Response:
    token = token if token is not None else request.query_params.get("token", "")
    data, _ = await run(request, operations.PASSWORD_RESET_LINK, token=token)
    link = data["result"]
    if link["__typename"] != "PasswordResetLink":
        return page(request, "pages/reset_invalid.html", status=410, message=link["message"])
    return page(
        request, "pages/reset.html", status=status, token=token, email=link["email"], error=error
    )


async def reset_submit(request: Request) -> Response:
    form = await read_form(request)
    token = text(form, "token")
    data, carrier = await run(
        request, operations.RESET_PASSWORD, token=token, password=text(form, "password")
    )
    result = data["result"]
    if result["__typename"] == "PasswordChanged":
        return go(request, "/login?notice=reset", carrier)
    return await reset_form(
        request, token=token, status=error_status(result), error=result["message"]
    )
