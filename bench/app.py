"""The real app plus bare Starlette routes: the floors `me` (figure 3) and forward-auth
(figure 4) are compared against (figure 5).

Only the benchmark serves this (`uvicorn bench.app:create --factory`): the product has no
such routes. All of them pass through the app's middleware, as every real request does.

- /bench/constant: a constant JSON answer, the framework's limit;
- /bench/asyncpg-session: the session found with one asyncpg statement written by hand, the
  database's limit (PostgreSQL only);
- /bench/session and /bench/cookie-session: the product's own session check
  (`session_for_token`) behind a bare route, by Bearer token and by cookie.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from tortoise import connections

from backend.app import create_app
from backend.services.sessions import session_for_token
from backend.services.tokens import hash_token

BARE_LOOKUP = (
    'SELECT u."email" FROM "sessions" s JOIN "users" u ON u."id" = s."user_id"'
    ' WHERE s."token_hash" = $1 AND s."expires_at" > now() AND u."is_active"'
)


def _token(request: Request) -> str:
    bearer = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    return bearer or request.cookies.get("latchkey_session", "")


async def constant(request: Request) -> Response:
    return JSONResponse({"me": {"email": "bench@example.com"}})


async def asyncpg_session(request: Request) -> Response:
    async with connections.get("default").acquire_connection() as connection:
        email = await connection.fetchval(BARE_LOOKUP, hash_token(_token(request)))
    if email is None:
        return JSONResponse({"me": None}, status_code=401)
    return JSONResponse({"me": {"email": email}})


async def bare_session(request: Request) -> Response:
    session = await session_for_token(request.app.state.deps, _token(request))
    if session is None:
        return JSONResponse({"me": None})
    return JSONResponse({"me": {"email": session.user.email}})


async def bare_cookie_session(request: Request) -> Response:
    """The lookup of /auth/verify (the session cookie, one query) and a bare 200."""
    session = await session_for_token(request.app.state.deps, _token(request))
    return Response(status_code=200 if session is not None else 401)


def create() -> Starlette:
    app = create_app()
    for path, endpoint in [
        ("/bench/constant", constant),
        ("/bench/asyncpg-session", asyncpg_session),
        ("/bench/session", bare_session),
        ("/bench/cookie-session", bare_cookie_session),
    ]:
        app.router.routes.insert(0, Route(path, endpoint))
    return app
