"""Malformed GraphQL bodies (G1, O3): a 400 with a JSON error, never a 500 or Python's text."""

from __future__ import annotations

import httpx
import pytest

DEEP = b"[" * 100_000 + b"]" * 100_000

BODIES = {
    "invalid-utf8": b'{"query": "{ me { email } }\xff\xfe"}',
    "deeply-nested": b'{"query": "{ me { email } }", "variables": ' + DEEP + b"}",
    "json-string": b'"{ me { email } }"',
    "json-array-of-strings": b'["{ me { email } }"]',
    "json-number": b"42",
    "json-null": b"null",
    "lone-surrogate-query": b'{"query": "{ me { email } } \\ud800"}',
    "lone-surrogate-variable": (
        b'{"query": "mutation($e: String!) { login(email: $e, password: \\"x\\") '
        b'{ __typename } }", "variables": {"e": "\\udc00@example.com"}}'
    ),
    "lone-surrogate-operation-name": b'{"query": "{ me { email } }", "operationName": "\\ud800"}',
    "variables-a-string": b'{"query": "{ me { email } }", "variables": "x"}',
    "query-a-number": b'{"query": 42}',
    "truncated": b'{"query": "{ me',
    "empty": b"",
}


@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
async def test_g1_malformed_bodies_get_400_with_a_json_error(
    client: httpx.AsyncClient, body: bytes
) -> None:
    """G1: whatever the body, the answer is 400 and a JSON `errors` list a client can read."""
    response = await client.post(
        "/graphql", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400, (response.status_code, response.text[:300])
    errors = response.json()["errors"]
    assert errors and errors[0]["message"]
    assert "Traceback" not in response.text and "codec" not in response.text


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("POST", "/graphql", {"query": "{ me { email } }", "operationName": "Nope"}),
        ("GET", "/graphql?query=%7B%20me%20%7B%20email%20%7D%20%7D&operationName=X", None),
        ("GET", "/graphql?query=mutation%20%7B%20logout%20%7B%20__typename%20%7D%20%7D", None),
        ("PUT", "/graphql", {"query": "{ me { email } }"}),
        ("DELETE", "/graphql", None),
        ("PATCH", "/graphql", {"query": "{ me { email } }"}),
    ],
    ids=["unknown-operation", "unknown-operation-get", "mutation-by-get", "put", "delete", "patch"],
)
async def test_g1_every_graphql_refusal_is_json(
    client: httpx.AsyncClient, method: str, url: str, body: dict[str, str] | None
) -> None:
    """G1 (issue 22 #11): an unknown operationName or a method the endpoint does not take is
    answered with a JSON `errors` list (GraphiQL parses every answer), never text/plain."""
    response = await client.request(method, url, json=body, headers={"Accept": "application/json"})
    assert 400 <= response.status_code < 500
    assert response.headers["content-type"].startswith("application/json"), response.text
    assert response.json()["errors"][0]["message"]
