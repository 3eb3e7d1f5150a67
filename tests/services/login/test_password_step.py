"""Step 1 of a login (L1, L3, L9), called as the resolvers call it: no HTTP."""

from __future__ import annotations

import pytest

from backend.clock import FrozenClock
from backend.deps import Deps
from backend.errors import InvalidCredentials, LoginExpired
from backend.models import Factor, User
from backend.services.login import attempts, password_step
from backend.services.login.screens import CodeChallenge
from tests.conftest import STRONG_PASSWORD
from tests.services.login.conftest import BROWSER, JANE


async def test_l1_unknown_email_and_wrong_password_are_refused_alike(
    deps: Deps, jane: User
) -> None:
    """L1: the same error, whether the address has an account or not."""
    with pytest.raises(InvalidCredentials) as wrong_password:
        await password_step.start_login(deps, JANE, "not the password", BROWSER)
    with pytest.raises(InvalidCredentials) as unknown:
        await password_step.start_login(deps, "nobody@example.com", STRONG_PASSWORD, BROWSER)
    assert wrong_password.value.message == unknown.value.message


async def test_l3_the_right_password_asks_for_the_code_sent_to_the_masked_address(
    deps: Deps, jane: User
) -> None:
    """L3: step 2 says where the code went, without revealing the address."""
    challenge = await password_step.start_login(deps, JANE, STRONG_PASSWORD, BROWSER)
    assert isinstance(challenge, CodeChallenge)
    assert challenge.method == Factor.EMAIL
    assert challenge.destination == "j•••@e•••.com"
    assert challenge.other_methods == ()


async def test_l9_the_attempt_expires_after_15_minutes(
    deps: Deps, jane: User, clock: FrozenClock
) -> None:
    """L9: the attempt of step 1 is found for 15 minutes, then never again."""
    challenge = await password_step.start_login(deps, JANE, STRONG_PASSWORD, BROWSER)
    assert isinstance(challenge, CodeChallenge)
    clock.advance(minutes=14, seconds=59)
    await attempts.describe(deps, challenge.token)
    clock.advance(seconds=1)
    with pytest.raises(LoginExpired):
        await attempts.describe(deps, challenge.token)
