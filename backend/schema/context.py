"""The per-request context shared by GraphQL over HTTP and the in-process page calls.

What a browser keeps between requests (the session, the remembered device, the login in
progress) is the web layer's business: `backend/web/context.py` implements the abstract
methods with cookies, so resolvers never know a cookie name or flag.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from starlette.requests import Request

from backend import i18n
from backend.deps import Deps
from backend.errors import NotAuthenticated
from backend.models import Session
from backend.services.client_info import ClientInfo
from backend.services.sessions import session_for_token


@dataclass
class Context(ABC):
    request: Request
    deps: Deps
    client: ClientInfo
    _session: Session | None = field(default=None, init=False)
    _session_loaded: bool = field(default=False, init=False)

    @property
    @abstractmethod
    def browser_session_token(self) -> str:
        """The session the browser holds, if any."""

    @property
    @abstractmethod
    def device_token(self) -> str:
        """The browser's remembered device (L6), if it sent one."""

    @abstractmethod
    def set_session(self, token: str) -> None:
        """The browser keeps this new session."""

    @abstractmethod
    def remember_device(self, token: str) -> None:
        """The browser keeps this remembered device (L6)."""

    @abstractmethod
    def forget_session(self) -> None:
        """The browser drops its session (logout, or a change that signs it out)."""

    @abstractmethod
    def forget_login_attempt(self) -> None:
        """The login in progress is over: the browser need not point at it any more."""

    @property
    def session_token(self) -> str:
        """Bearer header for API clients, else the browser's session."""
        header = self.request.headers.get("authorization", "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
        return self.browser_session_token

    async def session(self) -> Session | None:
        """The caller's live session, looked up at most once per request."""
        if not self._session_loaded:
            self._session = await session_for_token(self.deps, self.session_token)
            self._session_loaded = True
            if self._session is not None:
                # X1: pages rendered for this request use the account's language too.
                self.request.state.account_language = self._session.user.language
        return self._session

    @property
    def preferred_language(self) -> str:
        """X1: the language asked for without an account's choice: Accept-Language (the
        web layer adds the browser's own pick)."""
        header = self.request.headers.get("accept-language", "")
        return i18n.preferred_language(header) or i18n.DEFAULT_LANGUAGE

    @property
    def language(self) -> str:
        """X1: the language `message` fields are written in: the signed-in account's stored
        choice, else the preferred one."""
        account = self._session.user.language if self._session is not None else None
        return i18n.supported(account) or self.preferred_language

    async def signed_in(self) -> Session:
        """The caller's session, or NotAuthenticated."""
        session = await self.session()
        if session is None:
            raise NotAuthenticated()
        return session
