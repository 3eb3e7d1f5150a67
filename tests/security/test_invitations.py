"""Team invitations cannot be used against other people (issue 23, finding 5; T1, R2).

An invitation never blocks the invited address from signing up on its own, the answer is
the same whether the address has an account, and invitation emails are throttled per
invitation and per account.
"""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from backend.mail.dev_sink import DevMailbox
from backend.services import rate_limits
from tests.api.flows import login, sign_up, signed_up_user, verify
from tests.api.test_activity import mails_to
from tests.api.test_team import ACCEPT, ACCOUNT, RESEND, TEAM, invitation_token, invite
from tests.conftest import code_from, gql

MAX = "max@example.com"


async def test_t1_an_invitation_never_blocks_the_address_from_signing_up(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """T1, A1: Max, invited by someone he does not know, signs up with his own address: he
    gets his own account; the invitation can no longer be used, and says why."""
    owner = await signed_up_user(client, mailbox, email="owner@example.com")
    client.cookies.clear()
    assert (await invite(client, owner, MAX))["__typename"] == "TeamMemberChanged"
    link = await invitation_token(app, mailbox, MAX)
    started = await sign_up(client, email=MAX)
    assert started["__typename"] == "CodeRequired", started
    done = await verify(client, started["loginToken"], code_from(mailbox, MAX))
    assert done["__typename"] == "LoginSuccess", done
    client.cookies.clear()
    account = (await gql(client, ACCOUNT, bearer=done["sessionToken"]))["me"]["account"]
    assert account["ownerEmail"] == MAX and account["role"] == "OWNER"
    accepted = (await gql(client, ACCEPT, token=link, password="another fine passphrase"))[
        "acceptInvitation"
    ]
    assert accepted["__typename"] == "InvalidLink" and "own login" in accepted["message"]
    assert (await login(client, email=MAX))["__typename"] == "CodeRequired"  # his password


async def test_t1_inviting_an_address_with_a_login_answers_like_any_invitation(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """T1: an owner cannot learn whether an address has an account: the answer and the team
    list are the same for Jane (who has a login) and for Max (who has none)."""
    await signed_up_user(client, mailbox, email="jane@example.com")
    client.cookies.clear()
    owner = await signed_up_user(client, mailbox, email="owner@example.com")
    client.cookies.clear()
    jane = await invite(client, owner, "jane@example.com", name="Jane")
    max_ = await invite(client, owner, MAX, name="Max")
    assert jane["__typename"] == max_["__typename"] == "TeamMemberChanged"
    assert {k: v for k, v in jane["member"].items() if k != "id"} == {
        k: v for k, v in max_["member"].items() if k != "id"
    }
    members = (await gql(client, TEAM, bearer=owner))["team"]["members"]
    assert sorted((m["email"], m["status"]) for m in members) == [
        ("jane@example.com", "invited"),
        (MAX, "invited"),
    ]
    assert (await login(client, email="jane@example.com"))["__typename"] == "CodeRequired"


async def test_t1_invitation_emails_are_throttled_per_invitation_and_per_account(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """T1, R2: 25 resends no longer mean 25 emails; nor do invitations to many addresses."""
    owner = await signed_up_user(client, mailbox, email="owner@example.com")
    client.cookies.clear()
    member_id = (await invite(client, owner, MAX))["member"]["id"]
    per_member = rate_limits.INVITATION_EMAILS_PER_MEMBER.max_hits
    kinds = [
        (await gql(client, RESEND, bearer=owner, id=member_id))["resendInvitation"]["__typename"]
        for _ in range(25)
    ]
    assert kinds == ["TeamMemberChanged"] * per_member + ["RateLimited"] * (25 - per_member)
    assert len(await mails_to(app, mailbox, MAX)) == 1 + per_member

    per_account = rate_limits.INVITATION_EMAILS_PER_ACCOUNT.max_hits
    sent = 1 + per_member
    answers = [
        (await invite(client, owner, f"member{i}@example.com"))["__typename"]
        for i in range(per_account - sent + 2)
    ]
    assert answers.count("TeamMemberChanged") == per_account - sent
    assert answers[-2:] == ["RateLimited", "RateLimited"]
