"""What a login attempt shows at each step: a code prompt, app enrollment, a recovery code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from backend.deps import Deps
from backend.mail import outbox
from backend.models import Factor, LoginAttempt, LoginState, User
from backend.services import email_codes, totp
from backend.services.identity import mask_email
from backend.services.login import factor_checks
from backend.services.totp import Enrollment


@dataclass(frozen=True)
class CodeChallenge:
    """Step 2 is pending: which code is asked for, where it went, and the other ways in."""

    name: ClassVar[str] = "code"

    token: str
    method: str  # the kind of the factor asked for
    destination: str | None
    other_methods: tuple[str, ...]
    expires_at: datetime
    email_delayed: bool = False  # O4: mail is failing to leave; the code may come late
    resend_after_seconds: int = 0  # L4: Resend is throttled until then (0: it works now)


@dataclass(frozen=True)
class EnrollmentChallenge:
    """M2: the second factor passed; the app must now be enrolled before signing in."""

    name: ClassVar[str] = "enroll"

    token: str
    enrollment: Enrollment
    expires_at: datetime


@dataclass(frozen=True)
class RecoveryCodeShown:
    """M2, L7: a new recovery code, shown once; Continue needs the acknowledgement."""

    name: ClassVar[str] = "recovery"

    token: str
    recovery_code: str
    expires_at: datetime


LoginStep = CodeChallenge | EnrollmentChallenge | RecoveryCodeShown
# The one mapping from a pending state to what it shows (DONE shows nothing: it is over).
# GraphQL gives each screen a type (backend/schema/types.py STEP_TYPES); the pages show it at
# /login/<name>.
SCREEN_OF_STATE: dict[LoginState, type[LoginStep]] = {
    LoginState.SECOND_FACTOR: CodeChallenge,
    LoginState.ENROLL_APP: EnrollmentChallenge,
    LoginState.ACK_RECOVERY_CODE: RecoveryCodeShown,
}
SHOWN_IN = tuple(SCREEN_OF_STATE)


async def shown(deps: Deps, token: str, attempt: LoginAttempt) -> LoginStep:
    """The screen of an attempt at one of SHOWN_IN, as SCREEN_OF_STATE says."""
    screen = SCREEN_OF_STATE[LoginState(attempt.state)]
    if screen is EnrollmentChallenge:
        return enrollment_challenge(deps, token, attempt)
    if screen is RecoveryCodeShown:
        return recovery_shown(deps, token, attempt)
    return await code_challenge(deps, token, attempt, attempt.user)


async def code_challenge(
    deps: Deps, token: str, attempt: LoginAttempt, user: User | None
) -> CodeChallenge:
    """The code screen; an emailed code's screen says so when mail is failing to leave (O4)."""
    method = attempt.method
    emailed = method == Factor.EMAIL
    return CodeChallenge(
        resend_after_seconds=email_codes.resend_wait(deps, attempt) if emailed else 0,
        token=token,
        method=method,
        destination=mask_email(attempt.email) if emailed else None,
        other_methods=tuple(
            m for m in await factor_checks.methods_for(attempt, user) if m != method
        ),
        expires_at=attempt.expires_at,
        email_delayed=emailed and await outbox.delivery_failing(deps.clock.now()),
    )


def enrollment_challenge(deps: Deps, token: str, attempt: LoginAttempt) -> EnrollmentChallenge:
    assert attempt.pending_totp_secret_encrypted is not None
    secret = deps.box.open(attempt.pending_totp_secret_encrypted)
    enrollment = totp.enrollment_for(secret, attempt.email, deps.settings.service_name)
    return EnrollmentChallenge(token=token, enrollment=enrollment, expires_at=attempt.expires_at)


def recovery_shown(deps: Deps, token: str, attempt: LoginAttempt) -> RecoveryCodeShown:
    assert attempt.pending_recovery_code_encrypted is not None
    return RecoveryCodeShown(
        token=token,
        recovery_code=deps.box.open(attempt.pending_recovery_code_encrypted),
        expires_at=attempt.expires_at,
    )
