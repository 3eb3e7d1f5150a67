"""Outages and overload reach people as "try again" (O4), never as a 500 or a driver's text.

An outage (backend/outages.py) or a TryAgainLater that escapes a page or the API becomes a
503 with Retry-After: pages show a short page that says to try again, /graphql answers a
JSON error with a fixed public message and a code. The details go to the log only.
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.errors import DomainError, ServiceUnavailable, TryAgainLater
from backend.i18n import N_
from backend.outages import is_outage
from backend.web.language import language_of
from backend.web.render import page

logger = logging.getLogger("latchkey.outages")


def as_unavailable(exc: BaseException) -> ServiceUnavailable | TryAgainLater | None:
    """The public face of `exc` if it is an outage or overload; None for anything else."""
    if isinstance(exc, TryAgainLater | ServiceUnavailable):
        return exc
    return ServiceUnavailable() if is_outage(exc) else None


def unavailable_response(request: Request, failure: DomainError, retry_after: int) -> Response:
    headers = {"Retry-After": str(retry_after)}
    if request.url.path.startswith("/graphql"):
        error = {
            "message": failure.message.translate(language_of(request)),
            "extensions": {"code": failure.code.upper(), "retryAfterSeconds": retry_after},
        }
        return JSONResponse({"errors": [error]}, status_code=503, headers=headers)
    response = page(
        request,
        "pages/error.html",
        status=503,
        title=N_("Please try again in a moment"),
        message=failure.message,
    )
    response.headers.update(headers)
    return response


class Unavailable:
    """ASGI middleware: turns an escaped outage or overload into that 503."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:
            failure = as_unavailable(exc)
            if failure is None or started:
                raise
            logger.warning("%s %s: %s", scope.get("method"), scope.get("path"), repr(exc)[:300])
            request = Request(scope, receive)
            await unavailable_response(request, failure, failure.retry_after_seconds)(
                scope, receive, send
            )
