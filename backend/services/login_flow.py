"""The login flow (L1, L3, L5, L7, L8, L9, M2): a stored attempt from the password to a session.

States: SECOND_FACTOR -> (ENROLL_APP ->) (ACK_RECOVERY_CODE ->) DONE; an attempt whose guesses
are used up is over in any state. Each step checks
the state it expects and moves on with a conditional UPDATE, so two requests racing on the
same step cannot both win. Guesses are counted in the database before a code is compared.

O5: each step's writes are one transaction. The guess and the failure counters commit on
their own (a step that fails later must not give the guess back); the code's use, the state
change, the session, the remembered device and the activity event commit together, so a
failure between them leaves the attempt as it was and the same code works again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import timedelta
from typing import TypeVar

from tortoise.expressions import F

from backend.deps import Deps
from backend.errors import (
    AccountDeactivated,
    AccountLocked,
    AcknowledgementRequired,
    DomainError,
    InvalidCode,
    InvalidCredentials,
    InvalidInput,
    LoginExpired,
    MailDelayed,
    MethodUnavailable,
    RateLimited,
    ResendThrottled,
    TooManyAttempts,
)
from backend.mail import outbox
from backend.models import EventKind, Factor, LoginAttempt, LoginState, User
from backend.observability.metrics import (
    LOGINS_FAILED,
    LOGINS_STARTED,
    LOGINS_SUCCEEDED,
    SECOND_FACTOR,
)
from backend.services import (
    activity,
    captcha,
    email_codes,
    lockout,
    passkeys,
    rate_limits,
    recovery_codes,
    second_factor,
    security_alerts,
    totp,
    trusted_devices,
)
from backend.services import return_to as return_to_urls
from backend.services.client_info import ClientInfo
from backend.services.identity import email_key, mask_email, normalize_email
from backend.services.login_steps import (
    CodeChallenge,
    EnrollmentChallenge,
    LoginStep,
    RecoveryCodeShown,
    methods_of,
)
from backend.services.passwords import MAX_LENGTH
from backend.services.sessions import SignedIn, create_session
from backend.services.tokens import hash_token, new_token
from backend.transaction import transaction

Passed = TypeVar("Passed")

REMEMBERED_DEVICE = "with a remembered device"
METHOD_NAMES = {
    Factor.EMAIL: "email code",
    Factor.APP: "authenticator app",
    Factor.RECOVERY_CODE: "recovery code",
    Factor.PASSKEY: "passkey",
}


async def open_attempt(
    deps: Deps,
    email: str,
    user: User | None,
    client: ClientInfo,
    *,
    method: Factor | None = None,
    step_up_of: int | None = None,
    return_to: str | None = None,
) -> CodeChallenge:
    """Store a new attempt (a decoy when user is None); email the code if email is asked.

    `return_to` (I2) is checked here and kept with the attempt; a refused URL is dropped.
    """
    now = deps.clock.now()
    token = new_token()
    method = method or methods_of(user)[0]
    async with transaction():
        attempt = await LoginAttempt.create(
            token_hash=hash_token(token),
            user=user,
            email=email,
            method=method,
            step_up_of_id=step_up_of,
            return_to=return_to_urls.checked(deps.settings, return_to),
            created_at=now,
            expires_at=now + timedelta(minutes=deps.settings.login_attempt_minutes),
        )
        if method == Factor.EMAIL:
            await email_codes.send_login_code(deps, attempt, client)
    return await _code_challenge(deps, token, attempt, user)


def _methods_for(attempt: LoginAttempt, user: User | None) -> tuple[Factor, ...]:
    """A step-up (S1) asks for a passkey, the app or an emailed code; the recovery code is for
    lost phones."""
    methods = methods_of(user)
    if attempt.step_up_of_id is None:
        return methods
    return tuple(m for m in methods if m in (Factor.PASSKEY, Factor.APP, Factor.EMAIL))


async def _code_challenge(
    deps: Deps, token: str, attempt: LoginAttempt, user: User | None
) -> CodeChallenge:
    """The code screen; an emailed code's screen says so when mail is failing to leave (O4)."""
    method = Factor(attempt.method)
    emailed = method == Factor.EMAIL
    return CodeChallenge(
        resend_after_seconds=email_codes.resend_wait(deps, attempt) if emailed else 0,
        token=token,
        method=method,
        destination=mask_email(attempt.email) if emailed else None,
        other_methods=tuple(m for m in _methods_for(attempt, user) if m != method),
        expires_at=attempt.expires_at,
        email_delayed=emailed and await outbox.delivery_failing(deps.clock.now()),
    )


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
            return await _signed_in(
                deps,
                user,
                client,
                method=None,
                return_to=return_to_urls.checked(deps.settings, return_to),
            )
    return await open_attempt(deps, user.email, user, client, return_to=return_to)


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


