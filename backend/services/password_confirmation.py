"""The signed-in person types their password again before a sensitive change (M2, M3, PK1, T3)."""

from __future__ import annotations

from backend.deps import Deps
from backend.errors import InvalidCredentials
from backend.models import User


async def confirm_password(deps: Deps, user: User, password: str) -> None:
    """InvalidCredentials (on the "password" field) unless `password` is the user's own."""
    if not password or not await deps.passwords.verify(user.password_hash, password):
        raise InvalidCredentials("Incorrect password.", field="password")
