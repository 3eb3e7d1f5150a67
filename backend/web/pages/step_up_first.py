"""S1 (issue 22 #5): a guarded form asks for the step-up code before it is shown, not after
it was filled in; the step-up then brings the browser back to the (still empty) form."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from backend.web.documents import documents_beside
from backend.web.operation import run
from backend.web.render import go

DOCUMENTS = documents_beside(__file__)


async def detour(request: Request) -> Response | None:
    """Where opening a guarded form leads instead of the form: the login page when signed
    out, the step-up when this session's last code is too old; None shows the form."""
    me = (await run(request, DOCUMENTS["StepUpReason"])).data["me"]
    if me is None:
        return go(request, "/login")
    if me["stepUpReason"] is None:
        return None
    return go(request, f"/profile/verify?next={quote(request.url.path)}")
