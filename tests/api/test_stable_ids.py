"""I1: every user has an immutable opaque ID, shown as `Me.id`; members see their owner's."""

from __future__ import annotations

from uuid import UUID

import httpx
from starlette.applications import Starlette

from backend.mail.dev_sink import DevMailbox
from backend.models import User
from backend.services.accounts import find_by_public_id
from tests.api.flows import signed_up_user
from tests.api.test_team import member_session
from tests.conftest import gql

ME = "{ me { id email name account { ownerId ownerEmail role } } }"


async def test_i1_me_id_is_an_opaque_uuid_that_finds_the_user(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """I1: a UUID, never the row number or the email; it names the same user every time."""
    session = await signed_up_user(client, mailbox)
    me = (await gql(client, ME, bearer=session))["me"]
    row = await User.get(email="jane@example.com")
    assert UUID(me["id"]) == row.public_id
    assert me["id"] != str(row.id) and "jane" not in me["id"]
    assert me["account"] == {"ownerId": me["id"], "ownerEmail": "jane@example.com", "role": "OWNER"}
    assert (await gql(client, ME, bearer=session))["me"]["id"] == me["id"]

    found = await find_by_public_id(me["id"])
    assert found is not None and found.email == "jane@example.com"
    assert await find_by_public_id(me["id"].upper()) is not None
    for wrong in (str(row.id), "jane@example.com", "", "not-a-uuid", str(UUID(int=0))):
        assert await find_by_public_id(wrong) is None


async def test_i1_team_member_sees_the_owner_account_and_role_by_stable_id(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """I1, T1: a member has an ID of their own and names the owner's account by its ID."""
    owner = await signed_up_user(client, mailbox)
    owner_id = (await gql(client, ME, bearer=owner))["me"]["id"]
    client.cookies.clear()
    _, member = await member_session(client, app, mailbox, owner, "max@example.com", "ADMIN")
    me = (await gql(client, ME, bearer=member))["me"]
    assert me["id"] != owner_id and UUID(me["id"])
    assert me["name"] == "Max"
    assert me["account"] == {"ownerId": owner_id, "ownerEmail": "jane@example.com", "role": "ADMIN"}
