"""The recovery code (L7, M3) as a factor: kept as a hash, works once, replaced by a new one."""

from __future__ import annotations

import pytest

from backend.deps import Deps
from backend.errors import InvalidCode, InvalidInput
from backend.models import Authenticator, LoginAttempt, User
from backend.services import recovery_codes
from backend.services.factors import email_code, recovery_code
from tests.services.factors.conftest import held

FACTOR = recovery_code.FACTOR


async def test_l7_it_works_once_however_it_is_typed(deps: Deps, jane: User) -> None:
    code = recovery_codes.new_code()
    await FACTOR.issue(deps, jane.id, code)
    assert await held(jane) == (email_code.FACTOR, FACTOR)
    row = await Authenticator.get(user_id=jane.id, kind=FACTOR.kind)
    assert code.replace("-", "") not in row.data  # only its hash
    attempt = LoginAttempt(user_id=jane.id)
    with pytest.raises(InvalidInput):
        FACTOR.check(deps, attempt, "not a code")
    assert await FACTOR.check(deps, attempt, code.lower().replace("-", " "))() == 0
    with pytest.raises(InvalidCode):
        await FACTOR.check(deps, attempt, code)()
    assert await held(jane) == (email_code.FACTOR,)


async def test_l7_m3_a_new_code_replaces_the_old_and_never_stands_alone(
    deps: Deps, jane: User
) -> None:
    old, new = recovery_codes.new_code(), recovery_codes.new_code()
    await FACTOR.issue(deps, jane.id, old)
    await FACTOR.issue(deps, jane.id, new)
    attempt = LoginAttempt(user_id=jane.id)
    with pytest.raises(InvalidCode):
        await FACTOR.check(deps, attempt, old)()
    await FACTOR.check(deps, attempt, new)()
    assert not FACTOR.stands_alone and not FACTOR.for_step_up
