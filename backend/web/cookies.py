"""Cookie names and flags in one place: HttpOnly always, Secure and __Host- outside development.

With LATCHKEY_COOKIE_DOMAIN (I3) the session cookie alone is shared with that parent
domain's subdomains, so applications there (behind forward-auth) see the sign-in; a
`__Host-` cookie cannot name a domain, so it is then `__Secure-` instead.
"""

from __future__ import annotations

from starlette.responses import Response

from backend.config import Settings

SESSION = "latchkey_session"
LOGIN_ATTEMPT = "latchkey_login"
CSRF = "latchkey_csrf"
DEVICE = "latchkey_device"
# X1: the language picked with the switcher on this browser.
LANGUAGE = "latchkey_language"


def _domain(settings: Settings, base: str) -> str | None:
    return settings.cookie_domain or None if base == SESSION else None


def _name(settings: Settings, base: str) -> str:
    if settings.is_development:
        return base
    return f"__Secure-{base}" if _domain(settings, base) else f"__Host-{base}"


def session_name(settings: Settings) -> str:
    return _name(settings, SESSION)


def login_name(settings: Settings) -> str:
    return _name(settings, LOGIN_ATTEMPT)


def device_name(settings: Settings) -> str:
    return _name(settings, DEVICE)


def csrf_name(settings: Settings) -> str:
    return _name(settings, CSRF)


def language_name(settings: Settings) -> str:
    return _name(settings, LANGUAGE)


def set_cookie(
    response: Response, settings: Settings, base: str, value: str, max_age: int | None
) -> None:
    response.set_cookie(
        _name(settings, base),
        value,
        max_age=max_age,
        path="/",
        domain=_domain(settings, base),
        httponly=True,
        secure=not settings.is_development,
        samesite="lax",
    )


def delete_cookie(response: Response, settings: Settings, base: str) -> None:
    response.delete_cookie(
        _name(settings, base),
        path="/",
        domain=_domain(settings, base),
        httponly=True,
        secure=not settings.is_development,
        samesite="lax",
    )
