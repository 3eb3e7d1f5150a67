"""Wrong codes (L8): each guess is counted before the code is compared; the budget ends the
attempt."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from backend.deps import Deps
from backend.errors import InvalidCode, InvalidInput, LoginExpired, TooManyAttempts
from backend.mail.dev_sink import DevMailbox
from backend.models import LoginAttempt, User
from backend.services.login import second_factor
from backend.services.sessions import SignedIn
from tests.services.login.conftest import BROWSER, emailed_code, password_passed


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


async def test_l8_a_wrong_code_costs_one_guess_and_the_right_one_still_works(
    app: Starlette, deps: Deps, mailbox: DevMailbox, jane: User
) -> None:
    """L8: "Invalid code", one guess spent; the right code then signs in."""
    challenge = await password_passed(deps)
    code = await emailed_code(app, mailbox)
    with pytest.raises(InvalidCode):
        await second_factor.verify_code(deps, challenge.token, wrong(code), BROWSER)
    assert (await LoginAttempt.get()).code_guesses == 1
    signed_in = await second_factor.verify_code(deps, challenge.token, code, BROWSER)
    assert isinstance(signed_in, SignedIn) and signed_in.user.id == jane.id


async def test_l8_the_last_guess_ends_the_attempt_even_for_the_right_code(
    app: Starlette, deps: Deps, mailbox: DevMailbox, jane: User
) -> None:
    """L8: after max_code_guesses wrong codes the attempt is over; the right code is too late."""
    challenge = await password_passed(deps)
    code = await emailed_code(app, mailbox)
    for _ in range(deps.settings.max_code_guesses - 1):
        with pytest.raises(InvalidCode):
            await second_factor.verify_code(deps, challenge.token, wrong(code), BROWSER)
    with pytest.raises(TooManyAttempts):
        await second_factor.verify_code(deps, challenge.token, wrong(code), BROWSER)
    with pytest.raises(LoginExpired) as over:
        await second_factor.verify_code(deps, challenge.token, code, BROWSER)
    assert over.value.message == TooManyAttempts.default_message


async def test_l8_a_code_of_the_wrong_shape_spends_no_guess(deps: Deps, jane: User) -> None:
    """L8: "Enter the 6-digit code" is a typing slip, not a guess."""
    challenge = await password_passed(deps)
    with pytest.raises(InvalidInput, match="6-digit"):
        await second_factor.verify_code(deps, challenge.token, "12ab", BROWSER)
    assert (await LoginAttempt.get()).code_guesses == 0
