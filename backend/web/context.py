"""The GraphQL context of a browser request: what the browser keeps lives in cookies."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from backend.schema.context import Context
from backend.services import trusted_devices
from backend.services.client_info import ClientInfo
from backend.web import cookies
from backend.web.client_address import client_address
from backend.web.language import browser_language


def client_info(request: Request) -> ClientInfo:
    """The client's address (behind trusted proxies only) and browser."""
    peer = request.client.host if request.client else ""
    forwarded = request.headers.get("x-forwarded-for", "")
    trusted = request.app.state.deps.settings.trusted_proxies
    return ClientInfo(
        ip=client_address(peer, forwarded, trusted),
        user_agent=request.headers.get("user-agent", ""),
    )


@dataclass
class BrowserContext(Context):
    """Cookies read from the request and set on `response` (for pages, a carrier whose
    Set-Cookie headers are copied onto the page's answer)."""

    response: Response

    @property
    def preferred_language(self) -> str:
        """X1: the switcher's pick on this browser, else Accept-Language."""
        return browser_language(self.request)

    @property
    def browser_session_token(self) -> str:
        return self.request.cookies.get(cookies.session_name(self.deps.settings), "")

    @property
    def device_token(self) -> str:
        return self.request.cookies.get(cookies.device_name(self.deps.settings), "")

    def set_session(self, token: str) -> None:
        max_age = self.deps.settings.session_absolute_hours * 3600
        cookies.set_cookie(self.response, self.deps.settings, cookies.SESSION, token, max_age)

    def remember_device(self, token: str) -> None:
        max_age = int(trusted_devices.TRUST_FOR.total_seconds())
        cookies.set_cookie(self.response, self.deps.settings, cookies.DEVICE, token, max_age)

    def forget_session(self) -> None:
        cookies.delete_cookie(self.response, self.deps.settings, cookies.SESSION)

    def forget_login_attempt(self) -> None:
        cookies.delete_cookie(self.response, self.deps.settings, cookies.LOGIN_ATTEMPT)


def context_for(request: Request, response: Response) -> BrowserContext:
    return BrowserContext(
        request=request, deps=request.app.state.deps, client=client_info(request), response=response
    )
