"""Who is signed in, and the choices the sign-up form offers."""

from __future__ import annotations

from typing import Annotated

import strawberry

from backend.models import User
from backend.schema.context import Context
from backend.schema.errors import InvalidInput, NotAuthenticated
from backend.schema.types import Me
from backend.services import accounts
from backend.services.accounts import SECURITY_QUESTIONS

Info = strawberry.Info[Context, None]
SetLanguageResult = Annotated[
    Me | InvalidInput | NotAuthenticated, strawberry.union("SetLanguageResult")
]


async def me(info: Info) -> Me | None:
    """M1: the signed-in user and which factors are on; null when signed out."""
    session = await info.context.session()
    return Me.of(session.user) if session else None


def security_questions() -> list[str]:
    return list(SECURITY_QUESTIONS)


async def set_language(info: Info, language: str) -> SetLanguageResult:
    """X1: store the language for your pages and emails (`en`, `de`, `es`)."""
    session = await info.context.signed_in()
    await accounts.set_language(session.user_id, language)
    return Me.of(await User.get(id=session.user_id))
