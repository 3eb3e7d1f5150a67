"""What a login attempt shows at each step: a code prompt, app enrollment, a recovery code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from backend.models import Factor, User
from backend.services.totp import Enrollment


@dataclass(frozen=True)
class CodeChallenge:
    """Step 2 is pending: which code is asked for, where it went, and the other ways in."""

    token: str
    method: Factor
    destination: str | None
    other_methods: tuple[Factor, ...]
    expires_at: datetime
    email_delayed: bool = False  # O4: mail is failing to leave; the code may come late
    resend_after_seconds: int = 0  # L4: Resend is throttled until then (0: it works now)


@dataclass(frozen=True)
class EnrollmentChallenge:
    """M2: the second factor passed; the app must now be enrolled before signing in."""

    token: str
    enrollment: Enrollment
    expires_at: datetime


@dataclass(frozen=True)
class RecoveryCodeShown:
    """M2, L7: a new recovery code, shown once; Continue needs the acknowledgement."""

    token: str
    recovery_code: str
    expires_at: datetime


LoginStep = CodeChallenge | EnrollmentChallenge | RecoveryCodeShown


def methods_of(user: User | None) -> tuple[Factor, ...]:
    """The factors this user can pass step 2 with, preferred first (PK2: a passkey, then the
    app, then email)."""
    if user is None:
        return (Factor.EMAIL,)
    methods = []
    if user.passkeys_enabled:
        methods.append(Factor.PASSKEY)
    if user.totp_secret_encrypted:
        methods.append(Factor.APP)
    if user.email_factor_enabled:
        methods.append(Factor.EMAIL)
    if user.recovery_code_hash:
        methods.append(Factor.RECOVERY_CODE)
    return tuple(methods)
