"""I4: "Connected apps" on the profile: the applications a person allowed, and taking that back
(GraphQL and the page, with and without HTMX)."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from backend.mail.dev_sink import DevMailbox
from tests.oidc.helpers import authorize_url, code_for, redeem, register, signed_in
from tests.pages.helpers import HTMX, csrf_of, post_form

APPS = "{ me { connectedApps { clientId name scopes } } }"


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
async def test_i4_connected_apps_are_listed_and_disconnecting_revokes_them(
    app: Starlette, client: httpx.AsyncClient, mailbox: DevMailbox, htmx: bool
) -> None:
    printer = await register(app, first_party=False, name="Photo Printer")
    await register(app, first_party=True, name="Own Wiki")  # never asks, never listed
    await signed_in(client, mailbox, "jane@example.com")
    consent = await client.get(authorize_url(printer.client.client_id))
    await client.post(
        authorize_url(printer.client.client_id),
        data={"csrf_token": csrf_of(consent.text), "decision": "allow"},
    )
    tokens = (
        await redeem(client, printer, await code_for(client, printer.client.client_id))
    ).json()
    listed = (await client.post("/graphql", json={"query": APPS})).json()["data"]["me"]
    assert listed["connectedApps"] == [
        {
            "clientId": printer.client.client_id,
            "name": "Photo Printer",
            "scopes": ["openid", "email"],
        }
    ]
    profile = await client.get("/profile")
    assert "Disconnect Photo Printer" in profile.text and "Own Wiki" not in profile.text
    done = await post_form(
        client, f"/profile/apps/{printer.client.client_id}/disconnect", {}, htmx=htmx
    )
    assert done.status_code == (204 if htmx else 303)
    after = await client.get("/profile", headers=HTMX if htmx else {})
    assert "Disconnect Photo Printer" not in after.text
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert (await client.get("/userinfo", headers=bearer)).status_code == 401
    again = await client.get(authorize_url(printer.client.client_id))
    assert again.status_code == 200 and "Allow Photo Printer" in again.text  # asks again


async def test_i4_disconnecting_an_app_you_never_allowed_is_not_found(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    await signed_in(client, mailbox, "jane@example.com")
    answer = await client.post(
        "/graphql",
        json={
            "query": 'mutation { disconnectApp(clientId: "nope") { __typename '
            "... on UserError { message } } }"
        },
    )
    assert answer.json()["data"]["disconnectApp"]["__typename"] == "NotFound"
