"""Service tests of the factors (issue 16): each factor module through its interface, with the
real database, a frozen clock and no HTTP; the login package's fixtures (Jane, her step 1)."""

from __future__ import annotations

from backend.deps import Deps
from backend.models import LoginAttempt, LoginState, User
from backend.services.factors import registry
from backend.services.factors.base import Factor
from backend.services.login import attempts
from tests.services.login.conftest import deps, jane, password_passed

__all__ = ["deps", "jane"]  # fixtures


async def held(user: User) -> tuple[Factor, ...]:
    """What the user's authenticators let them pass step 2 with now, preferred first."""
    return registry.held(await registry.holdings_of(user))


async def asking(deps: Deps) -> LoginAttempt:
    """Jane's attempt after her password, waiting for step 2."""
    challenge = await password_passed(deps)
    return await attempts.load(deps, challenge.token, LoginState.SECOND_FACTOR)
