"""The budgets every secret check of a login or step-up runs under (R2, L8).

Guesses are counted in the database before a code is compared. O5: the guess and the failure
counters commit on their own (a step that fails later must not give the guess back); what a
passed check leads to commits together with the check, so a failure between them leaves the
attempt as it was and the same code works again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from tortoise.expressions import F

from backend.deps import Deps
from backend.errors import InvalidCode, LoginExpired, TooManyAttempts
from backend.models import EventKind, Factor, LoginAttempt
from backend.observability.metrics import SECOND_FACTOR
from backend.services import activity, lockout, rate_limits
from backend.services.client_info import ClientInfo
from backend.services.factors.base import Check
from backend.transaction import transaction

Passed = TypeVar("Passed")


async def reserve_guess(deps: Deps, attempt: LoginAttempt) -> int:
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
    check: Check,
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
        guesses_left = await reserve_guess(deps, attempt)
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
