"""No way back in after recovery (issue 23, finding 1; S1, P1, SE2, S2, T1, A4).

A pending email change and every other mailed link (reset, invitation, helper confirmation)
die when the password changes, on a reset, on "This wasn't me" and on deactivation; the
"email changed" alert's "This wasn't me" acts on the address from before the change and
moves the account back to it.
"""

from __future__ import annotations

import re

import httpx
from starlette.applications import Starlette

from backend.mail.dev_sink import DevMailbox
from backend.models import User
from backend.services import account_status
from tests.api.flows import ME, signed_up_user
from tests.api.test_activity import REPORT, intruder_alerted, mails_to, report_token
from tests.api.test_password_reset import RESET
from tests.api.test_profile_changes import (
    ANSWER,
    CHANGE_EMAIL,
    CONFIRM_EMAIL,
    change_password,
    link_in,
)
from tests.api.test_support import CONFIRM, file
from tests.api.test_team import INVITATION, SET_ACTIVE, invitation_token, invite
from tests.conftest import STRONG_PASSWORD, gql

JANE = "jane@example.com"
EVIL = "mallory@evil.example"
NEW_PASSWORD = "purple elephants dance quietly"
REQUEST_RESET = "mutation($e: String!) { requestPasswordReset(email: $e) { __typename } }"


async def _pending_email_change(
    client: httpx.AsyncClient, app: Starlette, mailbox: DevMailbox, session: str
) -> str:
    """An intruder holding a session, the password and the answer asks to move the email."""
    asked = await gql(
        client, CHANGE_EMAIL, bearer=session, current=STRONG_PASSWORD, answer=ANSWER, email=EVIL
    )
    assert asked["changeEmail"]["__typename"] == "EmailChangeRequested", asked
    mail = next(m for m in await mails_to(app, mailbox, EVIL) if "Confirm" in m.subject)
    return link_in(mail.body, "/confirm-email")


async def _confirm(client: httpx.AsyncClient, token: str) -> str:
    result = (await gql(client, CONFIRM_EMAIL, token=token))["confirmEmailChange"]
    return str(result["__typename"])


async def _reset_link(app: Starlette, mailbox: DevMailbox, address: str) -> str | None:
    mails = [m for m in await mails_to(app, mailbox, address) if m.subject == "Reset your password"]
    return link_in(mails[0].body, "/reset") if mails else None  # the newest


async def test_s1_a_password_change_ends_a_pending_email_change(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """S1: the owner changes the password; the intruder's confirmation link no longer works."""
    session = await signed_up_user(client, mailbox)
    client.cookies.clear()
    link = await _pending_email_change(client, app, mailbox, session)
    changed = await change_password(client, session, STRONG_PASSWORD, ANSWER)
    assert changed["__typename"] == "PasswordChanged"
    assert await _confirm(client, link) == "InvalidLink"
    assert (await User.get(id=(await User.get(email=JANE)).id)).email == JANE


async def test_p1_a_reset_ends_a_pending_email_change_and_every_older_link(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """P1, S2: after a reset, the email change, an earlier reset link and a helper
    confirmation mailed before it are all dead."""
    session = await signed_up_user(client, mailbox)
    client.cookies.clear()
    link = await _pending_email_change(client, app, mailbox, session)
    await file(client, JANE, "RESET_SECURITY_QUESTION", "not me")
    helper = next(
        m for m in await mails_to(app, mailbox, JANE) if "Confirm your request" in m.subject
    )
    help_token = link_in(helper.body, "/help/confirm")
    await gql(client, REQUEST_RESET, e=JANE)
    older = await _reset_link(app, mailbox, JANE)
    await gql(client, REQUEST_RESET, e=JANE)
    newest = await _reset_link(app, mailbox, JANE)
    assert older and newest
    done = await gql(client, RESET, token=newest, password=NEW_PASSWORD)
    assert done["resetPassword"]["__typename"] == "PasswordChanged"
    assert await _confirm(client, link) == "InvalidLink"
    confirmed = await gql(client, CONFIRM, token=help_token)
    assert confirmed["confirmHelpRequest"]["__typename"] == "InvalidLink"
    replayed = await gql(client, RESET, token=older, password="another fine passphrase")
    assert replayed["resetPassword"]["__typename"] == "InvalidLink"


async def test_se2_this_wasnt_me_ends_a_pending_email_change_and_the_reset_links_before(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """SE2: answering a new-sign-in alert kills the pending change and earlier reset links."""
    intruder, alert = await intruder_alerted(client, mailbox, app)
    link = await _pending_email_change(client, app, mailbox, intruder)
    await gql(client, REQUEST_RESET, e=JANE)
    before = await _reset_link(app, mailbox, JANE)
    secured = await gql(client, REPORT, token=report_token(alert))
    assert secured["reportUnrecognisedActivity"]["__typename"] == "AccountSecured"
    assert await _confirm(client, link) == "InvalidLink"
    stale = await gql(client, RESET, token=before, password=NEW_PASSWORD)
    assert stale["resetPassword"]["__typename"] == "InvalidLink"
    fresh = await _reset_link(app, mailbox, JANE)
    assert fresh != before
    done = await gql(client, RESET, token=fresh, password=NEW_PASSWORD)
    assert done["resetPassword"]["__typename"] == "PasswordChanged"


async def test_a4_deactivation_ends_a_pending_email_change_and_an_invitation(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """A4, T1, T2: links mailed before a deactivation stay dead after reactivation."""
    session = await signed_up_user(client, mailbox)
    client.cookies.clear()
    link = await _pending_email_change(client, app, mailbox, session)
    user = await User.get(email=JANE)
    await account_status.set_active(app.state.deps, user, False)
    await account_status.set_active(app.state.deps, user, True)
    assert await _confirm(client, link) == "InvalidLink"

    owner = await signed_up_user(client, mailbox, email="owner@example.com")
    client.cookies.clear()
    invited = await invite(client, owner, "max@example.com")
    token = await invitation_token(app, mailbox, "max@example.com")
    member_id = invited["member"]["id"]
    for active in (False, True):
        await gql(client, SET_ACTIVE, bearer=owner, id=member_id, active=active)
    assert (await gql(client, INVITATION, token=token))["invitation"]["__typename"] == "InvalidLink"


async def test_se2_this_wasnt_me_on_an_email_change_moves_the_account_back(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """SE2: the intruder confirms the change; the alert at the old address undoes it, and the
    reset link goes to the old address, never to the intruder's."""
    session = await signed_up_user(client, mailbox)
    client.cookies.clear()
    link = await _pending_email_change(client, app, mailbox, session)
    assert await _confirm(client, link) == "EmailChanged"
    assert (await gql(client, ME, bearer=session))["me"]["email"] == EVIL
    alert = next(
        m
        for m in await mails_to(app, mailbox, JANE)
        if m.subject == "Your email address was changed"
    )
    assert "back to this address" in alert.body
    secured = await gql(client, REPORT, token=report_token(alert))
    assert secured["reportUnrecognisedActivity"]["__typename"] == "AccountSecured"
    assert (await User.filter(email=JANE).count()) == 1
    assert await _reset_link(app, mailbox, EVIL) is None
    reset = await _reset_link(app, mailbox, JANE)
    assert reset is not None
    done = await gql(client, RESET, token=reset, password=NEW_PASSWORD)
    assert done["resetPassword"]["__typename"] == "PasswordChanged"
    assert (await gql(client, ME, bearer=session))["me"] is None
    assert not re.search(EVIL, str(await User.get(email=JANE)))