async def attempt_in(
    deps: Deps, token: str, *states: LoginState, step_up_of: int | None = None
) -> LoginAttempt:
    """The live attempt behind a token if it is at one of `states`; LoginExpired otherwise.

    A step-up attempt (S1) belongs to one session and is never a way to sign in: it is found
    only when `step_up_of` names that session.
    """
    if not token or len(token) > 200:
        raise LoginExpired()
    attempt = await LoginAttempt.filter(token_hash=hash_token(token)).select_related("user").first()
    if attempt is None or attempt.state not in states or attempt.step_up_of_id != step_up_of:
        raise LoginExpired()
    if deps.clock.now() >= attempt.expires_at:
        raise LoginExpired()
    user = attempt.user
    if user is not None and (not user.is_active or user.locked_at is not None):
        raise LoginExpired()  # locked or deactivated since step 1 (the attempt is ended too)
    if attempt.code_guesses >= deps.settings.max_code_guesses:
        raise LoginExpired(TooManyAttempts.default_message)
    return attempt


async def passkey_options(deps: Deps, token: str, *, step_up_of: int | None = None) -> str:
    """PK2: the WebAuthn request for a login attempt (or this session's step-up, S1) that asks
    for a passkey."""
    attempt = await attempt_in(deps, token, LoginState.SECOND_FACTOR, step_up_of=step_up_of)
    if attempt.method != Factor.PASSKEY:
        raise MethodUnavailable("This login does not ask for a passkey.", field="method")
    return await passkeys.login_options(deps, attempt)


async def describe(deps: Deps, token: str, *, step_up_of: int | None = None) -> LoginStep:
    """What the screen of a pending attempt shows now."""
    attempt = await attempt_in(
        deps,
        token,
        LoginState.SECOND_FACTOR,
        LoginState.ENROLL_APP,
        LoginState.ACK_RECOVERY_CODE,
        step_up_of=step_up_of,
    )
    if attempt.state == LoginState.ENROLL_APP:
        return _enrollment_challenge(deps, token, attempt)
    if attempt.state == LoginState.ACK_RECOVERY_CODE:
        return _recovery_shown(deps, token, attempt)
    return await _code_challenge(deps, token, attempt, attempt.user)


async def choose_method(
    deps: Deps, token: str, method: Factor, client: ClientInfo, *, step_up_of: int | None = None
) -> CodeChallenge:
    """L3 "Try another method": switch the code asked for; Email sends a code."""
    attempt = await attempt_in(deps, token, LoginState.SECOND_FACTOR, step_up_of=step_up_of)
    if method not in _methods_for(attempt, attempt.user):
        raise MethodUnavailable(field="method")
    async with transaction():
        await LoginAttempt.filter(id=attempt.id).update(method=method)
        attempt.method = method
        if method == Factor.EMAIL:
            try:
                await email_codes.send_login_code(deps, attempt, client)
            except ResendThrottled:
                pass  # a code went out moments ago and still works
    return await _code_challenge(deps, token, attempt, attempt.user)


async def resend_code(
    deps: Deps, token: str, client: ClientInfo, *, step_up_of: int | None = None
) -> CodeChallenge:
    """L4 Resend: a new emailed code for an attempt that asks for one."""
    attempt = await attempt_in(deps, token, LoginState.SECOND_FACTOR, step_up_of=step_up_of)
    if attempt.method != Factor.EMAIL:
        raise MethodUnavailable("This login does not use an emailed code.", field="method")
    if await outbox.delivery_failing(deps.clock.now()):
        # A new code would wait in the outbox behind the one sent; keep that one working.
        raise MailDelayed()
    async with transaction():
        await email_codes.send_login_code(deps, attempt, client)
    return await _code_challenge(deps, token, attempt, attempt.user)


