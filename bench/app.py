"""The real app plus bare Starlette routes doing the same session lookup as `me` and
`/auth/verify`.

Only the benchmark serves this (`uvicorn bench.app:create --factory`): the product has no
such routes. They give the floors a GraphQL `me` query (figure 3) and forward-auth (figure 7)
are compared against.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from backend.app import create_app
from backend.services.sessions import session_for_token


async def bare_session(request: Request) -> Response:
    token = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    session = await session_for_token(request.app.state.deps, token)
    if session is None:
        return JSONResponse({"me": None})
    return JSONResponse({"me": {"email": session.user.email}})


async def bare_cookie_session(request: Request) -> Response:
    """The lookup of /auth/verify (the session cookie, one query) and a bare 200."""
    token = request.cookies.get("latchkey_session", "")
    session = await session_for_token(request.app.state.deps, token)
    return Response(status_code=200 if session is not None else 401)


def create() -> Starlette:
    app = create_app()
    app.router.routes.insert(0, Route("/bench/session", bare_session))
    app.router.routes.insert(0, Route("/bench/cookie-session", bare_cookie_session))
    return app
