"""Cookie names and flags in one place: HttpOnly always, Secure and __Host- outside development."""

from __future__ import annotations

from starlette.responses import Response

from backend.config import Settings

SESSION = "latchkey_session"
LOGIN_ATTEMPT = "latchkey_login"
CSRF = "latchkey_csrf"
DEVICE = "latchkey_device"


def _name(settings: Settings, base: str) -> str:
    return base if settings.is_development else f"__Host-{base}"


def session_name(settings: Settings) -> str:
    return _name(settings, SESSION)


def login_name(settings: Settings) -> str:
    return _name(settings, LOGIN_ATTEMPT)


def device_name(settings: Settings) -> str:
    return _name(settings, DEVICE)


def csrf_name(settings: Settings) -> str:
    return _name(settings, CSRF)


def set_cookie(
    response: Response, settings: Settings, base: str, value: str, max_age: int | None
) -> None:
    response.set_cookie(
        _name(settings, base),
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        secure=not settings.is_development,
        samesite="lax",
    )


def delete_cookie(response: Response, settings: Settings, base: str) -> None:
    response.delete_cookie(
        _name(settings, base),
        path="/",
        httponly=True,
        secure=not settings.is_development,
        samesite="lax",
    )
