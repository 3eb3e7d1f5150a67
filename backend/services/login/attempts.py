"""The stored login attempt (L9, S1): opened after step 1 (or by a step-up), loaded only in the
state a step expects, moved on only where TRANSITIONS leads for its kind, with a conditional
UPDATE so two requests racing on the same step cannot both win. An attempt whose guesses are
used up is over in any state.
"""

from __future__ import annotations

from datetime import timedelta

from backend.deps import Deps
from backend.errors import LoginExpired, TooManyAttempts
from backend.models import AttemptKind, Factor, LoginAttempt, LoginState, Session, User
from backend.services import email_codes
from backend.services import return_to as return_to_urls
from backend.services.client_info import ClientInfo
from backend.services.login import factor_checks, screens
from backend.services.tokens import hash_token, new_token
from backend.transaction import transaction

_SIGN_IN = {
    # A passed second factor signs in, or first enrolls the app (M2), or shows the new
    # recovery code that replaces a used one (L7).
    LoginState.SECOND_FACTOR: frozenset(
        {LoginState.ENROLL_APP, LoginState.ACK_RECOVERY_CODE, LoginState.DONE}
    ),
    LoginState.ENROLL_APP: frozenset({LoginState.ACK_RECOVERY_CODE}),  # M2: then the code
    LoginState.ACK_RECOVERY_CODE: frozenset({LoginState.DONE}),  # Continue signs in
}
# S1: a passed code refreshes the step-up's session; it never enrolls nor shows a code.
_STEP_UP = {LoginState.SECOND_FACTOR: frozenset({LoginState.DONE})}
# What may follow what, per kind of attempt; a state not listed (DONE) leads nowhere.
TRANSITIONS: dict[AttemptKind, dict[LoginState, frozenset[LoginState]]] = {
    AttemptKind.SIGN_IN: _SIGN_IN,
    AttemptKind.STEP_UP: _STEP_UP,
}


class IllegalTransition(RuntimeError):
    """A step asked to move an attempt where TRANSITIONS does not lead: a bug in the flow, never
    something a user can cause (they meet LoginExpired), so it is not a DomainError."""

    def __init__(self, kind: AttemptKind, source: LoginState, target: LoginState) -> None:
        super().__init__(f"a {kind.value} attempt cannot go from {source.value} to {target.value}")
        self.source = source
        self.target = target


async def open_attempt(
    deps: Deps,
    email: str,
    user: User | None,
    client: ClientInfo,
    *,
    method: str | None = None,
    step_up_of: Session | None = None,
    return_to: str | None = None,
) -> screens.CodeChallenge:
    """Store a new attempt (a decoy when user is None); email the code if email is asked.

    `step_up_of` makes it a step-up of that session (S1) rather than a sign-in.
    `return_to` (I2) is checked here and kept with the attempt; a refused URL is dropped.
    """
    now = deps.clock.now()
    token = new_token()
    method = method or (await factor_checks.methods_of(user))[0]
    async with transaction():
        attempt = await LoginAttempt.create(
            token_hash=hash_token(token),
            user=user,
            email=email,
            method=method,
            step_up_of=step_up_of,
            return_to=return_to_urls.checked(deps.settings, return_to),
            created_at=now,
            expires_at=now + timedelta(minutes=deps.settings.login_attempt_minutes),
        )
        if method == Factor.EMAIL:
            await _email_or_another_method(deps, attempt, user, client)
    return await screens.code_challenge(deps, token, attempt, user)


async def _email_or_another_method(
    deps: Deps, attempt: LoginAttempt, user: User | None, client: ClientInfo
) -> None:
    """Mail the code; when no more codes may be mailed (issue 22 #3) a person with another
    method (passkey, app, recovery code) is asked for that instead of being stopped at the
    password. Choosing Email then says what happened."""
    try:
        await email_codes.send_login_code(deps, attempt, client)
    except email_codes.CodesRanOut:
        others = [m for m in await factor_checks.methods_for(attempt, user) if m != Factor.EMAIL]
        if not others:
            raise
        await LoginAttempt.filter(id=attempt.id).update(method=others[0])
        attempt.method = others[0]


async def load(deps: Deps, token: str, *states: LoginState) -> LoginAttempt:
    """The live sign-in attempt behind a token if it is at one of `states`; LoginExpired
    otherwise (a step-up's token is no way to sign in)."""
    return await _live(deps, token, states, step_up_of=None)


async def load_step_up(deps: Deps, session: Session, token: str) -> LoginAttempt:
    """This session's pending step-up (S1); another session's is not found."""
    return await _live(deps, token, (LoginState.SECOND_FACTOR,), step_up_of=session.id)


async def _live(
    deps: Deps, token: str, states: tuple[LoginState, ...], step_up_of: int | None
) -> LoginAttempt:
    if not token or len(token) > 200:
        raise LoginExpired()
    attempt = await LoginAttempt.filter(token_hash=hash_token(token)).select_related("user").first()
    if attempt is None or attempt.state not in states or attempt.step_up_of_id != step_up_of:
        raise LoginExpired()
    if deps.clock.now() >= attempt.expires_at:
        raise LoginExpired()
    user = attempt.user
    if user is not None and (not user.is_active or user.locked_at is not None):
        raise LoginExpired()  # locked or deactivated since step 1 (the attempt is ended too)
    if attempt.code_guesses >= deps.settings.max_code_guesses:
        raise LoginExpired(TooManyAttempts.default_message)
    return attempt


async def advance(attempt: LoginAttempt, to: LoginState, **changes: object) -> None:
    """Move the attempt on from the state it was read in; a racing request loses here.

    IllegalTransition (nothing written) when TRANSITIONS does not lead there.
    """
    source = LoginState(attempt.state)
    if to not in TRANSITIONS[attempt.kind].get(source, frozenset()):
        raise IllegalTransition(attempt.kind, source, to)
    moved = await LoginAttempt.filter(id=attempt.id, state=attempt.state).update(
        state=to, code_guesses=0, **changes
    )
    if not moved:
        raise LoginExpired()


async def describe(deps: Deps, token: str) -> screens.LoginStep:
    """What the screen of a pending sign-in shows now."""
    attempt = await load(deps, token, *screens.SHOWN_IN)
    return await screens.shown(deps, token, attempt)
