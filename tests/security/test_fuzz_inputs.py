"""A hypothesis pass over malformed GraphQL bodies and odd identifiers (G1, O3, SE1, SE3, T2).

Whatever bytes arrive at /graphql, the answer is JSON with 200 or 400, never a 5xx; whatever
text stands where an ID is expected (GraphQL arguments, page paths, the activity cursor), the
answer is the operation's own NotFound or a 4xx page, never Python's error text or a 500.
Runs in-process against the real app and database, in well under a minute.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import httpx
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from backend.mail.dev_sink import DevMailbox
from tests.api.flows import signed_up_user

FUZZ = settings(
    max_examples=120,
    deadline=None,
    # One app and one signed-in user serve every example: nothing here changes them.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any code point, lone surrogates included (json.dumps escapes them as \ud800).
ANY_TEXT = st.text(st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF))
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=12,
)
REQUESTS = st.fixed_dictionaries(
    {},
    optional={
        "query": ANY_TEXT | JSON_VALUES,
        "variables": JSON_VALUES,
        "operationName": ANY_TEXT | JSON_VALUES,
        "extensions": JSON_VALUES,
    },
)
BODIES = (
    st.binary(max_size=300)
    | JSON_VALUES.map(lambda v: json.dumps(v).encode())
    | REQUESTS.map(lambda r: json.dumps(r).encode())
    | st.integers(1, 5000).map(lambda depth: b'{"variables": ' + b"[" * depth + b"]" * depth + b"}")
)
# IDs travel in URLs too, which carry UTF-8 only: lone surrogates are the bodies' test's.
ODD_IDS = st.text(st.characters(codec="utf-8")).filter(lambda t: not (t.isascii() and t.isdigit()))

BY_ID = """mutation($id: ID!) {
  revokeSession(id: $id) { __typename ... on UserError { message } }
  forgetRememberedDevice(id: $id) { __typename ... on UserError { message } }
  removeTeamMember(memberId: $id) { __typename ... on UserError { message } }
  resendInvitation(memberId: $id) { __typename ... on UserError { message } }
}"""


@FUZZ
@given(body=BODIES)
@example(body=b"\xff\xfe{}")
@example(body=b'"{ me { email } }"')
@example(body=b'{"query": "{ me { email } } \\ud800"}')
async def test_g1_any_body_gets_json_and_never_a_server_error(
    client: httpx.AsyncClient, body: bytes
) -> None:
    """G1: 200 or 400, always a JSON object, never Python's words."""
    response = await client.post(
        "/graphql", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code in (200, 400), (body[:200], response.status_code, response.text)
    answer: dict[str, Any] = response.json()
    assert "data" in answer or answer["errors"][0]["message"]
    assert "Traceback" not in response.text and "codec" not in response.text


@FUZZ
@given(odd=ODD_IDS)
@example(odd="\u00b2")  # superscript two: str.isdigit() says yes, int() raises
@example(odd="\u0663")  # Arabic-Indic three: int() reads it as 3
async def test_g1_odd_identifiers_get_not_found_never_python_text(
    client: httpx.AsyncClient, mailbox: DevMailbox, odd: str
) -> None:
    """G1, SE1, SE3, T2: NotFound for every ID-taking mutation; pages answer below 500."""
    if "Authorization" not in client.headers:  # the first example signs in, once
        client.headers["Authorization"] = f"Bearer {await signed_up_user(client, mailbox)}"
    response = await client.post("/graphql", json={"query": BY_ID, "variables": {"id": odd}})
    assert response.status_code in (200, 400), response.text
    answer = response.json()
    for result in (answer.get("data") or {}).values():
        assert result["__typename"] == "NotFound", (odd, result)
        assert "int()" not in result.get("message", "")
    activity = await client.get("/profile/activity", params={"after": odd})
    assert activity.status_code < 500, activity.status_code
    passkey = await client.get(f"/profile/passkeys/{quote(odd, safe='')}/remove")
    assert passkey.status_code < 500, passkey.status_code
