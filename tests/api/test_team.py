"""Team members through GraphQL (T1, T2, T3): invitations, own logins, roles, app reset."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from backend.clock import FrozenClock
from backend.mail.dev_sink import DevMailbox
from backend.models import User
from backend.services.factors import authenticators
from tests.api.app_flows import ACK, CONFIRM, ENABLE_APP, app_code, verify_full
from tests.api.flows import ME, login, signed_up_user, verify
from tests.api.test_activity import mails_to
from tests.api.test_passkey_sign_in import options, sign_in
from tests.api.test_passkeys import FINISH, START, device
from tests.conftest import STRONG_PASSWORD, code_from, gql

MEMBER_PASSWORD = "velvet harbour lantern ninety"
TEAM = """{ team { __typename ... on Team { ownerEmail members {
  id name email role status lastSignedInAt authenticatorApp passkeys } } ... on UserError { code } }
  }"""
INVITE = """mutation($name: String!, $email: String!, $role: TeamRole!) {
  inviteTeamMember(name: $name, email: $email, role: $role) { __typename
  ... on TeamMemberChanged { member { id status role } } ... on UserError { code message } } }"""
INVITATION = """query($token: String!) { invitation(token: $token) { __typename
  ... on Invitation { email name ownerEmail } ... on UserError { code } } }"""
ACCEPT = """mutation($token: String!, $password: String!) { acceptInvitation(token: $token,
  password: $password, securityQuestion: "Favourite tree?", securityAnswer: "Oak") {
  __typename ... on UserError { code message } } }"""
RESEND = """mutation($id: ID!) { resendInvitation(memberId: $id) { __typename
  ... on UserError { code } } }"""
REVOKE = """mutation($id: ID!) { revokeInvitation(memberId: $id) { __typename
  ... on UserError { code } } }"""
SET_ACTIVE = """mutation($id: ID!, $active: Boolean!) { setTeamMemberActive(memberId: $id,
  active: $active) { __typename ... on TeamMemberChanged { member { status } }
  ... on UserError { code } } }"""
ROLE = """mutation($id: ID!, $role: TeamRole!) { changeTeamMemberRole(memberId: $id, role: $role) {
  __typename ... on TeamMemberChanged { member { role } } ... on UserError { code } } }"""
REMOVE = """mutation($id: ID!) { removeTeamMember(memberId: $id) { __typename
  ... on UserError { code } } }"""
RESET_APP = """mutation($id: ID!, $password: String!) { resetTeamMemberApp(memberId: $id,
  password: $password) { __typename ... on TeamMemberChanged { member { authenticatorApp } }
  ... on UserError { code } } }"""
ACCOUNT = "{ me { account { ownerEmail role } } }"


async def invite(
    http: httpx.AsyncClient, bearer: str, email: str, role: str = "MEMBER", name: str = "Max"
) -> dict[str, Any]:
    result: dict[str, Any] = (
        await gql(http, INVITE, bearer=bearer, name=name, email=email, role=role)
    )["inviteTeamMember"]
    return result


async def invitation_token(app: Starlette, mailbox: DevMailbox, email: str) -> str:
    mail = (await mails_to(app, mailbox, email))[0]
    match = re.search(r"/invite\?token=(\S+)", mail.body)
    assert match, mail.body
    return match.group(1)


async def member_session(
    http: httpx.AsyncClient,
    app: Starlette,
    mailbox: DevMailbox,
    owner: str,
    email: str,
    role: str = "MEMBER",
) -> tuple[str, str]:
    """Invite, accept, and log in with the member's own emailed code: (member id, session)."""
    invited = await invite(http, owner, email, role)
    token = await invitation_token(app, mailbox, email)
    assert (await gql(http, ACCEPT, token=token, password=MEMBER_PASSWORD))["acceptInvitation"][
        "__typename"
    ] == "InvitationAccepted"
    http.cookies.clear()
    started = await login(http, email=email, password=MEMBER_PASSWORD)
    done = await verify(http, started["loginToken"], code_from(mailbox, email))
    http.cookies.clear()
    return invited["member"]["id"], done["sessionToken"]


