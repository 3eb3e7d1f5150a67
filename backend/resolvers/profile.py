"""Who is signed in, and the choices the sign-up form offers."""

from __future__ import annotations

import strawberry

from backend.schema.context import Context
from backend.schema.types import Me
from backend.services.accounts import SECURITY_QUESTIONS

Info = strawberry.Info[Context, None]


async def me(info: Info) -> Me | None:
    """M1: the signed-in user and which factors are on; null when signed out."""
    session = await info.context.session()
    return Me.of(session.user) if session else None


def security_questions() -> list[str]:
    return list(SECURITY_QUESTIONS)
