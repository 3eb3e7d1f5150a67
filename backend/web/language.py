"""Which language a request is answered in (X1), and the switcher that picks one.

In order: the language stored on the signed-in account (set from the profile, and at
sign-up), then the one picked with the switcher on this browser (a cookie), then the
browser's (or API client's) `Accept-Language`, then English. The account's choice is known
once the request's session was looked up (`Context.session` notes it in the request's
state), which every signed-in page and operation does before it answers.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from backend import i18n
from backend.web import cookies

# A choice made on a browser is kept this long (a year).
COOKIE_SECONDS = 365 * 24 * 3600


def language_of(request: Request) -> str:
    """The shipped language this request is answered in."""
    chosen = i18n.supported(getattr(request.state, "account_language", None))
    if chosen:
        return chosen
    return browser_language(request)


def browser_language(request: Request) -> str:
    """The switcher's cookie, else Accept-Language, else English (no account involved)."""
    settings = request.app.state.deps.settings
    picked = i18n.supported(request.cookies.get(cookies.language_name(settings)))
    return (
        picked
        or i18n.preferred_language(request.headers.get("accept-language", ""))
        or i18n.DEFAULT_LANGUAGE
    )


def remember_choice(request: Request, response: Response, language: str) -> None:
    """Keep a picked language on this browser (the switcher, a profile change)."""
    cookies.set_cookie(
        response,
        request.app.state.deps.settings,
        cookies.LANGUAGE,
        language,
        max_age=COOKIE_SECONDS,
    )