async def _reserve_guess(deps: Deps, attempt: LoginAttempt) -> int:
    """Count this guess before comparing anything; returns the guesses left after it."""
    limit = deps.settings.max_code_guesses
    reserved = await LoginAttempt.filter(
        id=attempt.id,
        state=attempt.state,
        code_guesses__lt=limit,
        expires_at__gt=deps.clock.now(),
    ).update(code_guesses=F("code_guesses") + 1)
    fresh = await LoginAttempt.get(id=attempt.id)
    if not reserved:
        if fresh.code_guesses >= limit:
            raise TooManyAttempts()
        raise LoginExpired()
    return limit - fresh.code_guesses


async def guarded_check(
    deps: Deps,
    attempt: LoginAttempt,
    check: second_factor.Check,
    client: ClientInfo,
    then: Callable[[int], Awaitable[Passed]],
) -> Passed:
    """Run one secret check under the address's and the attempt's budgets (R2, L8), and on
    success `then(what the check returned)` in the same transaction as the check (O5)."""
    await rate_limits.hit(
        deps, rate_limits.CODE_CHECKS_PER_ADDRESS, rate_limits.address_of(deps, client)
    )
    method = Factor(attempt.method).value
    try:
        guesses_left = await _reserve_guess(deps, attempt)
    except TooManyAttempts:
        SECOND_FACTOR.labels(method, "exhausted").inc()
        raise
    except LoginExpired:
        SECOND_FACTOR.labels(method, "expired").inc()
        raise
    try:
        async with transaction():
            passed = await then(await check())
    except InvalidCode:
        SECOND_FACTOR.labels(method, "rejected").inc()
        if attempt.user_id is not None:
            await activity.record(deps, attempt.user_id, EventKind.CODE_FAILED, client)
            await lockout.record_failure(deps, attempt.user_id)
        # No state change here: a racing request holding the right code may still finish.
        if guesses_left == 0:
            raise TooManyAttempts() from None
        raise
    SECOND_FACTOR.labels(method, "accepted").inc()
    return passed


async def advance(attempt: LoginAttempt, to: LoginState, **changes: object) -> None:
    """Move the attempt on from the state it was read in; a racing request loses here."""
    moved = await LoginAttempt.filter(id=attempt.id, state=attempt.state).update(
        state=to, code_guesses=0, **changes
    )
    if not moved:
        raise LoginExpired()


async def verify_code(
    deps: Deps, token: str, code: str, client: ClientInfo, remember_device: bool = False
) -> SignedIn | EnrollmentChallenge | RecoveryCodeShown:
    """Step 2 with the attempt's current method (email code, app code or recovery code).

    `remember_device` (L6) is kept on the attempt and honoured when the login ends.
    """
    attempt = await attempt_in(deps, token, LoginState.SECOND_FACTOR)
    method = Factor(attempt.method)
    check = second_factor.checker(deps, attempt, method, code)  # InvalidInput on bad shape

    async def passed(_: int) -> SignedIn | EnrollmentChallenge | RecoveryCodeShown:
        return await _after_code(deps, token, attempt, method, client, remember_device)

    return await guarded_check(deps, attempt, check, client, passed)


