""" "Can't login?" (H1, S2): the helper form and the confirmation link of a question reset."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from backend.i18n import N_
from backend.web.documents import documents_beside
from backend.web.operation import run
from backend.web.pages.forms import captcha_fields, captcha_solution, read_form, text
from backend.web.pages.links import link_form, link_submit
from backend.web.render import page

DOCUMENTS = documents_beside(__file__)

KINDS = {
    "CANT_LOGIN": N_("I can't log in (lost phone, no codes arriving, anything else)"),
    "RESET_SECURITY_QUESTION": N_("Reset my security question (I forgot the answer)"),
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
    return _form(request, **await captcha_fields(request, "HELP"))


async def help_submit(request: Request) -> Response:
    form = await read_form(request)
    email, message = text(form, "email"), text(form, "message")
    kind = text(form, "kind") if text(form, "kind") in KINDS else "CANT_LOGIN"
    solution = captcha_solution(form)
    outcome = await run(
        request,
        DOCUMENTS["FileHelpRequest"],
        email=email,
        kind=kind,
        message=message,
        captcha=solution,
    )
    if outcome.kind == "HelpRequestFiled":
        return _form(request, sent=outcome.message)
    return _form(
        request,
        **outcome.refusal,
        email=email,
        kind=kind,
        message=message,
        **await captcha_fields(request, "HELP", solution=solution),
    )


async def confirm_form(request: Request) -> Response:
    return link_form(request, "pages/help_confirm.html")


async def confirm_submit(request: Request) -> Response:
    confirm = DOCUMENTS["ConfirmHelpRequest"]
    return await link_submit(request, confirm, "pages/help_confirm.html", "HelpRequestConfirmed")
