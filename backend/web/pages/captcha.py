"""R1: the ALTCHA widget fetches its challenge here (plain JSON, never cached)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from backend.services import captcha


async def altcha_challenge(request: Request) -> Response:
    challenge = captcha.altcha_challenge(request.app.state.deps)
    return JSONResponse(challenge, headers={"Cache-Control": "no-store"})
