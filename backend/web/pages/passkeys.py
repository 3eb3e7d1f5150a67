"""Passkey pages (PK1): add one (password, then the browser's ceremony) and remove one."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from backend.web import operations
from backend.web.pages.forms import read_form, text
from backend.web.render import error_status, go, page, run


def _new_page(request: Request, status: int = 200, **values: Any) -> Response:
    defaults: dict[str, Any] = {"options": None, "name": "", "error": None}
    return page(request, "pages/passkey_new.html", status=status, **{**defaults, **values})


async def new_form(request: Request) -> Response:
    data, _ = await run(request, operations.ME)
    if data.get("me") is None:
        return go(request, "/login")
    return _new_page(request)


async def new_submit(request: Request) -> Response:
    """Step 1: the password; the answer carries the options for the browser."""
    form = await read_form(request)
    name = text(form, "name")
    data, _ = await run(
        request, operations.START_PASSKEY_REGISTRATION, password=text(form, "password")
    )
    result = data["result"]
    if result["__typename"] == "PasskeyOptions":
        return _new_page(request, options=result["optionsJson"], name=name)
    if result["__typename"] == "NotAuthenticated":
        return go(request, "/login")
    if result["__typename"] == "StepUpRequired":  # S1: a new factor needs a fresh code first
        return go(request, "/profile/verify?next=/profile/passkeys/new")
    return _new_page(request, status=error_status(result), name=name, error=result["message"])


async def finish_submit(request: Request) -> Response:
    """Step 2: the browser's answer; the passkey is kept or the reason is shown."""
    form = await read_form(request)
    data, carrier = await run(
        request,
        operations.FINISH_PASSKEY_REGISTRATION,
        name=text(form, "name"),
        credential=text(form, "credential"),
    )
    result = data["result"]
    if result["__typename"] == "FactorsChanged":
        return go(request, "/profile?notice=passkey-added", carrier)
    if result["__typename"] == "NotAuthenticated":
        return go(request, "/login")
    return _new_page(request, status=error_status(result), error=result["message"])


async def remove_form(request: Request, *, status: int = 200, error: str | None = None) -> Response:
    data, _ = await run(request, operations.PROFILE)
    me = data.get("me")
    if me is None:
        return go(request, "/login")
    passkey_id = str(request.path_params["passkey_id"])
    passkey = next((p for p in me["passkeys"] if p["id"] == passkey_id), None)
    if passkey is None:
        return page(request, "pages/error.html", status=404, title="Not found", message="")
    return page(request, "pages/passkey_remove.html", status=status, passkey=passkey, error=error)


async def remove_submit(request: Request) -> Response:
    form = await read_form(request)
    data, carrier = await run(
        request,
        operations.REMOVE_PASSKEY,
        id=str(request.path_params["passkey_id"]),
        password=text(form, "password"),
    )
    result = data["result"]
    if result["__typename"] == "FactorsChanged":
        return go(request, "/profile?notice=passkey-removed", carrier)
    if result["__typename"] == "NotAuthenticated":
        return go(request, "/login")
    return await remove_form(request, status=error_status(result), error=result["message"])