async def test_t1_invited_member_sets_own_password_and_signs_in_with_own_code(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """T1: the owner never sets the login; the link works once; `me` names the account."""
    owner = await signed_up_user(client, mailbox)
    client.cookies.clear()
    invited = await invite(client, owner, "Max@Example.com")
    assert invited["member"]["status"] == "invited"
    token = await invitation_token(app, mailbox, "max@example.com")
    shown = (await gql(client, INVITATION, token=token))["invitation"]
    assert shown == {
        "__typename": "Invitation",
        "email": "max@example.com",
        "name": "Max",
        "ownerEmail": "jane@example.com",
    }
    assert (await login(client, email="max@example.com", password=""))["code"] == (
        "invalid_credentials"
    )
    weak = await gql(client, ACCEPT, token=token, password="password1")
    assert weak["acceptInvitation"]["__typename"] == "InvalidInput"
    assert (await gql(client, ACCEPT, token=token, password=MEMBER_PASSWORD))["acceptInvitation"][
        "__typename"
    ] == "InvitationAccepted"
    replay = await gql(client, ACCEPT, token=token, password="another fine passphrase")
    assert replay["acceptInvitation"]["code"] == "invalid_link"

    started = await login(client, email="max@example.com", password=MEMBER_PASSWORD)
    assert started["method"] == "EMAIL" and started["destination"] == "m•••@e•••.com"
    done = await verify(client, started["loginToken"], code_from(mailbox, "max@example.com"))
    assert (await gql(client, ACCOUNT, bearer=done["sessionToken"]))["me"]["account"] == {
        "ownerEmail": "jane@example.com",
        "role": "MEMBER",
    }
    listed = (await gql(client, TEAM, bearer=owner))["team"]["members"]
    assert listed[0]["status"] == "active" and listed[0]["lastSignedInAt"]


async def test_t1_invitation_expires_and_a_resent_link_replaces_the_old_one(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette, clock: FrozenClock
) -> None:
    """T1: 7 days; resending makes the earlier link useless; a revoked invitation is gone."""
    owner = await signed_up_user(client, mailbox)
    invited = await invite(client, owner, "max@example.com")
    first = await invitation_token(app, mailbox, "max@example.com")
    await gql(client, RESEND, bearer=owner, id=invited["member"]["id"])
    second = await invitation_token(app, mailbox, "max@example.com")
    assert first != second
    assert (await gql(client, INVITATION, token=first))["invitation"]["code"] == "invalid_link"
    eve = await invite(client, owner, "eve@example.com", name="Eve")
    revoked = await gql(client, REVOKE, bearer=owner, id=eve["member"]["id"])
    assert revoked["revokeInvitation"]["__typename"] == "TeamMemberRemoved"
    listed = (await gql(client, TEAM, bearer=owner))["team"]["members"]
    assert [m["email"] for m in listed] == ["max@example.com"]
    clock.advance(days=7, seconds=1)
    assert (await gql(client, INVITATION, token=second))["invitation"]["code"] == "invalid_link"


async def test_t2_what_each_role_may_do(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """T1, T2: owner manages all; admin manages members but never the owner; member nobody."""
    owner = await signed_up_user(client, mailbox)
    client.cookies.clear()
    admin_id, admin = await member_session(client, app, mailbox, owner, "ada@example.com", "ADMIN")
    member_id, member = await member_session(client, app, mailbox, owner, "max@example.com")
    owner_id = str((await User.get(email="jane@example.com")).id)

    for document, variables in (
        (TEAM, {}),
        (INVITE, {"name": "Eve", "email": "eve@example.com", "role": "MEMBER"}),
        (SET_ACTIVE, {"id": admin_id, "active": False}),
        (ROLE, {"id": admin_id, "role": "MEMBER"}),
        (REMOVE, {"id": admin_id}),
        (RESET_APP, {"id": admin_id, "password": MEMBER_PASSWORD}),
    ):
        refused = next(iter((await gql(client, document, bearer=member, **variables)).values()))
        assert refused["__typename"] == "Forbidden", document

    assert (await gql(client, ROLE, bearer=admin, id=member_id, role="ADMIN"))[
        "changeTeamMemberRole"
    ]["member"]["role"] == "ADMIN"
    for document, variables in (
        (SET_ACTIVE, {"id": owner_id, "active": False}),
        (REMOVE, {"id": owner_id}),
        (ROLE, {"id": owner_id, "role": "MEMBER"}),
    ):
        refused = next(iter((await gql(client, document, bearer=admin, **variables)).values()))
        assert refused["__typename"] == "NotFound", document
    promote = await gql(client, ROLE, bearer=owner, id=member_id, role="OWNER")
    assert promote["changeTeamMemberRole"]["__typename"] == "InvalidInput"
    self_removal = await gql(client, REMOVE, bearer=admin, id=admin_id)
    assert self_removal["removeTeamMember"]["__typename"] == "InvalidInput"
    assert (await gql(client, REMOVE, bearer=owner, id=admin_id))["removeTeamMember"][
        "__typename"
    ] == "TeamMemberRemoved"
    assert (await gql(client, ME, bearer=admin))["me"] is None


async def test_t2_deactivated_member_is_signed_out_at_once_and_reactivation_keeps_the_password(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """T2, A4: the member's open session stops on its next request; login is refused, and
    after the right password (only then: issue 22 #7) the member is told whom to ask."""
    owner = await signed_up_user(client, mailbox)
    member_id, member = await member_session(client, app, mailbox, owner, "max@example.com")
    off = await gql(client, SET_ACTIVE, bearer=owner, id=member_id, active=False)
    assert off["setTeamMemberActive"]["member"]["status"] == "deactivated"
    assert (await gql(client, ME, bearer=member))["me"] is None
    client.cookies.clear()
    wrong = await login(client, email="max@example.com", password="not the member password")
    assert wrong["code"] == "invalid_credentials"
    refused = await login(client, email="max@example.com", password=MEMBER_PASSWORD)
    assert refused == {
        "__typename": "AccountDeactivated",
        "code": "account_deactivated",
        "message": "Your team login is switched off. "
        "Ask the account owner (jane@example.com) to turn it back on.",
    }
    await gql(client, SET_ACTIVE, bearer=owner, id=member_id, active=True)
    again = await login(client, email="max@example.com", password=MEMBER_PASSWORD)
    assert again["__typename"] == "CodeRequired"


async def test_t3_owner_resets_a_members_app_after_confirming_their_own_password(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette, clock: FrozenClock
) -> None:
    """T3: the member is emailed, both logs record it, and no secret reaches the owner."""
    owner = await signed_up_user(client, mailbox)
    member_id, member = await member_session(client, app, mailbox, owner, "max@example.com")
    await gql(client, ENABLE_APP, bearer=member, password=MEMBER_PASSWORD)
    started = await login(client, email="max@example.com", password=MEMBER_PASSWORD)
    enrollment = await verify_full(
        client, started["loginToken"], code_from(mailbox, "max@example.com")
    )
    secret = enrollment["setupKey"].replace(" ", "")
    await gql(client, CONFIRM, token=started["loginToken"], code=app_code(secret, clock))
    await gql(client, ACK, token=started["loginToken"], recorded=True)
    client.cookies.clear()

    wrong = await gql(client, RESET_APP, bearer=owner, id=member_id, password="not it at all")
    assert wrong["resetTeamMemberApp"]["__typename"] == "InvalidCredentials"
    done = await gql(client, RESET_APP, bearer=owner, id=member_id, password=STRONG_PASSWORD)
    assert done["resetTeamMemberApp"]["member"] == {"authenticatorApp": False}
    alerts = [
        m
        for m in await mails_to(app, mailbox, "max@example.com")
        if m.subject == "A sign-in factor was turned off"
    ]
    assert alerts and "reset by jane@example.com" in alerts[0].body
    # Issue 22 #16: the member did not do it, so the email does not say "if this was you".
    assert "jane@example.com made this change for you" in alerts[0].body
    assert "If this was you, there is nothing to do" not in alerts[0].body
    owner_log = await gql(client, "{ me { activity { events { kind detail } } } }", bearer=owner)
    assert owner_log["me"]["activity"]["events"][0] == {
        "kind": "MEMBER_APP_RESET",
        "detail": "max@example.com",
    }
    relog = await login(client, email="max@example.com", password=MEMBER_PASSWORD)
    assert relog["method"] == "EMAIL"


async def test_t1_bad_input_gets_a_clear_error_and_changes_nothing(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """T1, T2: a huge name, a bad address, an ID that is not one: refused, no login made."""
    owner = await signed_up_user(client, mailbox)
    huge = await invite(client, owner, "max@example.com", name="M" * 10_000)
    assert huge["__typename"] == "InvalidInput" and "100 characters" in huge["message"]
    bad = await invite(client, owner, "not an address")
    assert bad["__typename"] == "InvalidInput"
    for member_id in ("abc", "9" * 40, "-1"):
        missing = await gql(client, REMOVE, bearer=owner, id=member_id)
        assert missing["removeTeamMember"]["__typename"] == "NotFound", member_id
    assert (await gql(client, TEAM, bearer=owner))["team"]["members"] == []


async def test_t3_pk3_the_reset_also_removes_the_members_passkeys(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """T3, PK3 (issue 19): a lost phone may hold passkeys; after the owner's reset they no
    longer sign in, and the member's next login asks for an emailed code."""
    owner = await signed_up_user(client, mailbox)
    member_id, member = await member_session(client, app, mailbox, owner, "max@example.com")
    passkey = device(app)
    started = await gql(client, START, bearer=member, password=MEMBER_PASSWORD)
    options_json = started["startPasskeyRegistration"]["optionsJson"]
    await gql(client, FINISH, bearer=member, name="Phone", credential=passkey.create(options_json))
    listed = await gql(client, TEAM, bearer=owner)
    assert [m["passkeys"] for m in listed["team"]["members"]] == [True]

    done = await gql(client, RESET_APP, bearer=owner, id=member_id, password=STRONG_PASSWORD)
    assert done["resetTeamMemberApp"]["__typename"] == "TeamMemberChanged", done
    refused = await sign_in(client, passkey.get(await options(client)))
    assert refused["__typename"] == "InvalidCredentials"
    alerts = [m.body for m in await mails_to(app, mailbox, "max@example.com")]
    assert any("passkeys reset by jane@example.com" in body for body in alerts)
    relog = await login(client, email="max@example.com", password=MEMBER_PASSWORD)
    assert relog["method"] == "EMAIL"


async def test_t2_the_team_list_reads_factors_once_for_all_members(
    client: httpx.AsyncClient, mailbox: DevMailbox, caplog: pytest.LogCaptureFixture
) -> None:
    """T2: listing the team costs the same number of SQL statements for two members as for
    eight (every member's app and passkey flags come from one query for all), and each
    member's flags are their own."""
    owner = await signed_up_user(client, mailbox)

    async def the_list() -> tuple[int, set[str]]:
        """SQL statements of the `team` query, and the members it says hold the app."""
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
            team = (await gql(client, TEAM, bearer=owner))["team"]
        assert not any(m["passkeys"] for m in team["members"])
        with_app = {m["email"] for m in team["members"] if m["authenticatorApp"]}
        return len([r for r in caplog.records if r.name == "tortoise.db_client"]), with_app

    ids = [(await invite(client, owner, "m0@example.com", name="M0"))["member"]["id"]]
    ids.append((await invite(client, owner, "m1@example.com", name="M1"))["member"]["id"])
    few, _ = await the_list()
    for n in range(2, 8):
        ids.append((await invite(client, owner, f"m{n}@example.com", name=f"M{n}"))["member"]["id"])
    await authenticators.put(int(ids[5]), "app", datetime.now(UTC), data="sealed")
    assert await the_list() == (few, {"m5@example.com"})
