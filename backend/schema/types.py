"""GraphQL success types."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from backend.models import User


@strawberry.enum
class SecondFactor(Enum):
    EMAIL = "email"
    APP = "app"
    RECOVERY_CODE = "recovery"


@strawberry.type(description="Step 2 is pending: send the code with `loginToken`.")
class CodeRequired:
    login_token: str = strawberry.field(description="Opaque; valid 15 minutes.")
    method: SecondFactor
    destination: str | None = strawberry.field(
        description="Where the code was sent (masked email), or null for the app."
    )
    expires_at: datetime


@strawberry.type
class Factors:
    email: bool
    app: bool


@strawberry.type
class Me:
    email: str
    security_question: str
    factors: Factors
    created_at: datetime

    @classmethod
    def of(cls, user: User) -> Me:
        return cls(
            email=user.email,
            security_question=user.security_question,
            factors=Factors(email=user.email_factor_enabled, app=False),
            created_at=user.created_at,
        )


@strawberry.type(description="Signed in. Browsers also get an HttpOnly session cookie.")
class LoginSuccess:
    session_token: str = strawberry.field(description="Send as `Authorization: Bearer <token>`.")
    me: Me


@strawberry.type
class LoggedOut:
    ok: bool = True
