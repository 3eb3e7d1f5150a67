"""The account owner's Applications page (I5): register, re-key and remove OIDC clients.

A new or rotated secret is shown on the page that answers the form, once: the page is
rendered in place (no redirect), so reloading it later cannot show the secret again.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from backend.web import operations
from backend.web.pages.forms import read_form, text
from backend.web.render import error_status, go, page, run


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


async def applications_page(request: Request, *, status: int = 200, **values: Any) -> Response:
    data, _ = await run(request, operations.APPLICATIONS)
    me = data.get("me")
    if me is None:
        return go(request, "/login")
    if me["account"]["role"] != "OWNER":
        message = "Only the account owner can manage applications."
        return page(request, "pages/error.html", status=403, title="Applications", message=message)
    defaults: dict[str, Any] = {"secret": None, "error": None, "field": None, "form": {}}
    return page(
        request,
        "pages/applications.html",
        status=status,
        applications=me["applications"],
        issuer=request.app.state.deps.settings.base_url.rstrip("/"),
        **{**defaults, **values},
    )


async def _answer(request: Request, result: dict[str, Any], **values: Any) -> Response:
    kind = result["__typename"]
    if kind == "NotAuthenticated":
        return go(request, "/login")
    if kind == "ApplicationSecret":
        return await applications_page(request, secret=result, **values)
    status = 403 if kind == "Forbidden" else error_status(result)
    return await applications_page(
        request, status=status, error=result["message"], field=result.get("field"), **values
    )


async def register_submit(request: Request) -> Response:
    form = await read_form(request)
    fields = {
        "name": text(form, "name"),
        "uris": _lines(text(form, "redirect_uris")),
        "logout": _lines(text(form, "post_logout_uris")),
        "public": text(form, "public") == "yes",
        "firstParty": text(form, "first_party") == "yes",
    }
    data, _ = await run(request, operations.REGISTER_APPLICATION, **fields)
    result = data["result"]
    kept = {k: text(form, k) for k in ("name", "redirect_uris", "post_logout_uris")}
    return await _answer(request, result, form={} if "clientSecret" in result else kept)


async def rotate_submit(request: Request) -> Response:
    await read_form(request)
    document = operations.ROTATE_APPLICATION_SECRET
    data, _ = await run(request, document, id=request.path_params["client_id"])
    return await _answer(request, data["result"])


async def remove_submit(request: Request) -> Response:
    await read_form(request)
    document = operations.REMOVE_APPLICATION
    data, _ = await run(request, document, id=request.path_params["client_id"])
    return await _answer(request, data["result"])
