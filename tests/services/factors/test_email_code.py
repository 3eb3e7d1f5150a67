"""The emailed code (L4, M3, M4) as a factor: held from sign-up, turned off and on, checked."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from backend.deps import Deps
from backend.errors import InvalidCode, InvalidInput
from backend.mail.dev_sink import DevMailbox
from backend.models import Authenticator, User
from backend.services.factors.email_code import FACTOR
from tests.services.factors.conftest import asking, held
from tests.services.login.conftest import emailed_code


async def test_l4_held_from_sign_up_and_m3_m4_turned_off_and_on(deps: Deps, jane: User) -> None:
    assert await held(jane) == (FACTOR,)
    await FACTOR.turn_off(jane.id)
    assert await held(jane) == ()
    await FACTOR.turn_on(jane.id, deps.clock.now())
    await FACTOR.turn_on(jane.id, deps.clock.now())  # already on: nothing more
    assert await held(jane) == (FACTOR,)
    assert await Authenticator.filter(user_id=jane.id).count() == 1


async def test_l4_the_mailed_code_passes_once_a_wrong_one_fails_a_misshapen_one_at_once(
    app: Starlette, deps: Deps, mailbox: DevMailbox, jane: User
) -> None:
    attempt = await asking(deps)  # step 1 mailed the code (prepare)
    code = await emailed_code(app, mailbox)
    with pytest.raises(InvalidInput):
        FACTOR.check(deps, attempt, "12ab")  # no guess used: nothing to run
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(InvalidCode):
        await FACTOR.check(deps, attempt, wrong)()
    assert await FACTOR.check(deps, attempt, code)() == 0
    with pytest.raises(InvalidCode):
        await FACTOR.check(deps, attempt, code)()  # used
