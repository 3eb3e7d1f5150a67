"""The account owner's Applications page (I5): register, re-key and remove OIDC clients.

A new or rotated secret is shown on the page that answers the form, once: the page is
rendered in place (no redirect), so reloading it later cannot show the secret again.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from backend.i18n import N_
from backend.web.documents import documents_beside
from backend.web.operation import Outcome, needs_session, run, run_signed_in
from backend.web.pages.forms import read_form, text
from backend.web.render import page

DOCUMENTS = documents_beside(__file__)


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


@needs_session
async def applications_page(request: Request, *, status: int = 200, **values: Any) -> Response:
    me = (await run_signed_in(request, DOCUMENTS["Applications"])).data["me"]
    if me["account"]["role"] != "OWNER":
        message = "Only the account owner can manage applications."
        return page(
            request, "pages/error.html", status=403, title=N_("Applications"), message=message
        )
    defaults: dict[str, Any] = {"secret": None, "error": None, "field": None, "form": {}}
    return page(
        request,
        "pages/applications.html",
        status=status,
        applications=me["applications"],
        issuer=request.app.state.deps.settings.base_url.rstrip("/"),
        **{**defaults, **values},
    )


async def _answer(request: Request, outcome: Outcome, **values: Any) -> Response:
    if outcome.kind == "ApplicationSecret":
        return await applications_page(request, secret=outcome.result, **values)
    refusal = outcome.refusal
    if outcome.kind == "Forbidden":
        refusal["status"] = 403
    return await applications_page(request, **refusal, **values)


@needs_session
async def register_submit(request: Request) -> Response:
    form = await read_form(request)
    fields = {
        "name": text(form, "name"),
        "uris": _lines(text(form, "redirect_uris")),
        "logout": _lines(text(form, "post_logout_uris")),
        "public": text(form, "public") == "yes",
        "firstParty": text(form, "first_party") == "yes",
    }
    outcome = await run(request, DOCUMENTS["RegisterApplication"], **fields)
    kept = {
        k: text(form, k)
        for k in ("name", "redirect_uris", "post_logout_uris", "public", "first_party")
    }
    return await _answer(request, outcome, form={} if "clientSecret" in outcome.result else kept)


@needs_session
async def rotate_submit(request: Request) -> Response:
    await read_form(request)
    document = DOCUMENTS["RotateApplicationSecret"]
    return await _answer(request, await run(request, document, id=request.path_params["client_id"]))


@needs_session
async def remove_submit(request: Request) -> Response:
    await read_form(request)
    document = DOCUMENTS["RemoveApplication"]
    return await _answer(request, await run(request, document, id=request.path_params["client_id"]))
