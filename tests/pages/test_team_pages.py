"""The Team page (T1, T2, T3) by plain form posts and by HTMX."""

from __future__ import annotations

import json

import httpx
import pytest
from starlette.applications import Starlette

from backend.mail.dev_sink import DevMailbox
from backend.models import User
from tests.api.flows import ME, signed_up_user
from tests.api.test_team import MEMBER_PASSWORD, invitation_token, invite, member_session
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


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
async def test_t1_invitation_page_picks_a_question_like_sign_up_and_prefills_the_login(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette, htmx: bool
) -> None:
    """T1, A1 (issue 22 #13, #5): the invitation's security question is sign-up's list with
    "Write my own"; a refusal keeps all but the password; after accepting, the login form
    already holds the member's address."""
    owner = await signed_up_user(client, mailbox)
    client.cookies.clear()
    await invite(client, owner, "max@example.com")
    token = await invitation_token(app, mailbox, "max@example.com")
    form = await client.get(f"/invite?token={token}")
    assert '<select id="question" name="question">' in form.text
    assert "Write my own question…" in form.text and "<datalist" not in form.text
    fields = {
        "token": token,
        "question": "custom",
        "custom_question": "Name of my first bike?",
        "answer": "Blue Racer",
    }
    headers = HTMX if htmx else {}
    refused = await client.post(
        "/invite",
        data={"csrf_token": csrf_of(form.text), **fields, "password": "password1"},
        headers=headers,
    )
    assert refused.status_code == 400
    assert '<option value="custom" selected>' in refused.text
    assert 'value="Name of my first bike?"' in refused.text and 'value="Blue Racer"' in refused.text
    assert "password1" not in refused.text
    accepted = await client.post(
        "/invite",
        data={"csrf_token": csrf_of(refused.text), **fields, "password": MEMBER_PASSWORD},
        headers=headers,
    )
    login_url = (
        json.loads(accepted.headers["HX-Location"])["path"]
        if htmx
        else accepted.headers["location"]
    )
    login_page = await client.get(login_url)
    assert 'name="email" type="email"' in login_page.text
    assert 'value="max@example.com"' in login_page.text
    member = await User.get(email="max@example.com")
    assert member.security_question == "Name of my first bike?"
