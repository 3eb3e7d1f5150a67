"""Every way back into an account ends the logins that were under way (issue 23, finding 4).

A login attempt (step 1 passed, code pending) or a step-up opened before a lock, a reset,
a password change, "This wasn't me" or a deactivation must not finish afterwards, even with
the right code (R2, P1, S1, SE2, A4).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx
from starlette.applications import Starlette

from backend.clock import FrozenClock
from backend.mail.dev_sink import DevMailbox
from backend.models import User
from backend.services import account_status, lockout
from tests.api.flows import login, signed_up_user, verify
from tests.api.test_activity import REPORT, intruder_alerted, report_token
from tests.api.test_password_reset import RESET, link_token
from tests.api.test_profile_changes import ANSWER, START, VERIFY_STEP_UP, change_password
from tests.conftest import asgi_client, code_from, gql

JANE = "jane@example.com"
NEW_PASSWORD = "purple elephants dance quietly"


async def _pending_login(app: Starlette, mailbox: DevMailbox) -> tuple[str, str]:
    """Step 1 passed from another browser: its login token and the code mailed for it."""
    async with asgi_client(app, "198.51.100.77") as other:
        started = await login(other)
    assert started["__typename"] == "CodeRequired"
    await app.state.mail_worker.deliver_due()
    return started["loginToken"], code_from(mailbox, JANE)


async def _finishes(app: Starlette, token: str, code: str) -> str:
    async with asgi_client(app, "198.51.100.77") as other:
        return str((await verify(other, token, code))["__typename"])


async def _ended_by(
    client: httpx.AsyncClient,
    mailbox: DevMailbox,
    app: Starlette,
    recover: Callable[[str], Awaitable[None]],
) -> str:
    session = await signed_up_user(client, mailbox)
    client.cookies.clear()
    token, code = await _pending_login(app, mailbox)
    await recover(session)
    return await _finishes(app, token, code)


async def test_r2_a_lock_ends_the_logins_under_way(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """R2: the 100th failure locks the account; an attempt opened before cannot sign in."""

    async def lock(_: str) -> None:
        user = await User.get(email=JANE)
        for _ in range(lockout.LOCK_AFTER):
            await lockout.record_failure(app.state.deps, user.id)

    assert await _ended_by(client, mailbox, app, lock) == "LoginExpired"


async def test_p1_a_reset_ends_logins_opened_with_the_old_password(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """P1: a login whose step 1 used the old password cannot finish after the reset."""

    async def reset(_: str) -> None:
        await gql(
            client,
            "mutation($e: String!) { requestPasswordReset(email: $e) { __typename } }",
            e=JANE,
        )
        token = await link_token(app, mailbox, JANE)
        done = await gql(client, RESET, token=token, password=NEW_PASSWORD)
        assert done["resetPassword"]["__typename"] == "PasswordChanged"

    assert await _ended_by(client, mailbox, app, reset) == "LoginExpired"


async def test_s1_a_password_change_ends_logins_and_step_ups_under_way(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette, clock: FrozenClock
) -> None:
    """S1: the change ends other people's pending logins and this session's pending step-up."""
    pending_step_up: dict[str, str] = {}

    async def change(session: str) -> None:
        clock.advance(minutes=16)
        started = (await gql(client, START, bearer=session))["startStepUp"]
        code = code_from(mailbox, JANE)
        verified = await gql(
            client, VERIFY_STEP_UP, bearer=session, token=started["loginToken"], code=code
        )
        assert verified["verifyStepUp"]["__typename"] == "StepUpVerified"
        second = (await gql(client, START, bearer=session))["startStepUp"]
        pending_step_up.update(session=session, token=second["loginToken"])
        await app.state.mail_worker.deliver_due()
        pending_step_up["code"] = code_from(mailbox, JANE)
        done = await change_password(client, session, "correct horse battery staple", ANSWER)
        assert done["__typename"] == "PasswordChanged", done

    assert await _ended_by(client, mailbox, app, change) == "LoginExpired"
    late = await gql(
        client,
        VERIFY_STEP_UP,
        bearer=pending_step_up["session"],
        token=pending_step_up["token"],
        code=pending_step_up["code"],
    )
    assert late["verifyStepUp"]["__typename"] == "LoginExpired"


async def test_se2_this_wasnt_me_ends_the_logins_under_way(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """SE2: "This wasn't me" on the new-device alert also ends the attempt still pending."""
    _, alert = await intruder_alerted(client, mailbox, app)
    token, code = await _pending_login(app, mailbox)
    secured = await gql(client, REPORT, token=report_token(alert))
    assert secured["reportUnrecognisedActivity"]["__typename"] == "AccountSecured"
    assert await _finishes(app, token, code) == "LoginExpired"


async def test_a4_deactivation_ends_the_logins_under_way(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """A4, T2: a deactivated account's pending login cannot finish, even once reactivated."""

    async def deactivate_and_back(_: str) -> None:
        user = await User.get(email=JANE)
        await account_status.set_active(app.state.deps, user, False)
        await account_status.set_active(app.state.deps, user, True)

    assert await _ended_by(client, mailbox, app, deactivate_and_back) == "LoginExpired"
