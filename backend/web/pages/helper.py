""" "Can't login?" (H1, S2): the helper form and the confirmation link of a question reset."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from backend.web import operations
from backend.web.pages.forms import captcha_shown, captcha_solution, read_form, text
from backend.web.pages.links import link_form, link_submit
from backend.web.render import error_status, page, run

KINDS = {
    "CANT_LOGIN": "I can't log in (lost phone, no codes arriving, anything else)",
    "RESET_SECURITY_QUESTION": "Reset my security question (I forgot the answer)",
}


def _form(request: Request, status: int = 200, **values: Any) -> Response:
    defaults: dict[str, Any] = {
        "email": "",
        "kind": "CANT_LOGIN",
        "message": "",
        "error": None,
        "field": None,
        "sent": None,
    }
    return page(request, "pages/help.html", status=status, kinds=KINDS, **{**defaults, **values})


async def help_form(request: Request) -> Response:
    return _form(request)


async def help_submit(request: Request) -> Response:
    form = await read_form(request)
    email, message = text(form, "email"), text(form, "message")
    kind = text(form, "kind") if text(form, "kind") in KINDS else "CANT_LOGIN"
    solution = captcha_solution(form)
    data, _ = await run(
        request,
        operations.FILE_HELP_REQUEST,
        email=email,
        kind=kind,
        message=message,
        captcha=solution,
    )
    result = data["result"]
    if result["__typename"] == "HelpRequestFiled":
        return _form(request, sent=result["message"])
    return _form(
        request,
        status=error_status(result),
        email=email,
        kind=kind,
        message=message,
        error=result["message"],
        field=result.get("field"),
        captcha_needed=captcha_shown(result, solution),
    )


async def confirm_form(request: Request) -> Response:
    return link_form(request, "pages/help_confirm.html")


async def confirm_submit(request: Request) -> Response:
    return await link_submit(
        request, operations.CONFIRM_HELP_REQUEST, "pages/help_confirm.html", "HelpRequestConfirmed"
    )
