"""The language switcher (X1): a plain form, so it works without JavaScript."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from backend import i18n
from backend.web.language import remember_choice
from backend.web.pages.forms import read_form, text


def _back_to(path: str) -> str:
    """The page the switcher was on; only a path on this site (never `//elsewhere`)."""
    if path.startswith("/") and not path.startswith("//") and "\\" not in path:
        return path
    return "/login"


async def choose_submit(request: Request) -> Response:
    """Remember the picked language on this browser and show the same page again, whole
    (not an HTMX fragment: the document's `lang` and every string change)."""
    form = await read_form(request)
    response = RedirectResponse(_back_to(text(form, "next")), status_code=303)
    language = i18n.supported(text(form, "language"))
    if language:
        remember_choice(request, response, language)
    return response
