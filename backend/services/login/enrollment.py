"""M2, L7: enrolling the authenticator app during a login, and the recovery code shown once."""

from __future__ import annotations

from backend.deps import Deps
from backend.errors import AcknowledgementRequired
from backend.models import EventKind, Factor, LoginAttempt, LoginState, User
from backend.services import recovery_codes, security_alerts
from backend.services.activity_details import factor_detail
from backend.services.client_info import ClientInfo
from backend.services.factors import authenticator_app, recovery_code
from backend.services.login import attempts, guesses, sign_in
from backend.services.login.screens import RecoveryCodeShown
from backend.services.sessions import SignedIn
from backend.transaction import transaction


async def issue_recovery_code(
    deps: Deps, token: str, attempt: LoginAttempt, user: User
) -> RecoveryCodeShown:
    """A new recovery code replaces any old one at once; it is shown until acknowledged."""
    code = recovery_codes.new_code()
    sealed = deps.box.seal(code)
    await attempts.advance(
        attempt,
        LoginState.ACK_RECOVERY_CODE,
        pending_totp_secret_encrypted=None,
        pending_recovery_code_encrypted=sealed,
    )
    await recovery_code.FACTOR.issue(deps, user.id, code)
    return RecoveryCodeShown(token=token, recovery_code=code, expires_at=attempt.expires_at)


async def confirm_enrollment(
    deps: Deps, token: str, code: str, client: ClientInfo
) -> RecoveryCodeShown:
    """M2: a code from the newly scanned app proves it; the code counts as used (L5)."""
    attempt = await attempts.load(deps, token, LoginState.ENROLL_APP)
    assert attempt.user is not None and attempt.pending_totp_secret_encrypted is not None
    sealed_secret = attempt.pending_totp_secret_encrypted
    # M2: the first code from the newly scanned app; the check returns its time step.
    check = authenticator_app.FACTOR.enrollment_check(deps, deps.box.open(sealed_secret), code)
    user = attempt.user

    async def enrolled(step: int) -> RecoveryCodeShown:
        await security_alerts.notify(
            deps, user, EventKind.FACTOR_ENABLED, client, factor_detail(Factor.APP)
        )
        await authenticator_app.FACTOR.enroll(deps, user.id, sealed_secret, step)
        return await issue_recovery_code(deps, token, attempt, user)

    return await guesses.guarded_check(deps, attempt, check, client, enrolled)


async def acknowledge_recovery_code(
    deps: Deps, token: str, recorded: bool, client: ClientInfo
) -> SignedIn:
    """M2, L7: Continue only after "I have safely recorded this code" is ticked."""
    attempt = await attempts.load(deps, token, LoginState.ACK_RECOVERY_CODE)
    if not recorded:
        raise AcknowledgementRequired(field="recorded")
    assert attempt.user is not None
    async with transaction():
        await attempts.advance(attempt, LoginState.DONE, pending_recovery_code_encrypted=None)
        return await sign_in.signed_in(
            deps,
            attempt.user,
            client,
            sign_in.Proof.two_factors(attempt.method),
            remember=attempt.remember_device,
            return_to=attempt.return_to,
        )
