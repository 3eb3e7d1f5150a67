"""The real app plus one bare Starlette route doing the same session lookup as `me`.

Only the benchmark serves this (`uvicorn bench.app:create --factory`): the product has no
such route. It gives the floor a GraphQL `me` query is compared against (figure 3).
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


def create() -> Starlette:
    app = create_app()
    app.router.routes.insert(0, Route("/bench/session", bare_session))
    return app
