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
