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
from backend.models import EventKind, LoginAttempt
from backend.observability.metrics import SECOND_FACTOR
from backend.services import activity, lockout, rate_limits
from backend.services.client_info import ClientInfo
from backend.services.factors.base import Check
from backend.services.login.screens import CodeChallenge
from backend.transaction import transaction

Passed = TypeVar("Passed")


async def reserve_guess(deps: Deps, attempt: LoginAttempt) -> int:
    """Count this guess before comparing anything; returns the guesses left after it.

    Usually no other guess came since `attempt` was loaded: counting on from the number it
    was loaded with gives the guesses left without reading the attempt again. A racing guess
    makes that UPDATE miss; then the guess is counted against the limit and read back."""
    limit = deps.settings.max_code_guesses
    live = LoginAttempt.filter(id=attempt.id, state=attempt.state, expires_at__gt=deps.clock.now())
    seen = attempt.code_guesses
    if seen < limit and await live.filter(code_guesses=seen).update(code_guesses=seen + 1):
        attempt.code_guesses = seen + 1
        return limit - attempt.code_guesses
    reserved = await live.filter(code_guesses__lt=limit).update(code_guesses=F("code_guesses") + 1)
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
    *,
    shown_again: Callable[[], Awaitable[CodeChallenge]] | None = None,
) -> Passed:
    """Run one secret check under the address's and the attempt's budgets (R2, L8), and on
    success `then(what the check returned)` in the same transaction as the check (O5).

    A wrong answer that leaves the attempt open carries `shown_again()`, the screen to
    redraw, so the client does not load the attempt again to show it (issue 16)."""
    await rate_limits.hit(
        deps, rate_limits.CODE_CHECKS_PER_ADDRESS, rate_limits.address_of(deps, client)
    )
    method = attempt.method
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
    except InvalidCode as wrong:
        SECOND_FACTOR.labels(method, "rejected").inc()
        locked = False
        if attempt.user_id is not None:
            await activity.record(deps, attempt.user_id, EventKind.CODE_FAILED, client)
            locked = await lockout.record_failure(deps, attempt.user_id)
        # No state change here: a racing request holding the right code may still finish.
        if guesses_left == 0:
            raise TooManyAttempts() from None
        if shown_again is not None and not locked:  # a lock ended the attempt: nothing to show
            wrong.challenge = await shown_again()
        raise
    SECOND_FACTOR.labels(method, "accepted").inc()
    return passed
