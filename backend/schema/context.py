"""The per-request context shared by GraphQL over HTTP and the in-process page calls."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import Response

from backend.deps import Deps
from backend.errors import NotAuthenticated
from backend.models import Session
from backend.services.client_info import ClientInfo
from backend.services.sessions import session_for_token
from backend.web import cookies


@dataclass
class Context:
    request: Request
    response: Response
    deps: Deps
    client: ClientInfo
    _session: Session | None = field(default=None, init=False)
    _session_loaded: bool = field(default=False, init=False)

    @property
    def session_token(self) -> str:
        """Bearer header for API clients, else the browser's session cookie."""
        header = self.request.headers.get("authorization", "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
        return self.request.cookies.get(cookies.session_name(self.deps.settings), "")

    @property
    def device_token(self) -> str:
        """The browser's remembered-device cookie (L6), if it sent one."""
        return self.request.cookies.get(cookies.device_name(self.deps.settings), "")

    async def session(self) -> Session | None:
        """The caller's live session, looked up at most once per request."""
        if not self._session_loaded:
            self._session = await session_for_token(self.deps, self.session_token)
            self._session_loaded = True
        return self._session

    async def signed_in(self) -> Session:
        """The caller's session, or NotAuthenticated."""
        session = await self.session()
        if session is None:
            raise NotAuthenticated()
        return session
