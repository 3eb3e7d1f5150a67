"""One password-confirmation budget per user (issue 23, finding 3; R2, R3, M3, PK1, S1, T3).

Every mutation that asks the signed-in person for their password spends the same per-user
budget, each guess counts (also the aliases of one request), and once it is spent the right
password gets the same answer as a wrong one.
"""

from __future__ import annotations

import httpx

from backend.clock import FrozenClock
from backend.mail.dev_sink import DevMailbox
from backend.services import rate_limits
from tests.api.flows import signed_up_user
from tests.api.test_profile_changes import ANSWER, change_password
from tests.conftest import STRONG_PASSWORD, gql

BUDGET = rate_limits.PROFILE_FAILURES_PER_USER
START_PASSKEY = """mutation($password: String!) { startPasskeyRegistration(password: $password) {
  __typename ... on UserError { message } } }"""


def _aliased_disables(passwords: list[str]) -> str:
    fields = " ".join(
        f'g{i}: disableFactor(factor: EMAIL, password: "{p}") {{ __typename }}'
        for i, p in enumerate(passwords)
    )
    return f"mutation {{ {fields} }}"


async def test_r3_aliased_password_guesses_each_count_and_then_the_right_one_is_refused_alike(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """R3: 15 aliased guesses in one request: 10 are compared, the rest (and then the right
    password, on any mutation) answer RateLimited, until the window has passed."""
    session = await signed_up_user(client, mailbox)
    client.cookies.clear()
    guesses = [f"wrong guess {i}" for i in range(14)] + [STRONG_PASSWORD]
    answers = await gql(client, _aliased_disables(guesses), bearer=session)
    kinds = [answers[f"g{i}"]["__typename"] for i in range(len(guesses))]
    assert kinds == ["InvalidCredentials"] * BUDGET.max_hits + ["RateLimited"] * (
        len(guesses) - BUDGET.max_hits
    )
    right = await gql(client, START_PASSKEY, bearer=session, password=STRONG_PASSWORD)
    assert right["startPasskeyRegistration"]["__typename"] == "RateLimited"
    profile = await change_password(client, session, STRONG_PASSWORD, ANSWER)
    assert profile["__typename"] == "RateLimited"
    clock.advance(seconds=BUDGET.window_seconds)
    again = await gql(client, _aliased_disables([STRONG_PASSWORD]), bearer=session)
    assert again["g0"]["__typename"] == "LastFactor"  # the password passed; M3 still holds


async def test_r2_wrong_profile_answers_and_factor_passwords_share_the_budget(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """R2: wrong guesses on the profile page's guard and on passkeys add up to one limit;
    right passwords never spend it."""
    session = await signed_up_user(client, mailbox)
    client.cookies.clear()
    for _ in range(BUDGET.max_hits + 2):
        ok = await gql(client, START_PASSKEY, bearer=session, password=STRONG_PASSWORD)
        assert ok["startPasskeyRegistration"]["__typename"] == "PasskeyOptions"
    half = BUDGET.max_hits // 2
    for _ in range(half):
        wrong = await change_password(client, session, "not my password", ANSWER)
        assert wrong["__typename"] == "InvalidCredentials"
    for _ in range(BUDGET.max_hits - half):
        wrong = await gql(client, START_PASSKEY, bearer=session, password="not my password")
        assert wrong["startPasskeyRegistration"]["__typename"] == "InvalidCredentials"
    last = await gql(client, START_PASSKEY, bearer=session, password=STRONG_PASSWORD)
    assert last["startPasskeyRegistration"]["__typename"] == "RateLimited"
