"""The /graphql endpoint: Strawberry over Starlette, with GraphiQL served from local files."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from backend.config import PROJECT_ROOT
from backend.i18n import N_, Text
from backend.schema.context import Context
from backend.web.context import context_for
from backend.web.language import browser_language

PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
IDE_PAGE = PROJECT_ROOT / "frontend" / "templates" / "graphiql.html"


class Refused(HTTPException):
    """A request body refused before GraphQL reads it, with the reason for the catalog."""

    def __init__(self, reason: Text) -> None:
        super().__init__(400, reason.msgid)
        self.text = reason


# X1: what Strawberry says of a request it refuses, for the catalog (others stay as written).
STRAWBERRY_REASONS = {
    text.msgid: text
    for text in (
        N_("No GraphQL query found in the request"),
        N_("Unsupported content type"),
        N_("GraphQL only supports GET and POST requests."),
        N_("Unable to parse request body as JSON"),
    )
}


def _reason(refused: HTTPException, language: str) -> str:
    text = refused.text if isinstance(refused, Refused) else STRAWBERRY_REASONS.get(refused.reason)
    return text.translate(language) if text else refused.reason


def _decode_body(data: str | bytes) -> object:
    """A request body as JSON that is also valid Unicode, or a 400 saying what is wrong.

    `json.loads` accepts bytes that are not UTF-8 (it guesses), recurses until Python's limit
    on deep nesting, and lets "\\ud800" through as a lone surrogate that no encoder takes
    later: each of those would otherwise surface as a 500 or as Python's error text.
    """
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        raise Refused(N_("The request body is not valid UTF-8.")) from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        raise Refused(N_("The request body is not valid JSON.")) from None
    except RecursionError:
        raise Refused(N_("The request body is nested too deeply.")) from None
    # Valid UTF-8 holds no surrogates, so in bytes a lone one can only come from a \u escape:
    # bodies without one (nearly all, `me` among them) skip encoding the whole value again.
    if isinstance(data, bytes) and "\\u" not in text:
        return value
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise Refused(N_("The request body holds text that is not valid Unicode.")) from None
    return value


class LatchkeyGraphQL(GraphQL[Context, None]):
    """Context from the app's dependencies; GraphiQL without any CDN.

    G1: a request the view refuses (bad body, wrong method or content type) is answered
    with the usual JSON `errors` list, never plain text.
    """

    def decode_json(self, data: str | bytes) -> object:
        value = _decode_body(data)
        if not isinstance(value, dict):
            raise Refused(N_('The request body must be a JSON object such as {"query": "..."}.'))
        return value

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        try:
            return await super().run(request, context, root_value)
        except HTTPException as refused:
            message = _reason(refused, browser_language(request))
            code = HTTPStatus(refused.status_code).name  # BAD_REQUEST, METHOD_NOT_ALLOWED
            return JSONResponse(
                {"errors": [{"message": message, "extensions": {"code": code}}]},
                status_code=refused.status_code,
            )

    async def process_result(self, request: Any, result: ExecutionResult) -> GraphQLHTTPResponse:
        """G1: every top-level error has a `code`; GraphQL's own (the document does not parse,
        or asks for what the schema lacks) get theirs here. Their text stays graphql-core's:
        it describes the query to the developer who wrote it."""
        answer = await super().process_result(request, result)
        for error in answer.get("errors") or ():
            if not isinstance(error, dict):
                continue
            extensions = error.setdefault("extensions", {})
            if "code" not in extensions:
                syntax = str(error.get("message", "")).startswith("Syntax Error")
                extensions["code"] = PARSE_FAILED if syntax else VALIDATION_FAILED
        return answer

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        assert isinstance(request, Request) and isinstance(response, Response)
        return context_for(request, response)

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return HTMLResponse(IDE_PAGE.read_text())
