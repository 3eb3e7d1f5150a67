"""Forgot-password pages (P1): ask for a link, then set a new password from it."""

from __future__ import annotations

import functools

from starlette.requests import Request
from starlette.responses import Response

from backend.web.documents import documents_beside
from backend.web.operation import run
from backend.web.pages.forms import captcha_fields, captcha_solution, read_form, submit, text
from backend.web.render import page

DOCUMENTS = documents_beside(__file__)


async def forgot_form(request: Request) -> Response:
    captcha = await captcha_fields(request, "PASSWORD_RESET")
    return page(request, "pages/forgot.html", email="", error=None, sent=None, **captcha)


async def forgot_submit(request: Request) -> Response:
    form = await read_form(request)
    email = text(form, "email")
    solution = captcha_solution(form)
    outcome = await run(request, DOCUMENTS["RequestPasswordReset"], email=email, captcha=solution)
    if outcome.kind == "PasswordResetRequested":
        return page(request, "pages/forgot.html", email=email, error=None, sent=outcome.message)
    return page(
        request,
        "pages/forgot.html",
        status=outcome.status,
        email=email,
        error=outcome.message,
        sent=None,
        **await captcha_fields(request, "PASSWORD_RESET", solution=solution),
    )


async def reset_form(
    request: Request,
    *,
    token: str | None = None,
    status: int = 200,
    error: str | None = None,
    field: str | None = None,
) -> Response:
    token = token if token is not None else request.query_params.get("token", "")
    link = await run(request, DOCUMENTS["PasswordResetLink"], token=token)
    if link.kind != "PasswordResetLink":
        return page(request, "pages/reset_invalid.html", status=410, message=link.message)
    email = link.result["email"]
    return page(request, "pages/reset.html", status=status, token=token, email=email, error=error)


async def reset_submit(request: Request) -> Response:
    form = await read_form(request)
    retry = functools.partial(reset_form, token=text(form, "token"))
    new_password = {"token": "token", "password": "password"}
    done = {"PasswordChanged": "/login?notice=reset"}
    document = DOCUMENTS["ResetPassword"]
    return await submit(request, document, fields=new_password, done=done, retry=retry)
