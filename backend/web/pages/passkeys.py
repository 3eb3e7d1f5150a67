"""Passkey pages (PK1): add one (password, then the browser's ceremony) and remove one."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from backend.i18n import N_
from backend.web.documents import documents_beside
from backend.web.operation import needs_session, run, run_signed_in
from backend.web.pages.forms import read_form, submit, text
from backend.web.pages.step_up_first import detour
from backend.web.render import page

DOCUMENTS = documents_beside(__file__)
ADDED = {"FactorsChanged": "/profile?notice=passkey-added"}
REMOVED = {"FactorsChanged": "/profile?notice=passkey-removed"}


async def _new_page(request: Request, status: int = 200, **values: Any) -> Response:
    defaults: dict[str, Any] = {"options": None, "name": "", "error": None}
    return page(request, "pages/passkey_new.html", status=status, **{**defaults, **values})


@needs_session
async def new_form(request: Request) -> Response:
    return await detour(request) or await _new_page(request)


@needs_session
async def new_submit(request: Request) -> Response:
    """Step 1: the password; the answer carries the options for the browser. S1: a new
    factor needs a fresh code first (needs_session sends the browser to the step-up)."""
    form = await read_form(request)
    name = text(form, "name")
    password = text(form, "password")
    outcome = await run(request, DOCUMENTS["StartPasskeyRegistration"], password=password)
    if outcome.kind == "PasskeyOptions":
        return await _new_page(request, options=outcome.result["optionsJson"], name=name)
    return await _new_page(request, status=outcome.status, name=name, error=outcome.message)


@needs_session
async def finish_submit(request: Request) -> Response:
    """Step 2: the browser's answer; the passkey is kept or the reason is shown."""
    passkey = {"name": "name", "credential": "credential"}
    document = DOCUMENTS["FinishPasskeyRegistration"]
    return await submit(request, document, fields=passkey, done=ADDED, retry=_new_page)


@needs_session
async def remove_form(
    request: Request, *, status: int = 200, error: str | None = None, field: str | None = None
) -> Response:
    me = (await run_signed_in(request, DOCUMENTS["Passkeys"])).data["me"]
    passkey_id = str(request.path_params["passkey_id"])
    passkey = next((p for p in me["passkeys"] if p["id"] == passkey_id), None)
    if passkey is None:
        return page(request, "pages/error.html", status=404, title=N_("Not found"), message="")
    return page(request, "pages/passkey_remove.html", status=status, passkey=passkey, error=error)


@needs_session
async def remove_submit(request: Request) -> Response:
    passkey_id = str(request.path_params["passkey_id"])
    document, password = DOCUMENTS["RemovePasskey"], {"password": "password"}
    return await submit(
        request, document, fields=password, done=REMOVED, retry=remove_form, id=passkey_id
    )
