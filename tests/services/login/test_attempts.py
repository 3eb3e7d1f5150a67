"""The stored attempt (L9, M2, L7, S1): loaded only in the state a step expects, moved on only
where its kind's transition table leads, and only once."""

from __future__ import annotations

import pytest

from backend.deps import Deps
from backend.errors import LoginExpired
from backend.models import AttemptKind, LoginAttempt, LoginState, User
from backend.services.login import attempts, sign_in
from backend.services.login.attempts import TRANSITIONS, IllegalTransition
from tests.services.login.conftest import BROWSER, JANE

MOVES = [
    (kind, source, target) for kind in AttemptKind for source in LoginState for target in LoginState
]
ALLOWED = [move for move in MOVES if move[2] in TRANSITIONS[move[0]].get(move[1], ())]
REFUSED = [move for move in MOVES if move not in ALLOWED]


async def attempt_at(
    deps: Deps, user: User, kind: AttemptKind, state: LoginState
) -> tuple[str, LoginAttempt]:
    """A fresh attempt of `user` of `kind`, put at `state` directly (as earlier steps would)."""
    session = None
    if kind == AttemptKind.STEP_UP:
        session = (await sign_in.signed_in(deps, user, BROWSER, sign_in.REMEMBERED_DEVICE)).session
    challenge = await attempts.open_attempt(deps, JANE, user, BROWSER, step_up_of=session)
    await LoginAttempt.filter().update(state=state)
    return challenge.token, await LoginAttempt.get()


@pytest.mark.parametrize(("kind", "source", "target"), REFUSED)
async def test_l9_a_transition_the_table_does_not_list_is_refused(
    deps: Deps, jane: User, kind: AttemptKind, source: LoginState, target: LoginState
) -> None:
    """M2, L7, S1: e.g. an app enrollment cannot skip the recovery code, a step-up never
    enrolls an app, a done attempt stays done. The attempt is left as it was."""
    _, attempt = await attempt_at(deps, jane, kind, source)
    assert attempt.kind == kind
    with pytest.raises(IllegalTransition):
        await attempts.advance(attempt, target)
    assert (await LoginAttempt.get()).state == source


@pytest.mark.parametrize(("kind", "source", "target"), ALLOWED)
async def test_l9_each_listed_transition_moves_the_attempt_once(
    deps: Deps, jane: User, kind: AttemptKind, source: LoginState, target: LoginState
) -> None:
    """L9: the move happens once; a racing request that read the same state loses."""
    _, attempt = await attempt_at(deps, jane, kind, source)
    racing = await LoginAttempt.get()
    await attempts.advance(attempt, target)
    assert (await LoginAttempt.get()).state == target
    with pytest.raises(LoginExpired):
        await attempts.advance(racing, target)


def test_l9_every_pending_state_of_a_sign_in_leads_on_and_done_leads_nowhere() -> None:
    """L9: no pending sign-in state is a dead end; a step-up only ever finishes (S1)."""
    sign_in = TRANSITIONS[AttemptKind.SIGN_IN]
    assert all(sign_in[state] for state in LoginState if state != LoginState.DONE)
    assert all(LoginState.DONE not in table for table in TRANSITIONS.values())
    assert TRANSITIONS[AttemptKind.STEP_UP] == {
        LoginState.SECOND_FACTOR: frozenset({LoginState.DONE})
    }


async def test_l9_a_step_finds_the_attempt_only_in_the_state_it_expects(
    deps: Deps, jane: User
) -> None:
    """L9: acknowledging a recovery code finds nothing while the code is still asked for."""
    token, _ = await attempt_at(deps, jane, AttemptKind.SIGN_IN, LoginState.SECOND_FACTOR)
    with pytest.raises(LoginExpired):
        await attempts.load(deps, token, LoginState.ACK_RECOVERY_CODE)
    assert (await attempts.load(deps, token, LoginState.SECOND_FACTOR)).id
