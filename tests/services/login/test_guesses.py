"""Wrong codes (L8): each guess is counted before the code is compared; the budget ends the
attempt."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from backend.deps import Deps
from backend.errors import InvalidCode, InvalidInput, LoginExpired, TooManyAttempts
from backend.mail.dev_sink import DevMailbox
from backend.models import LoginAttempt, LoginState, User
from backend.services import lockout
from backend.services.login import attempts, guesses, second_factor
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


async def test_l8_a_wrong_code_carries_the_code_screen_to_show_again(
    app: Starlette, deps: Deps, mailbox: DevMailbox, jane: User
) -> None:
    """Issue 16: the refusal holds the screen pendingLogin would give, so no second load."""
    challenge = await password_passed(deps)
    code = await emailed_code(app, mailbox)
    with pytest.raises(InvalidCode) as refused:
        await second_factor.verify_code(deps, challenge.token, wrong(code), BROWSER)
    assert refused.value.challenge == await attempts.describe(deps, challenge.token)


async def test_r2_a_wrong_code_that_locks_the_account_shows_no_screen(
    app: Starlette, deps: Deps, mailbox: DevMailbox, jane: User
) -> None:
    """R2: the failure that locks the account ends the attempt: there is no screen to redraw."""
    challenge = await password_passed(deps)
    code = await emailed_code(app, mailbox)
    await User.filter(id=jane.id).update(failed_logins=lockout.LOCK_AFTER - 1)
    with pytest.raises(InvalidCode) as refused:
        await second_factor.verify_code(deps, challenge.token, wrong(code), BROWSER)
    assert refused.value.challenge is None
    with pytest.raises(LoginExpired):
        await attempts.describe(deps, challenge.token)


async def test_l8_a_guess_racing_another_is_counted_too(deps: Deps, jane: User) -> None:
    """L8: a guess whose attempt was read before another guess landed still spends one."""
    challenge = await password_passed(deps)
    stale = await attempts.load(deps, challenge.token, LoginState.SECOND_FACTOR)
    first = await attempts.load(deps, challenge.token, LoginState.SECOND_FACTOR)
    limit = deps.settings.max_code_guesses
    assert await guesses.reserve_guess(deps, first) == limit - 1
    assert await guesses.reserve_guess(deps, stale) == limit - 2
    assert (await LoginAttempt.get()).code_guesses == 2
