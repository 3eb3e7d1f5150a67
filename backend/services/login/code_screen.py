"""What the code screen offers besides the code, for a sign-in and a step-up alike (L3, L4,
PK2): another method, Resend, and the passkey request. Each takes the attempt its caller
loaded, so the kind of attempt decides what may be chosen (backend/models.py AttemptKind)."""

from __future__ import annotations

from backend.deps import Deps
from backend.errors import MailDelayed, MethodUnavailable, ResendThrottled
from backend.i18n import N_
from backend.mail import outbox
from backend.models import Factor, LoginAttempt
from backend.services import email_codes, passkeys
from backend.services.client_info import ClientInfo
from backend.services.login import factor_checks, screens
from backend.services.login.screens import CodeChallenge
from backend.transaction import transaction


async def passkey_options(deps: Deps, attempt: LoginAttempt) -> str:
    """PK2: the WebAuthn request for an attempt that asks for a passkey."""
    if attempt.method != Factor.PASSKEY:
        raise MethodUnavailable(N_("This login does not ask for a passkey."), field="method")
    return await passkeys.login_options(deps, attempt)


async def choose_method(
    deps: Deps, token: str, attempt: LoginAttempt, method: str, client: ClientInfo
) -> CodeChallenge:
    """L3 "Try another method": switch the code asked for; Email sends a code."""
    if method not in await factor_checks.methods_for(attempt, attempt.user):
        raise MethodUnavailable(field="method")
    async with transaction():
        await LoginAttempt.filter(id=attempt.id).update(method=method)
        attempt.method = method
        if method == Factor.EMAIL:
            try:
                await email_codes.send_login_code(deps, attempt, client)
            except ResendThrottled:
                pass  # a code went out moments ago and still works
    return await screens.code_challenge(deps, token, attempt, attempt.user)


async def resend_code(
    deps: Deps, token: str, attempt: LoginAttempt, client: ClientInfo
) -> CodeChallenge:
    """L4 Resend: a new emailed code for an attempt that asks for one."""
    if attempt.method != Factor.EMAIL:
        raise MethodUnavailable(N_("This login does not use an emailed code."), field="method")
    if await outbox.delivery_failing(deps.clock.now()):
        # A new code would wait in the outbox behind the one sent; keep that one working.
        raise MailDelayed()
    async with transaction():
        await email_codes.send_login_code(deps, attempt, client)
    return await screens.code_challenge(deps, token, attempt, attempt.user)
