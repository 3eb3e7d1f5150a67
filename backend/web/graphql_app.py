"""The /graphql endpoint: Strawberry over Starlette, with GraphiQL served from local files."""

from __future__ import annotations

import json
from typing import Any

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.types.unset import UNSET

from backend.config import PROJECT_ROOT
from backend.schema.context import Context
from backend.web.context import context_for

IDE_PAGE = PROJECT_ROOT / "frontend" / "templates" / "graphiql.html"


def _refused(reason: str) -> HTTPException:
    return HTTPException(400, reason)


def _decode_body(data: str | bytes) -> object:
    """A request body as JSON that is also valid Unicode, or a 400 saying what is wrong.

    `json.loads` accepts bytes that are not UTF-8 (it guesses), recurses until Python's limit
    on deep nesting, and lets "\\ud800" through as a lone surrogate that no encoder takes
    later: each of those would otherwise surface as a 500 or as Python's error text.
    """
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        raise _refused("The request body is not valid UTF-8.") from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        raise _refused("The request body is not valid JSON.") from None
    except RecursionError:
        raise _refused("The request body is nested too deeply.") from None
    # Valid UTF-8 holds no surrogates, so in bytes a lone one can only come from a \u escape:
    # bodies without one (nearly all, `me` among them) skip encoding the whole value again.
    if isinstance(data, bytes) and "\\u" not in text:
        return value
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise _refused("The request body holds text that is not valid Unicode.") from None
    return value


class LatchkeyGraphQL(GraphQL[Context, None]):
    """Context from the app's dependencies; GraphiQL without any CDN.

    G1: a request the view refuses (bad body, wrong method or content type) is answered
    with the usual JSON `errors` list, never plain text.
    """

    def decode_json(self, data: str | bytes) -> object:
        value = _decode_body(data)
        if not isinstance(value, dict):
            raise _refused('The request body must be a JSON object such as {"query": "..."}.')
        return value

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        try:
            return await super().run(request, context, root_value)
        except HTTPException as refused:
            return JSONResponse(
                {"errors": [{"message": refused.reason}]}, status_code=refused.status_code
            )

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        assert isinstance(request, Request) and isinstance(response, Response)
        return context_for(request, response)

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return HTMLResponse(IDE_PAGE.read_text())
