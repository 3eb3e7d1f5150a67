"""X1, O3, G1: what a client reads in a top-level GraphQL error is in its language, and the
`code` in `extensions` stays the same in every language."""

from __future__ import annotations

from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from backend.errors import TryAgainLater
from backend.mail.dev_sink import DevMailbox
from tests.api.flows import signed_up_user
from tests.observability.test_request_ids import login_that_crashes

GERMAN = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}


async def post(client: httpx.AsyncClient, **body: Any) -> tuple[int, dict[str, Any]]:
    response = await client.post("/graphql", json=body, headers=GERMAN)
    error: dict[str, Any] = response.json()["errors"][0]
    return response.status_code, error


async def test_x1_an_unexpected_error_is_worded_in_german_with_the_request_id(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    await signed_up_user(client, mailbox)
    response = await login_that_crashes(client, GERMAN)
    error = response.json()["errors"][0]
    request_id = response.headers["x-request-id"]
    assert error["message"] == (
        "Bei uns ist etwas schiefgelaufen. Bitte versuchen Sie es erneut; wenn es wieder "
        f"passiert, nennen Sie dem Support die Anfrage-ID {request_id}."
    )
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}


async def test_x1_a_domain_error_outside_a_union_is_in_german_with_its_code(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """`activity(after:)` with a cursor that is no cursor: InvalidInput, a top-level error."""
    client.headers.update(GERMAN)  # she signs up in German: her stored language
    session = await signed_up_user(client, mailbox)
    response = await client.post(
        "/graphql",
        json={"query": '{ me { activity(after: "²") { nextCursor } } }'},
        headers={"Authorization": f"Bearer {session}"},
    )
    error = response.json()["errors"][0]
    assert error["message"] == "Das ist kein Cursor aus diesem Aktivitätsprotokoll."
    assert error["extensions"] == {"code": "invalid_input"}


async def test_g1_graphqls_own_errors_carry_a_stable_code(client: httpx.AsyncClient) -> None:
    _, unknown = await post(client, query="{ nothingHere }")
    assert "nothingHere" in unknown["message"]  # for the developer who wrote the query
    assert unknown["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}
    _, broken = await post(client, query="{ me { ")
    assert broken["extensions"] == {"code": "GRAPHQL_PARSE_FAILED"}


async def test_x1_refused_bodies_are_explained_in_german(client: httpx.AsyncClient) -> None:
    """G1: bodies GraphQL never reads (not JSON, not an object, too large) say why, in German."""
    not_json = await client.post(
        "/graphql",
        content=b"{not json",
        headers={**GERMAN, "Content-Type": "application/json"},
    )
    assert not_json.status_code == 400
    assert not_json.json()["errors"] == [
        {
            "message": "Der Anfrageinhalt ist kein gültiges JSON.",
            "extensions": {"code": "BAD_REQUEST"},
        }
    ]
    status, no_query = await post(client)
    assert (status, no_query["message"]) == (400, "Die Anfrage enthält keine GraphQL-Abfrage.")
    huge = await client.post(
        "/graphql",
        json={"query": "{ me { email } }", "variables": {"p": "x" * 2_000_000}},
        headers=GERMAN,
    )
    assert huge.status_code == 413
    assert huge.json()["errors"][0] == {
        "message": "Anfrage zu groß: Die Grenze liegt bei 1024 KiB.",
        "extensions": {"code": "REQUEST_TOO_LARGE"},
    }


async def test_x1_an_overload_refusal_outside_graphql_is_in_german(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    """O4: a TryAgainLater that escapes to the middleware answers 503 with a German message."""

    async def busy(request: Request) -> Response:
        raise TryAgainLater(3)

    app.router.routes.append(Route("/graphql/busy-for-test", busy, methods=["POST"]))
    response = await client.post("/graphql/busy-for-test", json={}, headers=GERMAN)
    assert response.status_code == 503 and response.headers["retry-after"] == "3"
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "TRY_AGAIN_LATER", "retryAfterSeconds": 3}
    assert "3 Sekunden" in error["message"]
