"""Step 1 (L1, L2, R1, R2, R3): the password, under the address's and the typed email's budgets.

Unknown email and wrong password fail alike, after the same argon2 work.
"""

from __future__ import annotations

from backend.deps import Deps
from backend.errors import (
    AccountDeactivated,
    AccountLocked,
    DomainError,
    InvalidCredentials,
    InvalidInput,
    RateLimited,
)
from backend.models import EventKind, User
from backend.observability.metrics import LOGINS_FAILED, LOGINS_STARTED
from backend.services import activity, captcha, lockout, rate_limits, trusted_devices
from backend.services import return_to as return_to_urls
from backend.services.client_info import ClientInfo
from backend.services.identity import email_key, normalize_email
from backend.services.login import attempts, sign_in
from backend.services.login.screens import CodeChallenge
from backend.services.passwords import MAX_LENGTH
from backend.services.sessions import SignedIn
from backend.services.tokens import hash_token
from backend.transaction import transaction


async def start_login(
    deps: Deps,
    email: str,
    password: str,
    client: ClientInfo,
    device_token: str = "",
    captcha_solution: str = "",
    return_to: str | None = None,
) -> CodeChallenge | SignedIn:
    """Step 1. Unknown email and wrong password fail alike, after the same argon2 work.

    A trusted device of this user (L2) skips step 2, unless an app enrollment is due.
    `return_to` (I2, backend/services/return_to.py) is where the complete sign-in leads.

    Raises RateLimited when this address tries too often, or has failed too often for this
    email (counted by the typed email, so known and unknown addresses behave the same).
    """
    LOGINS_STARTED.inc()
    try:
        return await _start_login(
            deps, email, password, client, device_token, captcha_solution, return_to
        )
    except Exception as refused:
        # The code clients are shown (invalid_credentials, rate_limited, ...); "error" for
        # an outage or a bug.
        LOGINS_FAILED.labels(refused.code if isinstance(refused, DomainError) else "error").inc()
        raise


async def _start_login(
    deps: Deps,
    email: str,
    password: str,
    client: ClientInfo,
    device_token: str,
    captcha_solution: str,
    return_to: str | None,
) -> CodeChallenge | SignedIn:
    await rate_limits.hit(deps, rate_limits.LOGIN_PER_ADDRESS, rate_limits.address_of(deps, client))
    # One spelling of the typed email for the lookup and every counter: full-width letters
    # reach jane@example.com's account, so they must also spend jane@example.com's budgets.
    typed = email_key(email)
    # Hashed: what was typed may be anything (PostgreSQL refuses NUL bytes in text).
    failures_key = f"{hash_token(typed)}|{rate_limits.address_of(deps, client)}"
    await rate_limits.check(deps, rate_limits.PASSWORD_FAILURES, failures_key)
    await captcha.guard(deps, captcha.Action.LOGIN, client, captcha_solution, typed)
    try:
        return await _check_password(deps, typed, password, client, device_token, return_to)
    except InvalidCredentials:
        await captcha.login_failed(deps, client, typed)
        try:
            await rate_limits.hit(deps, rate_limits.PASSWORD_FAILURES, failures_key)
        except RateLimited:
            pass  # this failure is reported as such; the next try is refused by check()
        raise


async def _check_password(
    deps: Deps,
    email: str,
    password: str,
    client: ClientInfo,
    device_token: str,
    return_to: str | None,
) -> CodeChallenge | SignedIn:
    if not password or len(password) > MAX_LENGTH:
        # Not a password we could have stored: refuse without hashing megabytes.
        await deps.passwords.burn("")
        raise InvalidCredentials()
    try:
        address = normalize_email(email)
    except InvalidInput:
        await deps.passwords.burn(password)
        raise InvalidCredentials() from None
    user = await User.get_or_none(email=address)
    if user is None or not user.password_hash:
        # Unknown, or invited and not yet accepted (T1): both look like a wrong password.
        await deps.passwords.burn(password)
        raise InvalidCredentials()
    if not await deps.passwords.verify(user.password_hash, password):
        await activity.record(deps, user.id, EventKind.SIGN_IN_FAILED, client)
        await lockout.record_failure(deps, user.id)
        raise InvalidCredentials()
    # Only someone who knows the password learns that the account is off or locked.
    await refuse_if_switched_off(deps, user)
    if deps.passwords.needs_rehash(user.password_hash):
        new_hash = await deps.passwords.hash(password)
        await User.filter(id=user.id).update(password_hash=new_hash)
    if not user.app_enrollment_pending and await trusted_devices.recognises(
        deps, user, device_token
    ):
        async with transaction():
            return await sign_in.signed_in(
                deps,
                user,
                client,
                sign_in.REMEMBERED_DEVICE,
                return_to=return_to_urls.checked(deps.settings, return_to),
            )
    return await attempts.open_attempt(deps, user.email, user, client, return_to=return_to)


async def refuse_if_switched_off(deps: Deps, user: User) -> None:
    """A deactivated account is told whom to ask (A4, T2: a reset cannot switch it back on);
    a locked one how to unlock. Only for someone who has just proved the first factor."""
    if not user.is_active:
        owner = await User.get_or_none(id=user.account_owner_id) if user.account_owner_id else None
        raise AccountDeactivated.for_user(
            owner.email if owner else None, deps.settings.support_email
        )
    if user.locked_at is not None:
        raise AccountLocked()
