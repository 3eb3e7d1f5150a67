"""Step-up (S1): a step-up attempt refreshes its own session and never signs anyone in."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from backend.clock import FrozenClock
from backend.deps import Deps
from backend.errors import LoginExpired, StepUpRequired
from backend.mail.dev_sink import DevMailbox
from backend.models import Session, User
from backend.services.login import freshness, second_factor, step_up
from backend.services.sessions import SignedIn
from tests.services.login.conftest import BROWSER, emailed_code, password_passed


async def signed_in_session(app: Starlette, deps: Deps, mailbox: DevMailbox) -> Session:
    challenge = await password_passed(deps)
    code = await emailed_code(app, mailbox)
    signed_in = await second_factor.verify_code(deps, challenge.token, code, BROWSER)
    assert isinstance(signed_in, SignedIn)
    session = await Session.filter(id=signed_in.session.id).select_related("user").first()
    assert session is not None
    return session


async def test_s1_a_code_is_asked_again_15_minutes_after_the_last(
    app: Starlette, deps: Deps, mailbox: DevMailbox, jane: User, clock: FrozenClock
) -> None:
    """S1: guarded changes need a second factor passed within 15 minutes."""
    session = await signed_in_session(app, deps, mailbox)
    freshness.require_fresh(deps, session)
    clock.advance(minutes=15)
    with pytest.raises(StepUpRequired, match="more than 15 minutes ago"):
        freshness.require_fresh(deps, session)


async def test_s1_a_step_up_code_refreshes_the_session_and_leads_back(
    app: Starlette, deps: Deps, mailbox: DevMailbox, jane: User, clock: FrozenClock
) -> None:
    """S1, I2: the emailed code makes the session fresh; the kept return-to is handed back."""
    session = await signed_in_session(app, deps, mailbox)
    clock.advance(minutes=20)
    challenge = await step_up.start(deps, session, BROWSER, return_to="/profile/password")
    code = await emailed_code(app, mailbox)
    then = await step_up.verify(deps, session, challenge.token, code, BROWSER)
    assert then == "/profile/password"
    freshness.require_fresh(deps, session)
    assert await Session.filter(user_id=jane.id).count() == 1  # no one was signed in


async def test_s1_a_step_up_attempt_is_no_way_to_sign_in(
    app: Starlette, deps: Deps, mailbox: DevMailbox, jane: User, clock: FrozenClock
) -> None:
    """S1: the step-up's token and code are refused by the sign-in's step 2."""
    session = await signed_in_session(app, deps, mailbox)
    challenge = await step_up.start(deps, session, BROWSER)
    code = await emailed_code(app, mailbox)
    with pytest.raises(LoginExpired):
        await second_factor.verify_code(deps, challenge.token, code, BROWSER)
    with pytest.raises(LoginExpired):
        await step_up.describe(deps, await other_session(app, deps, mailbox), challenge.token)


async def other_session(app: Starlette, deps: Deps, mailbox: DevMailbox) -> Session:
    """A second session of the same user, in another browser."""
    return await signed_in_session(app, deps, mailbox)


async def test_s1_a_sign_in_attempt_is_no_step_up(
    app: Starlette, deps: Deps, mailbox: DevMailbox, jane: User
) -> None:
    """S1: a pending sign-in's token and code do not refresh a session."""
    session = await signed_in_session(app, deps, mailbox)
    challenge = await password_passed(deps)
    code = await emailed_code(app, mailbox)
    with pytest.raises(LoginExpired):
        await step_up.verify(deps, session, challenge.token, code, BROWSER)
