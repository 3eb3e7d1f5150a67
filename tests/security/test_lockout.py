"""100 consecutive failures require a reset (R2; NIST SP 800-63B 5.2.2, ASVS 6.3.1)."""

from __future__ import annotations

import re

import httpx
from starlette.applications import Starlette

from backend.clock import FrozenClock
from backend.mail.dev_sink import DevMailbox
from backend.models import User
from backend.services import lockout, rate_limits
from tests.api.flows import login, signed_up_user, verify
from tests.conftest import STRONG_PASSWORD, code_from, gql

WRONG = "not the password at all"


async def _fail_passwords(client: httpx.AsyncClient, clock: FrozenClock, times: int) -> None:
    """Wrong passwords at the pace the per-address limits allow."""
    batch = rate_limits.PASSWORD_FAILURES.max_hits
    for done in range(times):
        if done and done % batch == 0:
            clock.advance(seconds=rate_limits.PASSWORD_FAILURES.window_seconds)
        assert (await login(client, password=WRONG))["__typename"] == "InvalidCredentials"


async def test_r2_hundred_failures_lock_the_account_and_email_the_owner(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette, clock: FrozenClock
) -> None:
    """NIST 5.2.2: at 100 the account needs a reset; only the right password reveals it."""
    await signed_up_user(client, mailbox)
    await _fail_passwords(client, clock, lockout.LOCK_AFTER)
    clock.advance(seconds=rate_limits.PASSWORD_FAILURES.window_seconds)
    locked = await login(client)
    assert locked["__typename"] == "AccountLocked" and "Forgot password" in locked["message"]
    assert (await login(client, password=WRONG))["__typename"] == "InvalidCredentials"
    await app.state.mail_worker.deliver_due()
    notices = [m for m in mailbox.messages() if m.subject == "Your account was locked"]
    assert len(notices) == 1 and "/forgot" in notices[0].body

    await gql(
        client,
        "mutation($e: String!) { requestPasswordReset(email: $e) { __typename } }",
        e="jane@example.com",
    )
    await app.state.mail_worker.deliver_due()
    reset_mail = mailbox.latest_to("jane@example.com")
    assert reset_mail is not None
    token = re.search(r"token=(\S+)", reset_mail.body)
    assert token
    await gql(
        client,
        "mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) "
        "{ __typename } }",
        t=token.group(1),
        p="purple elephants dance quietly",
    )
    row = await User.get(email="jane@example.com")
    assert row.locked_at is None and row.failed_logins == 0
    assert (await login(client, password="purple elephants dance quietly"))[
        "__typename"
    ] == "CodeRequired"


async def test_r2_a_success_resets_the_count(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """Consecutive means consecutive: a successful login starts the count again."""
    await signed_up_user(client, mailbox)
    await _fail_passwords(client, clock, 60)
    clock.advance(seconds=rate_limits.PASSWORD_FAILURES.window_seconds)
    started = await login(client)
    done = await verify(client, started["loginToken"], code_from(mailbox, "jane@example.com"))
    assert done["__typename"] == "LoginSuccess"
    assert (await User.get(email="jane@example.com")).failed_logins == 0
    await _fail_passwords(client, clock, 60)
    clock.advance(seconds=rate_limits.PASSWORD_FAILURES.window_seconds)
    assert (await login(client, password=STRONG_PASSWORD))["__typename"] == "CodeRequired"


async def test_r2_wrong_codes_count_towards_the_lock(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """Second-factor guesses after a stolen password count as failures too."""
    await signed_up_user(client, mailbox)
    started = await login(client)
    await verify(client, started["loginToken"], "000000")
    await verify(client, started["loginToken"], "000001")
    assert (await User.get(email="jane@example.com")).failed_logins == 2
