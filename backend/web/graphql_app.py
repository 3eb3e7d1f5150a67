"""The /graphql endpoint: Strawberry over Starlette, with GraphiQL served from local files."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from backend.config import PROJECT_ROOT
from backend.schema.context import Context
from backend.services.client_info import ClientInfo
from backend.web.client_address import client_address

IDE_PAGE = PROJECT_ROOT / "frontend" / "templates" / "graphiql.html"


def client_info(request: Request) -> ClientInfo:
    """The client's address (behind trusted proxies only) and browser."""
    peer = request.client.host if request.client else ""
    forwarded = request.headers.get("x-forwarded-for", "")
    trusted = request.app.state.deps.settings.trusted_proxies
    return ClientInfo(
        ip=client_address(peer, forwarded, trusted),
        user_agent=request.headers.get("user-agent", ""),
    )


class LatchkeyGraphQL(GraphQL[Context, None]):
    """Context from the app's dependencies; GraphiQL without any CDN."""

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        assert isinstance(request, Request) and isinstance(response, Response)
        return Context(
            request=request,
            response=response,
            deps=request.app.state.deps,
            client=client_info(request),
        )

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return HTMLResponse(IDE_PAGE.read_text())
