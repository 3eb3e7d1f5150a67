"""Step-up (S1): a fresh second-factor code before sensitive profile changes.

A session remembers when its user last passed a second factor. Changing the password or
the email address needs that to be within FRESH_FOR; otherwise the session asks for a new
code through a step-up attempt: the login flow's stored attempt, tied to this session, which
refreshes it and never signs anyone in.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from backend.deps import Deps
from backend.errors import StepUpRequired
from backend.models import Factor, LoginState, Session
from backend.services import login_flow, rate_limits, return_to, second_factor
from backend.services.client_info import ClientInfo
from backend.services.login_steps import CodeChallenge, methods_of
from backend.services.sessions import NO_SECOND_FACTOR

FRESH_FOR = timedelta(minutes=15)


def fresh_until(session: Session) -> datetime:
    return session.second_factor_at + FRESH_FOR


def reason(deps: Deps, session: Session) -> str | None:
    """Why a guarded change asks this session for a code now (None: it does not).

    A session signed in by a remembered device has had no code at all, however recent the
    sign-in: saying "your last code was 15 minutes ago" there would be false.
    """
    if deps.clock.now() < fresh_until(session):
        return None
    if session.second_factor_at == NO_SECOND_FACTOR:
        return "You signed in with a remembered device, so this session has not had a code yet."
    minutes = int(FRESH_FOR.total_seconds() // 60)
    return f"Your last code in this session was more than {minutes} minutes ago."


def require_fresh(deps: Deps, session: Session) -> None:
    """StepUpRequired unless this session passed a second factor in the last 15 minutes."""
    why = reason(deps, session)
    if why is not None:
        raise StepUpRequired(f"{why} For your security, confirm it's you with a code first.")


async def start(
    deps: Deps, session: Session, client: ClientInfo, return_to: str | None = None
) -> CodeChallenge:
    """Ask for a code (the app first, else email, which sends one); throttled per user.

    `return_to` (I2) is checked and kept with the attempt; `verify` hands it back."""
    await rate_limits.hit(deps, rate_limits.STEP_UPS_PER_USER, str(session.user_id))
    user = session.user
    method = next((m for m in methods_of(user) if m in (Factor.APP, Factor.EMAIL)), Factor.EMAIL)
    return await login_flow.open_attempt(
        deps, user.email, user, client, method=method, step_up_of=session.id, return_to=return_to
    )


async def describe(deps: Deps, session: Session, token: str) -> CodeChallenge:
    """The code screen of this session's pending step-up."""
    step = await login_flow.describe(deps, token, step_up_of=session.id)
    assert isinstance(step, CodeChallenge)  # a step-up never enrolls nor shows a recovery code
    return step


async def choose_method(
    deps: Deps, session: Session, token: str, method: Factor, client: ClientInfo
) -> CodeChallenge:
    return await login_flow.choose_method(deps, token, method, client, step_up_of=session.id)


async def passkey_options(deps: Deps, session: Session, token: str) -> str:
    """S1 with a passkey (issue 19): the WebAuthn request for this session's step-up."""
    return await login_flow.passkey_options(deps, token, step_up_of=session.id)


async def resend_code(
    deps: Deps, session: Session, token: str, client: ClientInfo
) -> CodeChallenge:
    return await login_flow.resend_code(deps, token, client, step_up_of=session.id)


async def verify(deps: Deps, session: Session, token: str, code: str, client: ClientInfo) -> str:
    """Check the code under the same budgets as a login (R2, L8); the session is fresh again.

    Returns where to go next (I2): the return-to kept when the step-up began, else the profile.
    """
    attempt = await login_flow.attempt_in(
        deps, token, LoginState.SECOND_FACTOR, step_up_of=session.id
    )
    check = second_factor.checker(deps, attempt, Factor(attempt.method), code)
    now = deps.clock.now()

    async def refreshed(_: int) -> None:
        await login_flow.advance(attempt, LoginState.DONE)
        await Session.filter(id=session.id).update(second_factor_at=now)

    await login_flow.guarded_check(deps, attempt, check, client, refreshed)
    session.second_factor_at = now
    return return_to.destination(attempt.return_to)
