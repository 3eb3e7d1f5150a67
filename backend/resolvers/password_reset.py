"""Forgot password (P1): request a link, check it, set a new password."""

from __future__ import annotations

from typing import Annotated

import strawberry

from backend.i18n import N_
from backend.schema.captcha import CAPTCHA_HELP
from backend.schema.context import Context
from backend.schema.errors import CaptchaRequired, InvalidInput, InvalidLink, RateLimited
from backend.schema.types import PasswordChanged, PasswordResetLink, PasswordResetRequested
from backend.services import password_reset

Info = strawberry.Info[Context, None]

REQUESTED = N_(
    "If an account exists for that address, we sent it a link to reset the password. "
    "Check your inbox (and spam folder); the link works for an hour."
)

RequestPasswordResetResult = Annotated[
    PasswordResetRequested | InvalidInput | RateLimited | CaptchaRequired,
    strawberry.union("RequestPasswordResetResult"),
]
PasswordResetLinkResult = Annotated[
    PasswordResetLink | InvalidLink, strawberry.union("PasswordResetLinkResult")
]
ResetPasswordResult = Annotated[
    PasswordChanged | InvalidLink | InvalidInput | RateLimited,
    strawberry.union("ResetPasswordResult"),
]


async def request_password_reset(
    info: Info,
    email: str,
    captcha: Annotated[str, strawberry.argument(description=CAPTCHA_HELP)] = "",
) -> RequestPasswordResetResult:
    """P1: always the same answer, whether or not the account exists."""
    ctx = info.context
    await password_reset.request_reset(ctx.deps, email, ctx.client, captcha)
    return PasswordResetRequested(message=REQUESTED.translate(ctx.language))


async def password_reset_link(info: Info, token: str) -> PasswordResetLinkResult:
    """Whether a reset link still works, and for which address."""
    return PasswordResetLink(email=await password_reset.check_link(info.context.deps, token))


async def reset_password(info: Info, token: str, new_password: str) -> ResetPasswordResult:
    """P1: the link works once; every session ends; MFA still applies at the next login."""
    ctx = info.context
    await password_reset.reset_password(ctx.deps, token, new_password, ctx.client)
    changed = N_("Your password was changed. Log in with the new password.")
    return PasswordChanged(message=changed.translate(ctx.language))
