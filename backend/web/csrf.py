"""CSRF for plain form posts (R4): a per-browser random token in a cookie and in each form."""

from __future__ import annotations

import hmac
import secrets

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from backend.config import Settings
from backend.web import cookies

FIELD = "csrf_token"
_STATE_KEY = "csrf_token"


def token_for(request: Request, settings: Settings) -> str:
    """The browser's token, minting one (to be set by `remember`) on its first visit."""
    existing = request.cookies.get(cookies.csrf_name(settings), "")
    if len(existing) >= 32:
        return existing
    minted: str | None = getattr(request.state, _STATE_KEY, None)
    if minted is None:
        minted = secrets.token_urlsafe(32)
        setattr(request.state, _STATE_KEY, minted)
    return minted


def remember(request: Request, response: Response, settings: Settings) -> None:
    """Set the cookie for a token minted during this request."""
    minted: str | None = getattr(request.state, _STATE_KEY, None)
    if minted is not None:
        cookies.set_cookie(response, settings, cookies.CSRF, minted, max_age=None)


def is_valid(request: Request, form: FormData, settings: Settings) -> bool:
    """A cross-site form cannot read our cookie, so it cannot echo it back."""
    expected = request.cookies.get(cookies.csrf_name(settings), "")
    submitted = form.get(FIELD, "")
    return (
        len(expected) >= 32
        and isinstance(submitted, str)
        and hmac.compare_digest(expected.encode(), submitted.encode())
    )
