"""Passkeys (PK1, PK2): the WebAuthn ceremonies as GraphQL (options out, response in)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from backend.models import User
from backend.resolvers.ids import number
from backend.schema.context import Context
from backend.schema.errors import (
    InvalidCredentials,
    InvalidInput,
    LastFactor,
    LoginExpired,
    NotAuthenticated,
    NotFound,
    RateLimited,
    StepUpRequired,
)
from backend.schema.types import FactorsChanged, Me, PasskeyOptions
from backend.services import passkeys
from backend.services.login import second_factor, step_up

Info = strawberry.Info[Context, None]

PasskeyOptionsResult = Annotated[
    PasskeyOptions
    | StepUpRequired
    | InvalidCredentials
    | RateLimited
    | InvalidInput
    | LoginExpired
    | NotAuthenticated,
    strawberry.union("PasskeyOptionsResult"),
]
PasskeyChangeResult = Annotated[
    FactorsChanged
    | InvalidInput
    | InvalidCredentials
    | RateLimited
    | LastFactor
    | NotFound
    | NotAuthenticated,
    strawberry.union("PasskeyChangeResult"),
]


async def start_passkey_registration(info: Info, password: str) -> PasskeyOptionsResult:
    """PK1: after the password, pass `optionsJson` to navigator.credentials.create()."""
    ctx = info.context
    session = await ctx.signed_in()
    return PasskeyOptions(
        options_json=await passkeys.registration_options(ctx.deps, session, password)
    )


async def finish_passkey_registration(
    info: Info, name: str, credential: str
) -> PasskeyChangeResult:
    """PK1: the authenticator's response (JSON, as @simplewebauthn/browser gives it)."""
    ctx = info.context
    session = await ctx.signed_in()
    await passkeys.register(ctx.deps, session.user, name, credential, ctx.client)
    return FactorsChanged(me=Me.of(await User.get(id=session.user_id)))


async def remove_passkey(info: Info, id: strawberry.ID, password: str) -> PasskeyChangeResult:
    """PK1, M3: needs the password; never the last factor."""
    ctx = info.context
    session = await ctx.signed_in()
    passkey_id = number(id, "There is no such passkey.")
    await passkeys.remove(ctx.deps, session.user, passkey_id, password, ctx.client)
    return FactorsChanged(me=Me.of(await User.get(id=session.user_id)))


async def passkey_step_up_options(info: Info, login_token: str) -> PasskeyOptionsResult:
    """S1 (issue 19): after chooseStepUpMethod(PASSKEY), pass `optionsJson` to
    navigator.credentials.get(); send the result as verifyStepUp's code."""
    ctx = info.context
    session = await ctx.signed_in()
    return PasskeyOptions(
        options_json=await step_up.passkey_options(ctx.deps, session, login_token)
    )


async def passkey_login_options(info: Info, login_token: str) -> PasskeyOptionsResult:
    """PK2: pass `optionsJson` to navigator.credentials.get(); send the result as the code."""
    options = await second_factor.passkey_options(info.context.deps, login_token)
    return PasskeyOptions(options_json=options)
