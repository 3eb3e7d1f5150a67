"""Where factors keep what a user holds (issue 16): one row per kind, even under concurrency."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from backend.deps import Deps
from backend.models import Authenticator, User
from backend.services.factors import authenticators


async def test_issue16_two_requests_holding_a_factor_at_once_both_succeed(
    deps: Deps, jane: User
) -> None:
    """A double-submitted enrolment: both requests store the factor; one row remains."""
    now = deps.clock.now()
    await authenticators.drop(jane.id, "app")
    await asyncio.gather(
        authenticators.put(jane.id, "app", now, data="first", counter=1),
        authenticators.put(jane.id, "app", now, data="second", counter=2),
    )
    rows = await Authenticator.filter(user_id=jane.id, kind="app")
    assert len(rows) == 1
    assert (rows[0].data, rows[0].counter) in {("first", 1), ("second", 2)}


async def test_issue16_holding_a_factor_again_replaces_it(deps: Deps, jane: User) -> None:
    """A new recovery code replaces the old one at once, and it has not been used yet."""
    then = deps.clock.now()
    await authenticators.put(jane.id, "recovery", then, data="old")
    await authenticators.used(jane.id, "recovery", then)
    later = then + timedelta(days=1)
    await authenticators.put(jane.id, "recovery", later, data="new")
    row = await Authenticator.get(user_id=jane.id, kind="recovery")
    assert (row.data, row.created_at, row.last_used_at) == ("new", later, None)