async def _after_code(
    deps: Deps,
    token: str,
    attempt: LoginAttempt,
    method: Factor,
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
        return await _issue_recovery_code(deps, token, attempt, user)
    if user.app_enrollment_pending and not user.totp_secret_encrypted:
        sealed_secret = deps.box.seal(totp.new_secret())
        await advance(attempt, LoginState.ENROLL_APP, pending_totp_secret_encrypted=sealed_secret)
        attempt.pending_totp_secret_encrypted = sealed_secret
        return _enrollment_challenge(deps, token, attempt)
    await advance(attempt, LoginState.DONE)
    return await _signed_in(
        deps,
        user,
        client,
        method=method,
        remember=remember_device,
        return_to=attempt.return_to,
    )


def _enrollment_challenge(deps: Deps, token: str, attempt: LoginAttempt) -> EnrollmentChallenge:
    assert attempt.pending_totp_secret_encrypted is not None
    secret = deps.box.open(attempt.pending_totp_secret_encrypted)
    enrollment = totp.enrollment_for(secret, attempt.email, deps.settings.service_name)
    return EnrollmentChallenge(token=token, enrollment=enrollment, expires_at=attempt.expires_at)


def _recovery_shown(deps: Deps, token: str, attempt: LoginAttempt) -> RecoveryCodeShown:
    assert attempt.pending_recovery_code_encrypted is not None
    return RecoveryCodeShown(
        token=token,
        recovery_code=deps.box.open(attempt.pending_recovery_code_encrypted),
        expires_at=attempt.expires_at,
    )


async def _issue_recovery_code(
    deps: Deps, token: str, attempt: LoginAttempt, user: User, **user_changes: object
) -> RecoveryCodeShown:
    """A new recovery code replaces any old one at once; it is shown until acknowledged."""
    code = recovery_codes.new_code()
    sealed = deps.box.seal(code)
    await advance(
        attempt,
        LoginState.ACK_RECOVERY_CODE,
        pending_totp_secret_encrypted=None,
        pending_recovery_code_encrypted=sealed,
    )
    await User.filter(id=user.id).update(
        recovery_code_hash=recovery_codes.hash_of(deps.settings.secret_key, code), **user_changes
    )
    return RecoveryCodeShown(token=token, recovery_code=code, expires_at=attempt.expires_at)


async def confirm_enrollment(
    deps: Deps, token: str, code: str, client: ClientInfo
) -> RecoveryCodeShown:
    """M2: a code from the newly scanned app proves it; the code counts as used (L5)."""
    attempt = await attempt_in(deps, token, LoginState.ENROLL_APP)
    assert attempt.user is not None and attempt.pending_totp_secret_encrypted is not None
    sealed_secret = attempt.pending_totp_secret_encrypted
    check = second_factor.enrollment_checker(deps, deps.box.open(sealed_secret), code)
    user = attempt.user

    async def enrolled(step: int) -> RecoveryCodeShown:
        await security_alerts.notify(
            deps, user, EventKind.FACTOR_ENABLED, client, METHOD_NAMES[Factor.APP]
        )
        return await _issue_recovery_code(
            deps,
            token,
            attempt,
            user,
            totp_secret_encrypted=sealed_secret,
            totp_last_step=step,
            app_enrollment_pending=False,
        )

    return await guarded_check(deps, attempt, check, client, enrolled)


async def acknowledge_recovery_code(
    deps: Deps, token: str, recorded: bool, client: ClientInfo
) -> SignedIn:
    """M2, L7: Continue only after "I have safely recorded this code" is ticked."""
    attempt = await attempt_in(deps, token, LoginState.ACK_RECOVERY_CODE)
    if not recorded:
        raise AcknowledgementRequired(field="recorded")
    assert attempt.user is not None
    async with transaction():
        await advance(attempt, LoginState.DONE, pending_recovery_code_encrypted=None)
        return await _signed_in(
            deps,
            attempt.user,
            client,
            method=Factor(attempt.method),
            remember=attempt.remember_device,
            return_to=attempt.return_to,
        )


async def passwordless_sign_in(
    deps: Deps, user: User, client: ClientInfo, return_to: str | None
) -> SignedIn:
    """PK3: a user-verified passkey proved both factors; the sign-in is like any other, without
    "remember this device" (there is no second step to skip). `return_to` was checked (I2)."""
    return await _signed_in(
        deps, user, client, method=Factor.PASSKEY, password=False, return_to=return_to
    )


async def _signed_in(
    deps: Deps,
    user: User,
    client: ClientInfo,
    *,
    method: Factor | None,
    remember: bool = False,
    return_to: str | None = None,
    password: bool = True,
) -> SignedIn:
    """Open the session; log the sign-in (SE3) and tell the owner when the browser is new (SE2).

    `method` is the second factor just proved, or None when a remembered device skipped it;
    `password` is False for a passkey sign-in (PK3).
    `return_to` was checked when the login began (I2); it rides along to the caller.
    """
    how = METHOD_NAMES[method] if method else REMEMBERED_DEVICE
    if not password:
        how = f"{how}, no password"
    LOGINS_SUCCEEDED.inc()
    await lockout.record_success(user.id)
    now = deps.clock.now()
    first_proof = {"email_verified_at": now} if user.email_verified_at is None else {}
    await User.filter(id=user.id).update(last_signed_in_at=now, **first_proof)
    fresh = await User.get(id=user.id)
    if await activity.is_new_browser(user.id, client):
        await security_alerts.notify(
            deps, fresh, EventKind.SIGNED_IN, client, f"from a new device, {how}"
        )
    else:
        await activity.record(deps, user.id, EventKind.SIGNED_IN, client, how)
    signed_in = replace(
        await create_session(deps, fresh, client, second_factor=method, password=password),
        return_to=return_to,
    )
    if not remember:
        return signed_in
    device_token = await trusted_devices.remember(deps, user.id, client)
    await activity.record(deps, user.id, EventKind.DEVICE_REMEMBERED, client)
    return replace(signed_in, device_token=device_token)
