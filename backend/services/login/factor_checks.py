"""The one place the login flow asks about factors (L4, L5, L7, PK2): which ones a user has,
and how an answer by each is checked. Both questions go to the factors' registry
(backend/services/factors/), so the login flow names no factor.

A check validates the shape of what was typed at once (InvalidInput, no guess used) and
returns the secret comparison to run under the attempt's guess budget (InvalidCode on failure).
"""

from __future__ import annotations

from backend.deps import Deps
from backend.errors import InvalidCode
from backend.models import AttemptKind, Factor, LoginAttempt, User
from backend.services.factors import authenticator_app, authenticators, registry
from backend.services.factors.base import Check


async def methods_of(user: User | None, *, step_up: bool = False) -> tuple[str, ...]:
    """The factors this user can pass step 2 with, preferred first (PK2: a passkey, then the
    app, then email); a step-up (S1) only those fit for it (the recovery code is for lost
    phones)."""
    holdings = None if user is None else await registry.holdings_of(user)
    return tuple(f.kind for f in registry.held(holdings, step_up=step_up))


async def step_up_method(user: User) -> str:
    """S1: what a step-up asks for first: the preferred factor fit for a step-up whose answer is
    typed (the app, else email; a passkey stays one click away), else an emailed code."""
    holdings = await registry.holdings_of(user)
    typed = (f for f in registry.held(holdings, step_up=True) if f.typed)
    return next(typed, registry.by_kind(Factor.EMAIL)).kind


def amr_of(kind: str) -> str:
    """I4: the RFC 8176 method reference of the factor stored as `kind`."""
    return registry.by_kind(kind).amr


async def methods_for(attempt: LoginAttempt, user: User | None) -> tuple[str, ...]:
    """The factors `attempt`'s kind may offer `user`."""
    return await methods_of(user, step_up=attempt.kind != AttemptKind.SIGN_IN)


async def _never() -> int:
    raise InvalidCode()


def checker(deps: Deps, attempt: LoginAttempt, method: str, code: str) -> Check:
    """The check for `code` by `method`; a decoy attempt's check always fails (after the same
    shape check a real account gets)."""
    factor = registry.by_kind(method)
    check = factor.check(deps, attempt, code)
    user_id = attempt.user_id
    if user_id is None:
        return _never

    async def checked() -> int:
        kept = await check()
        await authenticators.used(user_id, factor.kind, deps.clock.now())
        return kept

    return checked


async def app_enrollment_due(user: User) -> bool:
    """M2: the app was asked for on the profile and is not set up yet."""
    return authenticator_app.FACTOR.enrollment_pending(await registry.holdings_of(user))
