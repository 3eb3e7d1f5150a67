"""The authenticator app (L5, M2, M3, R5) as a factor: enrolled, checked once per time step."""

from __future__ import annotations

import pyotp
import pytest

from backend.clock import FrozenClock
from backend.deps import Deps
from backend.errors import InvalidCode, InvalidInput
from backend.models import Authenticator, LoginAttempt, User
from backend.services import recovery_codes
from backend.services.factors import authenticator_app, email_code, recovery_code
from tests.services.factors.conftest import held

FACTOR = authenticator_app.FACTOR


async def enrolled(deps: Deps, jane: User) -> pyotp.TOTP:
    """Jane's app, set up at a login (M2) with the code of the current step."""
    secret = pyotp.random_base32()
    totp = pyotp.TOTP(secret)
    step = totp.timecode(deps.clock.now())
    await FACTOR.enroll(deps, jane.id, deps.box.seal(secret), step - 1)
    return totp


async def test_m2_enrolled_it_is_preferred_to_email_and_keeps_its_secret_sealed(
    deps: Deps, jane: User
) -> None:
    await FACTOR.schedule_enrollment(jane.id)
    jane = await User.get(id=jane.id)
    assert await held(jane) == (email_code.FACTOR,)
    totp = await enrolled(deps, jane)
    jane = await User.get(id=jane.id)
    assert await held(jane) == (FACTOR, email_code.FACTOR)
    assert not jane.app_enrollment_pending
    row = await Authenticator.get(user_id=jane.id, kind=FACTOR.kind)
    assert totp.secret not in row.data and deps.box.open(row.data) == totp.secret  # R5


async def test_l5_a_time_step_passes_once_and_an_older_one_never(
    deps: Deps, jane: User, clock: FrozenClock
) -> None:
    totp = await enrolled(deps, jane)
    attempt = LoginAttempt(user_id=jane.id)
    with pytest.raises(InvalidInput):
        FACTOR.check(deps, attempt, "12 34")
    now = totp.at(deps.clock.now())
    step = await FACTOR.check(deps, attempt, now)()
    assert step == totp.timecode(deps.clock.now())
    with pytest.raises(InvalidCode):
        await FACTOR.check(deps, attempt, now)()  # replayed
    clock.advance(seconds=30)
    await FACTOR.check(deps, attempt, totp.at(deps.clock.now()))()
    with pytest.raises(InvalidCode):
        await FACTOR.check(deps, attempt, now)()  # older than the last accepted


async def test_m3_turning_it_off_forgets_the_secret_and_the_recovery_code(
    deps: Deps, jane: User
) -> None:
    totp = await enrolled(deps, jane)
    await recovery_code.FACTOR.issue(deps, jane.id, recovery_codes.new_code())
    await FACTOR.turn_off(jane.id)
    assert await held(jane) == (email_code.FACTOR,)
    with pytest.raises(InvalidCode):
        await FACTOR.check(deps, LoginAttempt(user_id=jane.id), totp.at(deps.clock.now()))()
