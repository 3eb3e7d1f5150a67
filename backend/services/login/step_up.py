"""Step-up (S1): a fresh second factor before sensitive profile changes.

A step-up is a kind of login attempt (AttemptKind.STEP_UP): stored like a sign-in's, checked
under the same budgets, but tied to one session, found only through it, and when its code
passes it refreshes that session and never signs anyone in (attempts.TRANSITIONS).
"""

from __future__ import annotations

from backend.deps import Deps
from backend.models import LoginAttempt, LoginState, Session
from backend.services import rate_limits, return_to
from backend.services.client_info import ClientInfo
from backend.services.login import attempts, code_screen, factor_checks, guesses, screens
from backend.services.login.screens import CodeChallenge


async def start(
    deps: Deps, session: Session, client: ClientInfo, return_to: str | None = None
) -> CodeChallenge:
    """Ask for a code (the app first, else email, which sends one); throttled per user.

    `return_to` (I2) is checked and kept with the attempt; `verify` hands it back."""
    await rate_limits.hit(deps, rate_limits.STEP_UPS_PER_USER, str(session.user_id))
    user = session.user
    method = await factor_checks.step_up_method(user)
    return await attempts.open_attempt(
        deps, user.email, user, client, method=method, step_up_of=session, return_to=return_to
    )


async def _asking(deps: Deps, session: Session, token: str) -> LoginAttempt:
    return await attempts.load_step_up(deps, session, token)


async def describe(deps: Deps, session: Session, token: str) -> CodeChallenge:
    """The code screen of this session's pending step-up."""
    attempt = await _asking(deps, session, token)
    return await screens.code_challenge(deps, token, attempt, attempt.user)


async def choose_method(
    deps: Deps, session: Session, token: str, method: str, client: ClientInfo
) -> CodeChallenge:
    attempt = await _asking(deps, session, token)
    return await code_screen.choose_method(deps, token, attempt, method, client)


async def passkey_options(deps: Deps, session: Session, token: str) -> str:
    """S1 with a passkey (issue 19): the WebAuthn request for this session's step-up."""
    return await code_screen.passkey_options(deps, await _asking(deps, session, token))


async def resend_code(
    deps: Deps, session: Session, token: str, client: ClientInfo
) -> CodeChallenge:
    attempt = await _asking(deps, session, token)
    return await code_screen.resend_code(deps, token, attempt, client)


async def verify(deps: Deps, session: Session, token: str, code: str, client: ClientInfo) -> str:
    """Check the code under the same budgets as a login (R2, L8); the session is fresh again.

    Returns where to go next (I2): the return-to kept when the step-up began, else the profile.
    """
    attempt = await _asking(deps, session, token)
    check = factor_checks.checker(deps, attempt, attempt.method, code)
    now = deps.clock.now()

    async def refreshed(_: int) -> None:
        await attempts.advance(attempt, LoginState.DONE)
        await Session.filter(id=session.id).update(second_factor_at=now)

    await guesses.guarded_check(deps, attempt, check, client, refreshed)
    session.second_factor_at = now
    return return_to.destination(attempt.return_to)
