"""The login flow (L1, L3, L8, L9): a stored attempt between the password and the code.

Each step checks the state it expects and fails with a typed error: expired, used up, or
wrong code. Guesses are counted in the database before a code is compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from tortoise.expressions import F

from backend.deps import Deps
from backend.errors import (
    InvalidCode,
    InvalidCredentials,
    InvalidInput,
    LoginExpired,
    TooManyAttempts,
)
from backend.models import LoginAttempt, LoginState, User
from backend.services import email_codes
from backend.services.identity import mask_email, normalize_email
from backend.services.passwords import MAX_LENGTH
from backend.services.sessions import ClientInfo, SignedIn, create_session
from backend.services.tokens import hash_token, new_token

CODE_PATTERN = re.compile(r"^\d{6}$")


@dataclass(frozen=True)
class CodeChallenge:
    """Step 2 is pending: the opaque attempt token and where the code was sent."""

    token: str
    method: str
    destination: str
    expires_at_iso: str


async def open_attempt(deps: Deps, email: str, user: User | None) -> CodeChallenge:
    """Store a new attempt (a decoy when user is None) and send its first code."""
    now = deps.clock.now()
    token = new_token()
    attempt = await LoginAttempt.create(
        token_hash=hash_token(token),
        user=user,
        email=email,
        created_at=now,
        expires_at=now + timedelta(minutes=deps.settings.login_attempt_minutes),
    )
    await email_codes.send_login_code(deps, attempt)
    return _challenge(token, attempt)


def _challenge(token: str, attempt: LoginAttempt) -> CodeChallenge:
    return CodeChallenge(
        token=token,
        method="email",
        destination=mask_email(attempt.email),
        expires_at_iso=attempt.expires_at.isoformat(),
    )


async def start_login(deps: Deps, email: str, password: str) -> CodeChallenge:
    """Step 1. Unknown email and wrong password fail alike, after the same argon2 work."""
    if not password or len(password) > MAX_LENGTH:
        # Not a password we could have stored: refuse without hashing 10 MB.
        await deps.passwords.burn("")
        raise InvalidCredentials()
    try:
        address = normalize_email(email)
    except InvalidInput:
        await deps.passwords.burn(password)
        raise InvalidCredentials() from None
    user = await User.get_or_none(email=address)
    if user is None or not user.is_active:
        await deps.passwords.burn(password)
        raise InvalidCredentials()
    if not await deps.passwords.verify(user.password_hash, password):
        raise InvalidCredentials()
    if deps.passwords.needs_rehash(user.password_hash):
        new_hash = await deps.passwords.hash(password)
        await User.filter(id=user.id).update(password_hash=new_hash)
    return await open_attempt(deps, user.email, user)


async def pending_attempt(deps: Deps, token: str) -> LoginAttempt:
    """The attempt behind a token, if it is still waiting for step 2; LoginExpired otherwise."""
    if not token or len(token) > 200:
        raise LoginExpired()
    attempt = await LoginAttempt.get_or_none(token_hash=hash_token(token))
    if attempt is None or attempt.state != LoginState.SECOND_FACTOR:
        raise LoginExpired()
    if deps.clock.now() >= attempt.expires_at:
        raise LoginExpired()
    return attempt


async def describe_attempt(deps: Deps, token: str) -> CodeChallenge:
    """What the code screen shows for a pending attempt."""
    return _challenge(token, await pending_attempt(deps, token))


async def resend_code(deps: Deps, token: str) -> CodeChallenge:
    attempt = await pending_attempt(deps, token)
    await email_codes.send_login_code(deps, attempt)
    return _challenge(token, attempt)


async def _reserve_guess(deps: Deps, attempt: LoginAttempt) -> int:
    """Count this guess before comparing anything; refuse when the attempt is used up."""
    limit = deps.settings.max_code_guesses
    reserved = await LoginAttempt.filter(
        id=attempt.id,
        state=LoginState.SECOND_FACTOR,
        code_guesses__lt=limit,
        expires_at__gt=deps.clock.now(),
    ).update(code_guesses=F("code_guesses") + 1)
    if not reserved:
        fresh = await LoginAttempt.get(id=attempt.id)
        if fresh.code_guesses >= limit:
            raise TooManyAttempts()
        raise LoginExpired()
    fresh = await LoginAttempt.get(id=attempt.id)
    return limit - fresh.code_guesses


async def verify_code(deps: Deps, token: str, code: str, client: ClientInfo) -> SignedIn:
    """Step 2: a correct, unexpired, unused code signs the user in with a new session."""
    code = "".join(code.split())
    if not CODE_PATTERN.match(code):
        raise InvalidInput("Enter the 6-digit code.", field="code")
    attempt = await pending_attempt(deps, token)
    guesses_left = await _reserve_guess(deps, attempt)
    try:
        if attempt.user_id is None:
            raise InvalidCode()
        await email_codes.consume_login_code(deps, attempt, code)
    except InvalidCode:
        if guesses_left == 0:
            await LoginAttempt.filter(id=attempt.id).update(state=LoginState.FAILED)
            raise TooManyAttempts() from None
        raise
    return await _finish(deps, attempt, client)


async def _finish(deps: Deps, attempt: LoginAttempt, client: ClientInfo) -> SignedIn:
    finished = await LoginAttempt.filter(id=attempt.id, state=LoginState.SECOND_FACTOR).update(
        state=LoginState.DONE
    )
    if not finished:
        raise LoginExpired()
    user = await User.get(id=attempt.user_id)
    if user.email_verified_at is None:
        user.email_verified_at = deps.clock.now()
        await user.save(update_fields=["email_verified_at"])
    return await create_session(deps, user, client)
