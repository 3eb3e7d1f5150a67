"""I5: account owners manage their OpenID Connect applications through GraphQL."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from backend.mail.dev_sink import DevMailbox
from backend.models import Role, User
from tests.oidc.helpers import signed_in
from tests.pages.helpers import HTMX, csrf_of

REGISTER = """
mutation($name: String!, $uris: [String!]!, $public: Boolean!) {
  result: registerApplication(name: $name, redirectUris: $uris, public: $public,
                              postLogoutUris: ["https://app.example.com/bye"]) {
    __typename
    ... on ApplicationSecret { clientSecret application { clientId name redirectUris public } }
    ... on UserError { message }
    ... on InvalidInput { field }
  }
}
"""
ROTATE = """mutation($id: ID!) { result: rotateApplicationSecret(clientId: $id) {
  __typename ... on ApplicationSecret { clientSecret } ... on UserError { message } } }"""
REMOVE = """mutation($id: ID!) { result: removeApplication(clientId: $id) {
  __typename ... on UserError { message } } }"""
MINE = "{ me { applications { clientId name postLogoutUris firstParty } } }"
CALLBACK = "https://app.example.com/callback"


async def _gql(http: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    answer = await http.post("/graphql", json={"query": query, "variables": variables})
    body: dict[str, Any] = answer.json()
    assert "errors" not in body, body
    return body["data"]


async def _token_answer(http: httpx.AsyncClient, client_id: str, secret: str) -> str:
    form = {"grant_type": "authorization_code", "code": "made-up", "redirect_uri": CALLBACK}
    error: str = (await http.post("/token", data=form, auth=(client_id, secret))).json()["error"]
    return error


async def test_i5_owner_registers_rotates_and_removes_an_application(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    await signed_in(client, mailbox, "owner@example.com")
    bad = await _gql(
        client, REGISTER, name="Wiki", uris=["http://wiki.example.com/cb"], public=False
    )
    assert bad["result"]["__typename"] == "InvalidInput"
    assert bad["result"]["field"] == "redirect_uris"
    made = (await _gql(client, REGISTER, name="Wiki", uris=[CALLBACK], public=False))["result"]
    assert made["__typename"] == "ApplicationSecret" and made["clientSecret"]
    client_id = made["application"]["clientId"]
    listed = (await _gql(client, MINE))["me"]["applications"]
    assert listed == [
        {
            "clientId": client_id,
            "name": "Wiki",
            "postLogoutUris": ["https://app.example.com/bye"],
            "firstParty": False,
        }
    ]
    assert await _token_answer(client, client_id, made["clientSecret"]) == "invalid_grant"
    rotated = (await _gql(client, ROTATE, id=client_id))["result"]["clientSecret"]
    assert await _token_answer(client, client_id, made["clientSecret"]) == "invalid_client"
    assert await _token_answer(client, client_id, rotated) == "invalid_grant"
    spa = (await _gql(client, REGISTER, name="SPA", uris=[CALLBACK], public=True))["result"]
    assert spa["clientSecret"] is None and spa["application"]["public"] is True

    await signed_in(client, mailbox, "other@example.com")
    theirs = (await _gql(client, REMOVE, id=client_id))["result"]
    assert theirs["__typename"] == "NotFound"  # another owner's application is invisible
    assert (await _gql(client, MINE))["me"]["applications"] == []


async def test_i5_team_members_cannot_register_applications(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    await signed_in(client, mailbox, "owner@example.com")
    owner = await User.get(email="owner@example.com")
    await signed_in(client, mailbox, "member@example.com")
    await User.filter(email="member@example.com").update(
        role=Role.MEMBER, account_owner_id=owner.id
    )
    refused = await _gql(client, REGISTER, name="Wiki", uris=[CALLBACK], public=False)
    assert refused["result"]["__typename"] == "Forbidden"


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
async def test_i5_applications_page_registers_shows_the_secret_once_and_removes(
    client: httpx.AsyncClient, mailbox: DevMailbox, htmx: bool
) -> None:
    await signed_in(client, mailbox, "owner@example.com")
    assert 'href="/applications"' in (await client.get("/profile")).text
    headers = HTMX if htmx else {}
    page = await client.get("/applications")
    refused = await client.post(
        "/applications",
        data={"csrf_token": csrf_of(page.text), "name": "Wiki", "redirect_uris": "ftp://x"},
        headers=headers,
    )
    assert refused.status_code == 400 and "must use https" in refused.text
    made = await client.post(
        "/applications",
        data={
            "csrf_token": csrf_of(page.text),
            "name": "Wiki",
            "redirect_uris": f"{CALLBACK}\n",
            "post_logout_uris": "",
        },
        headers=headers,
    )
    assert made.status_code == 200 and "shown only this once" in made.text
    secret = re.search(r"Client secret: <code>([^<]+)</code>", made.text)
    client_id = re.search(r"Client ID: <code>([^<]+)</code>", made.text)
    assert secret and client_id
    assert await _token_answer(client, client_id.group(1), secret.group(1)) == "invalid_grant"
    again = await client.get("/applications")
    assert "Wiki" in again.text and secret.group(1) not in again.text  # shown once
    removed = await client.post(
        f"/applications/{client_id.group(1)}/remove",
        data={"csrf_token": csrf_of(again.text)},
        headers=headers,
    )
    assert removed.status_code == 200 and "No applications yet" in removed.text
