"""ASGI middleware: request size limit and security headers (R4)."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend import i18n
from backend.i18n import N_
from backend.web.language import browser_language

MAX_BODY_BYTES = 1024 * 1024


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    """Refuse bodies over 1 MiB before anyone parses them (a 10 MB password is not a password)."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        seen = 0

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise BodyTooLarge
            return message

        try:
            await self.app(scope, counted_receive, send)
        except BodyTooLarge:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit_kib = self.max_bytes // 1024
        refusal = N_("Request too large: the limit is %(limit)s KiB.", limit=limit_kib)
        # X1: the body is unread, so no session: the switcher's cookie or Accept-Language.
        request = Request(scope)
        language = (
            browser_language(request)
            if "app" in scope
            else i18n.preferred_language(request.headers.get("accept-language", ""))
        )
        response = JSONResponse(
            {
                "errors": [
                    {
                        "message": refusal.translate(language),
                        "extensions": {"code": "REQUEST_TOO_LARGE"},
                    }
                ]
            },
            status_code=413,
        )
        await response(scope, receive, send)


PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# GraphiQL (React) writes <style> elements at run time, and its stylesheet carries its fonts
# as data: URIs; scripts stay 'self' only.
IDE_CSP = PAGE_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'") + (
    "; font-src 'self' data:"
)
# R1 with reCAPTCHA configured: Google's script and its frame (the only outside origins).
RECAPTCHA_CSP = (
    PAGE_CSP.replace(
        "script-src 'self'", "script-src 'self' https://www.google.com https://www.gstatic.com"
    )
    + "; frame-src https://www.google.com"
)


class SecurityHeaders:
    """CSP without inline scripts, no framing, no sniffing, no caching of personal pages."""

    def __init__(
        self,
        app: ASGIApp,
        hsts: bool,
        recaptcha: bool = False,
        return_origins: tuple[str, ...] = (),
    ) -> None:
        self.app = app
        self.hsts = hsts
        csp = RECAPTCHA_CSP if recaptcha else PAGE_CSP
        # I2: browsers hold a form's redirects to form-action too, and a sign-in posted on
        # these pages ends with a redirect to an allowed return-to origin.
        targets = " ".join(("'self'", *return_origins))
        self.page_csp = csp.replace("form-action 'self'", f"form-action {targets}")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                is_ide = "text/html" in headers.get("content-type", "") and scope[
                    "path"
                ].startswith("/graphql")
                headers.setdefault("Content-Security-Policy", IDE_CSP if is_ide else self.page_csp)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
                if not is_static:
                    headers.setdefault("Cache-Control", "no-store")
                if self.hsts:
                    headers.setdefault(
                        "Strict-Transport-Security", "max-age=63072000; includeSubDomains"
                    )
            await send(message)

        await self.app(scope, receive, send_with_headers)
