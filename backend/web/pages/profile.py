"""The profile page (M1) and logout (SE1)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from backend.web import operations
from backend.web.pages.forms import read_form
from backend.web.render import go, page, run


async def home(request: Request) -> Response:
    data, _ = await run(request, operations.ME)
    return go(request, "/profile" if data.get("me") else "/login")


async def profile(request: Request) -> Response:
    data, _ = await run(request, operations.ME)
    if data.get("me") is None:
        return go(request, "/login")
    return page(request, "pages/profile.html", me=data["me"])


async def logout_submit(request: Request) -> Response:
    await read_form(request)
    _, carrier = await run(request, operations.LOGOUT)
    return go(request, "/login", carrier)
