"""Pages as GraphQL clients: run an operation in-process, then render a page or a fragment."""

from __future__ import annotations

import json
import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from backend.errors import ServiceUnavailable, TryAgainLater
from backend.outages import is_outage
from backend.schema.context import Context
from backend.web import csrf
from backend.web.graphql_app import client_info

logger = logging.getLogger("latchkey.pages")


class OperationFailed(RuntimeError):
    """The schema returned top-level errors: a bug, never an expected outcome."""


async def run(request: Request, document: str, **variables: Any) -> tuple[dict[str, Any], Response]:
    """Execute `document` against the app's schema as this browser; cookies land on the carrier."""
    carrier = Response()
    context = Context(
        request=request, response=carrier, deps=request.app.state.deps, client=client_info(request)
    )
    result = await request.app.state.schema.execute(
        document, variable_values=variables, context_value=context
    )
    if result.errors:
        original = result.errors[0].original_error
        if (
            original is not None and isinstance(original, ServiceUnavailable | TryAgainLater)
        ) or is_outage(original):
            raise original  # O4: the 503 "try again" page (backend/web/unavailable.py)
        logger.error("page operation failed: %s", result.errors)
        raise OperationFailed(str(result.errors[0]))
    return result.data or {}, carrier


def error_status(result: dict[str, Any]) -> int:
    """HTTP status for a refused form: 429 when the user must wait (R2), else 400."""
    return 429 if result["__typename"] in ("RateLimited", "ResendThrottled") else 400


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
    """The whole page, or only its main fragment when HTMX asked (one template either way)."""
    settings = request.app.state.deps.settings
    html = request.app.state.templates.get_template(template).render(
        layout="partial.html" if is_htmx(request) else "base.html",
        csrf_token=csrf.token_for(request, settings),
        settings=settings,
        request=request,
        **values,
    )
    response = HTMLResponse(html, status_code=status, headers={"Vary": "HX-Request"})
    csrf.remember(request, response, settings)
    _carry_cookies(carrier, response)
    return response


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
