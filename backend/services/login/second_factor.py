"""Step 2 of a sign-in (L3-L7, PK2): the code by the attempt's current method, and what the
code screen offers besides (backend/services/login/code_screen.py)."""

from __future__ import annotations

from backend.deps import Deps
from backend.models import EventKind, Factor, LoginAttempt, LoginState
from backend.services import security_alerts, totp
from backend.services.client_info import ClientInfo
from backend.services.login import (
    attempts,
    code_screen,
    enrollment,
    factor_checks,
    guesses,
    screens,
    sign_in,
)
from backend.services.login.screens import CodeChallenge, EnrollmentChallenge, RecoveryCodeShown
from backend.services.sessions import SignedIn


async def _asking(deps: Deps, token: str) -> LoginAttempt:
    return await attempts.load(deps, token, LoginState.SECOND_FACTOR)


async def passkey_options(deps: Deps, token: str) -> str:
    """PK2: the WebAuthn request for a sign-in that asks for a passkey."""
    return await code_screen.passkey_options(deps, await _asking(deps, token))


async def choose_method(deps: Deps, token: str, method: str, client: ClientInfo) -> CodeChallenge:
    """L3 "Try another method"."""
    attempt = await _asking(deps, token)
    return await code_screen.choose_method(deps, token, attempt, method, client)


async def resend_code(deps: Deps, token: str, client: ClientInfo) -> CodeChallenge:
    """L4 Resend."""
    return await code_screen.resend_code(deps, token, await _asking(deps, token), client)


async def verify_code(
    deps: Deps, token: str, code: str, client: ClientInfo, remember_device: bool = False
) -> SignedIn | EnrollmentChallenge | RecoveryCodeShown:
    """Step 2 with the attempt's current method (email code, app code, recovery code, passkey).

    `remember_device` (L6) is kept on the attempt and honoured when the login ends.
    """
    attempt = await _asking(deps, token)
    method = attempt.method
    check = factor_checks.checker(deps, attempt, method, code)  # InvalidInput on bad shape

    async def passed(_: int) -> SignedIn | EnrollmentChallenge | RecoveryCodeShown:
        return await _after_code(deps, token, attempt, method, client, remember_device)

    async def again() -> CodeChallenge:
        return await screens.code_challenge(deps, token, attempt, attempt.user)

    return await guesses.guarded_check(deps, attempt, check, client, passed, shown_again=again)


async def _after_code(
    deps: Deps,
    token: str,
    attempt: LoginAttempt,
    method: str,
    client: ClientInfo,
    remember_device: bool,
) -> SignedIn | EnrollmentChallenge | RecoveryCodeShown:
    """Step 2 passed: enrol an app, show a new recovery code, or sign in."""
    user = attempt.user
    assert user is not None  # decoy attempts never pass a check
    if remember_device:
        await LoginAttempt.filter(id=attempt.id).update(remember_device=True)
    if method == Factor.RECOVERY_CODE:
        await security_alerts.notify(deps, user, EventKind.RECOVERY_CODE_USED, client)
        return await enrollment.issue_recovery_code(deps, token, attempt, user)
    if await factor_checks.app_enrollment_due(user):
        sealed_secret = deps.box.seal(totp.new_secret())
        await attempts.advance(
            attempt, LoginState.ENROLL_APP, pending_totp_secret_encrypted=sealed_secret
        )
        attempt.pending_totp_secret_encrypted = sealed_secret
        return screens.enrollment_challenge(deps, token, attempt)
    await attempts.advance(attempt, LoginState.DONE)
    return await sign_in.signed_in(
        deps,
        user,
        client,
        sign_in.Proof.two_factors(method),
        remember=remember_device,
        return_to=attempt.return_to,
    )
