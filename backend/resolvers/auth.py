"""Sign-up, login, code entry and logout."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from backend.errors import NotAuthenticated as NotAuthenticatedError
from backend.resolvers.outcome import user_errors
from backend.schema.context import Context
from backend.schema.errors import (
    CodeExpired,
    InvalidCode,
    InvalidCredentials,
    InvalidInput,
    LoginExpired,
    NotAuthenticated,
    ResendThrottled,
    TooManyAttempts,
)
from backend.schema.types import CodeRequired, LoggedOut, LoginSuccess, Me, SecondFactor
from backend.services import accounts, login_flow, sessions
from backend.web import cookies

Info = strawberry.Info[Context, None]

SignUpResult = Annotated[CodeRequired | InvalidInput, strawberry.union("SignUpResult")]
LoginResult = Annotated[
    CodeRequired | InvalidCredentials | InvalidInput, strawberry.union("LoginResult")
]
ResendLoginCodeResult = Annotated[
    CodeRequired | ResendThrottled | LoginExpired | TooManyAttempts,
    strawberry.union("ResendLoginCodeResult"),
]
VerifyLoginCodeResult = Annotated[
    LoginSuccess | InvalidCode | CodeExpired | LoginExpired | TooManyAttempts | InvalidInput,
    strawberry.union("VerifyLoginCodeResult"),
]
LogoutResult = Annotated[LoggedOut | NotAuthenticated, strawberry.union("LogoutResult")]


def _code_required(challenge: login_flow.CodeChallenge) -> CodeRequired:
    return CodeRequired(
        login_token=challenge.token,
        method=SecondFactor(challenge.method),
        destination=challenge.destination,
        expires_at=datetime.fromisoformat(challenge.expires_at_iso),
    )


@user_errors
async def sign_up(
    info: Info, email: str, password: str, security_question: str, security_answer: str
) -> SignUpResult:
    """A1: create an account; the first code goes to the email at once."""
    challenge = await accounts.sign_up(
        info.context.deps, email, password, security_question, security_answer
    )
    return _code_required(challenge)


@user_errors
async def login(info: Info, email: str, password: str) -> LoginResult:
    """L1: check the password; step 2 follows with the returned `loginToken`."""
    return _code_required(await login_flow.start_login(info.context.deps, email, password))


@user_errors
async def resend_login_code(info: Info, login_token: str) -> ResendLoginCodeResult:
    """L4: a new emailed code; every earlier code stops working."""
    return _code_required(await login_flow.resend_code(info.context.deps, login_token))


@user_errors
async def verify_login_code(info: Info, login_token: str, code: str) -> VerifyLoginCodeResult:
    """L8: a correct code ends the login with a new session."""
    ctx = info.context
    signed_in = await login_flow.verify_code(ctx.deps, login_token, code, ctx.client)
    settings = ctx.deps.settings
    cookies.set_cookie(
        ctx.response,
        settings,
        cookies.SESSION,
        signed_in.token,
        max_age=settings.session_absolute_hours * 3600,
    )
    cookies.delete_cookie(ctx.response, settings, cookies.LOGIN_ATTEMPT)
    return LoginSuccess(session_token=signed_in.token, me=Me.of(signed_in.user))


@user_errors
async def logout(info: Info) -> LogoutResult:
    """SE1: end this session everywhere at once."""
    ctx = info.context
    if await ctx.session() is None:
        raise NotAuthenticatedError()
    await sessions.end_session(ctx.session_token)
    cookies.delete_cookie(ctx.response, ctx.deps.settings, cookies.SESSION)
    return LoggedOut()


PendingLoginResult = Annotated[CodeRequired | LoginExpired, strawberry.union("PendingLoginResult")]


@user_errors
async def pending_login(info: Info, login_token: str) -> PendingLoginResult:
    """What step 2 of this login asks for, so a client can show where the code is."""
    return _code_required(await login_flow.describe_attempt(info.context.deps, login_token))
