"""Emailed login codes (L4): 6 digits, 5 minutes, newest only, single use, throttled resend."""

from __future__ import annotations

import math
from datetime import timedelta

from tortoise.expressions import F, Q

from backend.deps import Deps
from backend.errors import (
    CodeExpired,
    InvalidCode,
    RateLimited,
    ResendThrottled,
    TooManyAttempts,
)
from backend.i18n import N_, NP_
from backend.models import EmailCode, LoginAttempt, User
from backend.services import rate_limits
from backend.services.client_info import ClientInfo
from backend.services.identity import email_key
from backend.services.tokens import hash_code, hash_token, new_numeric_code, same_hash

MAX_SENDS_PER_ATTEMPT = 5
SUBJECT = N_("Your authentication code")


class CodesRanOut(RateLimited):
    """Issue 22 #3: no more codes are mailed for a while; says whose budget ran out, so a
    person who typed the right password knows it was not their mistake."""

    def __init__(self, retry_after_seconds: int, *, from_network: bool) -> None:
        super().__init__(retry_after_seconds)
        minutes = (retry_after_seconds + 59) // 60
        if from_network:
            self.message = NP_(
                "Too many codes were sent from your network. Please try again in %(num)s "
                "minute, or use another method.",
                "Too many codes were sent from your network. Please try again in %(num)s "
                "minutes, or use another method.",
                minutes,
            )
        else:
            self.message = NP_(
                "Too many codes were sent to this account. Please try again in %(num)s "
                "minute, or use another method.",
                "Too many codes were sent to this account. Please try again in %(num)s "
                "minutes, or use another method.",
                minutes,
            )


def _budgets(
    deps: Deps, attempt: LoginAttempt, client: ClientInfo
) -> tuple[tuple[rate_limits.Limit, str, bool], ...]:
    """The counters a mailed code spends: (limit, subject, counted by network)."""
    return (
        (rate_limits.LOGIN_CODES_PER_ACCOUNT, hash_token(email_key(attempt.email)), False),
        (rate_limits.LOGIN_CODES_PER_ADDRESS, rate_limits.address_of(deps, client), True),
    )


async def _spend_budgets(
    deps: Deps, attempt: LoginAttempt, client: ClientInfo, *, count: bool
) -> None:
    """CodesRanOut when a budget is used up; `count` spends one code of each."""
    for limit, subject, network in _budgets(deps, attempt, client):
        try:
            if count:
                await rate_limits.hit(deps, limit, subject)
            else:
                await rate_limits.check(deps, limit, subject)
        except RateLimited as refused:
            raise CodesRanOut(refused.retry_after_seconds, from_network=network) from None


async def send_login_code(deps: Deps, attempt: LoginAttempt, client: ClientInfo) -> None:
    """Mail a fresh code for this attempt; every earlier code of the user stops working.

    Raises CodesRanOut (nothing written) when the account or the client's network had too
    many codes this hour, ResendThrottled when the last code went out too recently (checked
    and claimed in one conditional UPDATE, so two clicks at once send one email), and
    TooManyAttempts when this attempt has asked for too many codes.
    """
    await _spend_budgets(deps, attempt, client, count=False)
    now = deps.clock.now()
    interval = timedelta(seconds=deps.settings.resend_interval_seconds)
    claimed = await LoginAttempt.filter(
        Q(last_code_sent_at__isnull=True) | Q(last_code_sent_at__lte=now - interval),
        id=attempt.id,
        codes_sent__lt=MAX_SENDS_PER_ATTEMPT,
    ).update(last_code_sent_at=now, codes_sent=F("codes_sent") + 1)
    if not claimed:
        fresh = await LoginAttempt.get(id=attempt.id)
        if fresh.codes_sent >= MAX_SENDS_PER_ATTEMPT:
            raise TooManyAttempts(N_("Too many codes were requested. Please sign in again."))
        raise ResendThrottled(max(1, resend_wait(deps, fresh)))
    attempt.last_code_sent_at = now  # the screen built from this attempt counts from here
    await _spend_budgets(deps, attempt, client, count=True)
    if attempt.user_id is None:  # decoy attempt: look the same, send nothing
        return
    # One code change per user at a time: concurrent sign-ins of one user would otherwise
    # supersede each other's codes in different orders and deadlock on PostgreSQL. NO KEY
    # UPDATE, as the attempt rows this transaction inserted hold KEY SHARE on the user.
    user = await User.select_for_update(no_key=True).get(id=attempt.user_id)
    await EmailCode.filter(user_id=attempt.user_id, used_at__isnull=True).update(superseded=True)
    code = new_numeric_code()
    await EmailCode.create(
        attempt=attempt,
        user_id=attempt.user_id,
        code_hash=hash_code(deps.settings.secret_key, code),
        sent_at=now,
        expires_at=now + timedelta(minutes=deps.settings.email_code_minutes),
    )
    minutes = deps.settings.email_code_minutes
    await deps.mailer.send(
        attempt.email,
        SUBJECT,
        "login_code",
        language=user.language,
        expires_at=now + timedelta(minutes=minutes),
        code=code,
        minutes=minutes,
    )


def resend_wait(deps: Deps, attempt: LoginAttempt) -> int:
    """Whole seconds until Resend may send again (0: now), so screens can count down (L4)."""
    sent_at = attempt.last_code_sent_at
    if sent_at is None:
        return 0
    wait = sent_at + timedelta(seconds=deps.settings.resend_interval_seconds) - deps.clock.now()
    return max(0, math.ceil(wait.total_seconds()))


async def consume_login_code(deps: Deps, attempt: LoginAttempt, code: str) -> None:
    """Accept the newest code of this attempt once; raise InvalidCode or CodeExpired otherwise."""
    newest = (
        await EmailCode.filter(attempt_id=attempt.id, superseded=False)
        .order_by("-sent_at", "-id")
        .first()
    )
    submitted = hash_code(deps.settings.secret_key, code)
    if newest is None or not same_hash(newest.code_hash, submitted):
        raise InvalidCode()
    now = deps.clock.now()
    if now >= newest.expires_at:
        raise CodeExpired()
    used = await EmailCode.filter(id=newest.id, used_at__isnull=True, superseded=False).update(
        used_at=now
    )
    if not used:
        raise InvalidCode()
