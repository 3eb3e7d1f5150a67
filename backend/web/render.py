"""A page answers with the whole page or, for HTMX, only its fragment; or it redirects."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from backend import i18n
from backend.web import csrf
from backend.web.language import language_of


def is_htmx(request: Request) -> bool:
    return (
        request.headers.get("hx-request") == "true"
        and request.headers.get("hx-history-restore-request") != "true"
    )


def _carry_cookies(carrier: Response | None, response: Response) -> Response:
    if carrier is not None:
        for name, value in carrier.raw_headers:
            if name == b"set-cookie":
                response.raw_headers.append((name, value))
    return response


def page(
    request: Request,
    template: str,
    *,
    status: int = 200,
    carrier: Response | None = None,
    **values: Any,
) -> HTMLResponse:
    """The whole page, or only its main fragment when HTMX asked (one template either way),
    in the request's language (X1)."""
    settings = request.app.state.deps.settings
    html, language = _rendered(request, template, **values)
    if is_htmx(request) and request.method == "GET" and _shown_in(request) not in (None, language):
        # X1: signing in switched to the account's language; the document around this
        # fragment is in another, so load the page whole (its `lang` and all).
        whole = HTMLResponse(status_code=204, headers={"HX-Redirect": _path_and_query(request)})
        _carry_cookies(carrier, whole)
        return whole
    response = HTMLResponse(html, status_code=status, headers={"Vary": "HX-Request"})
    csrf.remember(request, response, settings)
    _carry_cookies(carrier, response)
    return response


def fragment(request: Request, template: str, **values: Any) -> HTMLResponse:
    """A piece of a page that a page's script fetches into it (never a page of its own, so
    never cached: what it shows can change from one request to the next)."""
    html, _ = _rendered(request, template, **values)
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


def _rendered(request: Request, template: str, **values: Any) -> tuple[str, str]:
    """`template` in the request's language (X1), with what every page template reads; the
    HTML and that language."""
    settings = request.app.state.deps.settings
    with i18n.use_language(language_of(request)) as language:
        html = request.app.state.templates.get_template(template).render(
            layout="partial.html" if is_htmx(request) else "base.html",
            csrf_token=csrf.token_for(request, settings),
            settings=settings,
            request=request,
            lang=language,
            languages=i18n.LANGUAGES,
            **values,
        )
    return html, language


def _shown_in(request: Request) -> str | None:
    """The language of the document an HTMX request came from (base.html sends it)."""
    return request.headers.get("x-page-language")


def _path_and_query(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def go(request: Request, url: str, carrier: Response | None = None) -> Response:
    """Post/redirect/get; HTMX instead fetches the next fragment into <main>, or, for an
    absolute URL (a return-to into another application, I2), loads that whole page."""
    response: Response
    if is_htmx(request) and not url.startswith("/"):
        response = Response(status_code=204, headers={"HX-Redirect": url})
    elif is_htmx(request):
        location = json.dumps({"path": url, "target": "#main"})
        response = Response(status_code=204, headers={"HX-Location": location})
    else:
        response = RedirectResponse(url, status_code=303)
    return _carry_cookies(carrier, response)
