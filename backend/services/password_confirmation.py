"""The signed-in person types their password again before a sensitive change (M2, M3, PK1,
T3, S1).

One budget per user for all of them (R2, R3): disabling a factor, adding a passkey, a team
app reset and the guarded profile changes spend the same PROFILE_FAILURES_PER_USER counter.
A guess is counted before it is compared, so aliases in one request and parallel requests
each spend one; a right guess gives its count back, so only wrong ones add up, and once
they reach the limit even the right password gets the same "wait" answer.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from backend.deps import Deps
from backend.errors import InvalidCredentials
from backend.i18n import N_
from backend.models import User
from backend.services import rate_limits

BUDGET = rate_limits.PROFILE_FAILURES_PER_USER


@asynccontextmanager
async def counted_guess(deps: Deps, user_id: int) -> AsyncIterator[None]:
    """Count one guess at the user's password (or answer); RateLimited past the budget.

    A body that raises keeps the count (a wrong guess); one that returns gives it back.
    Never inside a transaction: a rolled-back wrong guess would not count.
    """
    subject = str(user_id)
    await rate_limits.hit(deps, BUDGET, subject)
    yield
    await rate_limits.give_back(deps, BUDGET, subject)


async def confirm_password(deps: Deps, user: User, password: str) -> None:
    """InvalidCredentials (on the "password" field) unless `password` is the user's own."""
    async with counted_guess(deps, user.id):
        if not password or not await deps.passwords.verify(user.password_hash, password):
            raise InvalidCredentials(N_("Incorrect password."), field="password")
