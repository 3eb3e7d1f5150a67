"""One check per second factor (L4, L5, L7), each shaped alike for the login flow to run.

A checker validates the shape of what was typed at once (InvalidInput, no guess used) and
returns the secret comparison to run under the attempt's guess budget (InvalidCode on failure).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from backend.deps import Deps
from backend.errors import InvalidCode, InvalidInput
from backend.models import Factor, LoginAttempt
from backend.services import email_codes, passkeys, recovery_codes, totp

Check = Callable[[], Awaitable[int]]
SIX_DIGITS = re.compile(r"^\d{6}$")


def _six_digits(code: str) -> str:
    digits = "".join(code.split())
    if not SIX_DIGITS.match(digits):
        raise InvalidInput("Enter the 6-digit code.", field="code")
    return digits


async def _never() -> int:
    raise InvalidCode()


def checker(deps: Deps, attempt: LoginAttempt, method: Factor, code: str) -> Check:
    """The check for `code` by `method`; a decoy attempt's check always fails."""
    if method == Factor.RECOVERY_CODE:
        if recovery_codes.canonical(code) is None:
            raise InvalidInput("Enter your recovery code (20 letters and digits).", field="code")
    elif method == Factor.PASSKEY:
        if not code.strip():
            raise InvalidInput("Use your passkey first.", field="code")
    else:
        code = _six_digits(code)
    user = attempt.user
    if user is None:
        return _never

    async def email_check() -> int:
        await email_codes.consume_login_code(deps, attempt, code)
        return 0

    async def app_check() -> int:
        if not user.totp_secret_encrypted:
            raise InvalidCode()
        secret = deps.box.open(user.totp_secret_encrypted)
        step = totp.matching_step(secret, code, deps.clock.now())
        if step is None or not await totp.claim_step(user.id, step):
            raise InvalidCode()
        return step

    async def recovery_check() -> int:
        if not await recovery_codes.consume(deps.settings.secret_key, user.id, code):
            raise InvalidCode()
        return 0

    async def passkey_check() -> int:
        await passkeys.check_assertion(deps, attempt, code)
        return 0

    return {
        Factor.EMAIL: email_check,
        Factor.APP: app_check,
        Factor.RECOVERY_CODE: recovery_check,
        Factor.PASSKEY: passkey_check,
    }[method]


def enrollment_checker(deps: Deps, secret: str, code: str) -> Check:
    """M2: the first code from a newly scanned app; returns its time step."""
    digits = _six_digits(code)

    async def check() -> int:
        step = totp.matching_step(secret, digits, deps.clock.now())
        if step is None:
            raise InvalidCode()
        return step

    return check
