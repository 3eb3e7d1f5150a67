"""The factors in preference order (PK2: a passkey, then the app, then email, then the
recovery code), and the questions asked of all of them at once.

The login flow, step-up, the profile, the schema and the templates read this list; adding a
factor means adding a module beside this one and putting it here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from backend.errors import MethodUnavailable
from backend.models import User
from backend.services.factors import (
    authenticator_app,
    authenticators,
    email_code,
    passkey,
    recovery_code,
)
from backend.services.factors.base import Factor, Holdings

FACTORS: list[Factor] = [
    passkey.FACTOR,
    authenticator_app.FACTOR,
    email_code.FACTOR,
    recovery_code.FACTOR,
]


def by_kind(kind: str) -> Factor:
    """The factor stored as `kind` on an attempt; MethodUnavailable for an unknown one."""
    for factor in FACTORS:
        if factor.kind == kind:
            return factor
    raise MethodUnavailable(field="method")


def by_name(name: str) -> Factor:
    """The factor a GraphQL SecondFactor value or a page's form names."""
    for factor in FACTORS:
        if factor.name == name:
            return factor
    raise MethodUnavailable(field="method")


async def holdings_of(user: User) -> Holdings:
    """What `user` holds of every factor, read once."""
    return Holdings(user=user, authenticators=await authenticators.held_by(user.id))


async def holdings_of_each(users: list[User]) -> dict[int, Holdings]:
    """What each of `users` holds, read in one query (the Team page lists every member)."""
    held = await authenticators.held_by_each([user.id for user in users])
    return {user.id: Holdings(user=user, authenticators=held[user.id]) for user in users}


def held(holdings: Holdings | None, *, step_up: bool = False) -> tuple[Factor, ...]:
    """The factors this user can pass step 2 with, preferred first; a decoy (None) is offered
    an emailed code, as a real account would be. A step-up (S1) offers only some."""
    if holdings is None:
        return (email_code.FACTOR,)
    return tuple(f for f in FACTORS if f.held(holdings) and (f.for_step_up or not step_up))


@contextmanager
def registered(factor: Factor, *, before: Factor | None = None) -> Iterator[Factor]:
    """Offer `factor` (before another in preference order, else last) while inside."""
    FACTORS.insert(FACTORS.index(before) if before else len(FACTORS), factor)
    try:
        yield factor
    finally:
        FACTORS.remove(factor)
