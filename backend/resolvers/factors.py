"""Profile actions on second factors (M2, M3, M4)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from backend.i18n import N_
from backend.models import Factor
from backend.schema.context import Context
from backend.schema.errors import (
    FactorState,
    InvalidCredentials,
    LastFactor,
    NotAuthenticated,
    RateLimited,
    StepUpRequired,
)
from backend.schema.types import AppEnrollmentScheduled, FactorsChanged, Me
from backend.services.factors import profile, registry

Info = strawberry.Info[Context, None]

EnableAppResult = Annotated[
    AppEnrollmentScheduled
    | StepUpRequired
    | InvalidCredentials
    | RateLimited
    | FactorState
    | NotAuthenticated,
    strawberry.union("EnableAuthenticatorAppResult"),
]
FactorChangeResult = Annotated[
    FactorsChanged | InvalidCredentials | RateLimited | LastFactor | FactorState | NotAuthenticated,
    strawberry.union("FactorChangeResult"),
]


async def enable_authenticator_app(info: Info, password: str) -> EnableAppResult:
    """M2: confirm the password; this logs out, and the next login enrolls the app."""
    ctx = info.context
    await profile.schedule_app_enrollment(ctx.deps, await ctx.signed_in(), password)
    ctx.forget_session()
    return AppEnrollmentScheduled(
        message=N_("You are logged out. Log in again to set up your authenticator app.").translate(
            ctx.language
        )
    )


async def disable_factor(info: Info, factor: Factor, password: str) -> FactorChangeResult:
    """M3: never the last factor; disabling the app deletes its secret."""
    ctx = info.context
    session = await ctx.signed_in()
    user = await profile.disable(
        ctx.deps, session.user, registry.by_kind(factor.value), password, ctx.client
    )
    return FactorsChanged(me=Me.of(user))


async def enable_email_factor(info: Info, password: str) -> FactorChangeResult:
    """M4: turn emailed codes back on."""
    ctx = info.context
    session = await ctx.signed_in()
    user = await profile.enable_email(ctx.deps, session.user, password, ctx.client)
    return FactorsChanged(me=Me.of(user))
