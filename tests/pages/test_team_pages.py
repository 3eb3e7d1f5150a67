"""The Team page (T1, T2, T3) by plain form posts and by HTMX."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from backend.mail.dev_sink import DevMailbox
from tests.api.flows import ME, signed_up_user
from tests.api.test_team import member_session
from tests.conftest import gql
from tests.pages.helpers import HTMX, csrf_of


async def _post(
    http: httpx.AsyncClient, path: str, fields: dict[str, str], htmx: bool
) -> httpx.Response:
    team = await http.get("/team")
    return await http.post(
        path, data={"csrf_token": csrf_of(team.text), **fields}, headers=HTMX if htmx else {}
    )


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
async def test_t2_owner_invites_and_deactivates_from_the_team_page(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette, htmx: bool
) -> None:
    """T1, T2: the page lists members with status; actions answer on the same page."""
    owner = await signed_up_user(client, mailbox)
    client.cookies.clear()
    member_id, member = await member_session(client, app, mailbox, owner, "max@example.com")
    client.headers["Authorization"] = f"Bearer {owner}"
    listed = await client.get("/team", headers=HTMX if htmx else {})
    assert "max@example.com" in listed.text and "Active" in listed.text
    assert ("<html" in listed.text) is not htmx

    refused = await _post(
        client, "/team/invite", {"name": "", "email": "x@example.com", "role": "MEMBER"}, htmx
    )
    assert refused.status_code == 400 and 'id="name-error"' in refused.text
    invited = await _post(
        client, "/team/invite", {"name": "Eve", "email": "eve@example.com", "role": "ADMIN"}, htmx
    )
    assert "Invitation sent to eve@example.com" in invited.text and "Invited" in invited.text

    off = await _post(client, f"/team/{member_id}/deactivate", {}, htmx)
    assert "signed out everywhere" in off.text and "Deactivated" in off.text
    assert (await gql(client, ME, bearer=member))["me"] is None


async def test_t2_members_cannot_open_the_team_page(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    owner = await signed_up_user(client, mailbox)
    client.cookies.clear()
    _, member = await member_session(client, app, mailbox, owner, "max@example.com")
    client.headers["Authorization"] = f"Bearer {member}"
    assert (await client.get("/team")).status_code == 403
    profile = await client.get("/profile")
    assert "jane@example.com (member)" in profile.text and 'href="/team"' not in profile.text
