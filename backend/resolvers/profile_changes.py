"""Guarded profile changes (S1): step-up codes, then password, email and security question."""

from __future__ import annotations

from typing import Annotated

import strawberry

from backend.i18n import N_
from backend.models import Factor
from backend.schema.context import Context
from backend.schema.errors import (
    CodeExpired,
    InvalidCode,
    InvalidCredentials,
    InvalidInput,
    InvalidLink,
    LoginExpired,
    NotAuthenticated,
    RateLimited,
    ResendThrottled,
    ServiceUnavailable,
    StepUpRequired,
    TooManyAttempts,
)
from backend.schema.return_to import ReturnToArgument
from backend.schema.types import (
    CodeRequired,
    EmailChanged,
    EmailChangeRequested,
    Me,
    PasswordChanged,
    SecurityQuestionChanged,
    StepUpVerified,
    code_required,
)
from backend.services import profile_changes
from backend.services.login import freshness, step_up

Info = strawberry.Info[Context, None]

StartStepUpResult = Annotated[
    CodeRequired
    | NotAuthenticated
    | RateLimited
    | ResendThrottled
    | TooManyAttempts
    | ServiceUnavailable,
    strawberry.union("StartStepUpResult"),
]
VerifyStepUpResult = Annotated[
    StepUpVerified
    | InvalidCode
    | CodeExpired
    | LoginExpired
    | TooManyAttempts
    | InvalidInput
    | RateLimited
    | NotAuthenticated,
    strawberry.union("VerifyStepUpResult"),
]
Guarded = StepUpRequired | InvalidCredentials | InvalidInput | RateLimited | NotAuthenticated
ChangePasswordResult = Annotated[
    PasswordChanged | Guarded, strawberry.union("ChangePasswordResult")
]
ChangeEmailResult = Annotated[EmailChangeRequested | Guarded, strawberry.union("ChangeEmailResult")]
ChangeSecurityQuestionResult = Annotated[
    SecurityQuestionChanged | Guarded, strawberry.union("ChangeSecurityQuestionResult")
]
ConfirmEmailChangeResult = Annotated[
    EmailChanged | InvalidLink, strawberry.union("ConfirmEmailChangeResult")
]


async def start_step_up(info: Info, return_to: ReturnToArgument = None) -> StartStepUpResult:
    """S1: ask for a fresh code (the app first, else an emailed code is sent)."""
    ctx = info.context
    session = await ctx.signed_in()
    return code_required(await step_up.start(ctx.deps, session, ctx.client, return_to))


PendingStepUpResult = Annotated[
    CodeRequired | LoginExpired | NotAuthenticated, strawberry.union("PendingStepUpResult")
]


async def pending_step_up(info: Info, login_token: str) -> PendingStepUpResult:
    """Which code this session's step-up is waiting for."""
    ctx = info.context
    session = await ctx.signed_in()
    return code_required(await step_up.describe(ctx.deps, session, login_token))


async def choose_step_up_method(info: Info, login_token: str, method: Factor) -> StartStepUpResult:
    """Use the app or an emailed code instead (the recovery code is not offered here)."""
    ctx = info.context
    session = await ctx.signed_in()
    challenge = await step_up.choose_method(ctx.deps, session, login_token, method, ctx.client)
    return code_required(challenge)


async def resend_step_up_code(info: Info, login_token: str) -> StartStepUpResult:
    ctx = info.context
    session = await ctx.signed_in()
    return code_required(await step_up.resend_code(ctx.deps, session, login_token, ctx.client))


async def verify_step_up(info: Info, login_token: str, code: str) -> VerifyStepUpResult:
    """S1: the code refreshes this session for 15 minutes of guarded changes."""
    ctx = info.context
    session = await ctx.signed_in()
    then = await step_up.verify(ctx.deps, session, login_token, code, ctx.client)
    return StepUpVerified(fresh_until=freshness.fresh_until(session), return_to=then)


async def change_password(
    info: Info, current_password: str, security_answer: str, new_password: str
) -> ChangePasswordResult:
    """S1: every other session and remembered device ends; this one stays signed in."""
    ctx = info.context
    session = await ctx.signed_in()
    await profile_changes.change_password(
        ctx.deps, session, current_password, security_answer, new_password, ctx.client
    )
    return PasswordChanged(
        message=N_(
            "Your password was changed. Your other sessions and remembered devices ended."
        ).translate(ctx.language)
    )


async def change_email(
    info: Info, current_password: str, security_answer: str, new_email: str
) -> ChangeEmailResult:
    """S1: the new address must confirm by link before it replaces the old one."""
    ctx = info.context
    session = await ctx.signed_in()
    address = await profile_changes.request_email_change(
        ctx.deps, session, current_password, security_answer, new_email, ctx.client
    )
    return EmailChangeRequested(
        message=N_(
            "We sent a link to %(address)s. Your address changes when you open it.",
            address=address,
        ).translate(ctx.language),
        new_email=address,
    )


async def confirm_email_change(info: Info, token: str) -> ConfirmEmailChangeResult:
    """S1: the link from the new mailbox; works once."""
    ctx = info.context
    email = await profile_changes.confirm_email_change(ctx.deps, token, ctx.client)
    message = N_("Your login email is now %(email)s.", email=email).translate(ctx.language)
    return EmailChanged(email=email, message=message)


async def change_security_question(
    info: Info,
    current_password: str,
    security_answer: str,
    new_question: str,
    new_answer: str,
) -> ChangeSecurityQuestionResult:
    """S1: same checks as a password change."""
    ctx = info.context
    session = await ctx.signed_in()
    user = await profile_changes.change_security_question(
        ctx.deps, session, current_password, security_answer, new_question, new_answer, ctx.client
    )
    return SecurityQuestionChanged(me=Me.of(user))
