"""Request IDs, the one log line per request and its duration metric (O3).

Every response carries `X-Request-ID`; the same ID is on every log line written while the
request is served (structlog's context variables), on the crash page and in masked GraphQL
errors, so a person's "it said ID 3f2a..." leads to the traceback. An incoming ID is kept
only from a trusted reverse proxy (LATCHKEY_TRUSTED_PROXIES) that already logged it; from
anyone else it could be chosen to confuse the logs.

This wraps the whole app, outside Starlette's error middleware, so an unexpected exception
is logged here once, with its ID, after the crash page has been sent.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Sequence

import structlog
from starlette.datastructures import MutableHeaders
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.observability.metrics import observe_request
from backend.observability.request_id import KEY
from backend.web.client_address import Network, is_trusted

HEADER = "X-Request-ID"
# Polled every few seconds by probes and scrapers: their lines would drown the rest.
_QUIET_PREFIXES = ("/health/", "/metrics")
_ACCEPTED = re.compile(r"[A-Za-z0-9._:=+/-]{1,128}")
logger = logging.getLogger("latchkey.requests")


def route_template(scope: Scope, routes: Sequence[BaseRoute]) -> str:
    """The matched route's pattern (`/team/{member_id:int}/role`), never the raw path: raw
    paths hold IDs and would make one metric series per account."""
    endpoint = scope.get("endpoint")
    if endpoint is None:
        return "/static" if scope["path"].startswith("/static/") else "unmatched"
    candidates = [r for r in routes if getattr(r, "endpoint", None) is endpoint]
    for route in candidates:
        if len(candidates) == 1 or route.matches(scope)[0] == Match.FULL:
            return str(getattr(route, "path", "unmatched"))
    return "unmatched"


class RequestLog:
    """ASGI middleware: assign the ID, send it back, log the request and any crash."""

    def __init__(
        self,
        app: ASGIApp,
        routes: Sequence[BaseRoute],
        trusted_proxies: Sequence[Network] = (),
    ) -> None:
        self.app = app
        self.routes = routes
        self.trusted_proxies = trusted_proxies

    def _incoming(self, scope: Scope) -> str | None:
        peer = scope["client"][0] if scope.get("client") else ""
        if not self.trusted_proxies or not is_trusted(peer, self.trusted_proxies):
            return None
        value = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        return value if _ACCEPTED.fullmatch(value) else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = self._incoming(scope) or uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[HEADER] = request_id
            await send(message)

        with structlog.contextvars.bound_contextvars(**{KEY: request_id}):
            try:
                await self.app(scope, receive, send_with_id)
            except Exception:
                # Starlette's error middleware has sent the crash page and re-raised so that
                # someone logs it: that is us, with the ID. Raising on would log it twice.
                logger.exception("unexpected error")
            finally:
                seconds = time.perf_counter() - started
                route = route_template(scope, self.routes)
                observe_request(scope["method"], route, seconds)
                logger.log(
                    logging.DEBUG if scope["path"].startswith(_QUIET_PREFIXES) else logging.INFO,
                    "request",
                    extra={
                        "method": scope["method"],
                        "route": route,
                        "status": status,
                        "duration_ms": round(seconds * 1000, 1),
                    },
                )
