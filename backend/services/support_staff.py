"""Support staff accounts (S2): made from the command line, never from the web."""

from __future__ import annotations

from backend.deps import Deps
from backend.models import User
from backend.services.credentials import new_credentials
from backend.services.factors import email_code
from backend.services.identity import normalize_email
from backend.transaction import transaction


async def create_support_user(
    deps: Deps, email: str, password: str, question: str, answer: str
) -> tuple[User, bool]:
    """A new staff account (A1-A3 rules, email factor on), or the support role for an
    existing account (its password and answers unchanged). Returns (user, created)."""
    address = normalize_email(email)
    existing = await User.get_or_none(email=address)
    if existing is not None:
        await User.filter(id=existing.id).update(is_support=True)
        return await User.get(id=existing.id), False
    credentials = await new_credentials(deps, address, password, question, answer)
    # One step: an account left without its email factor could never sign in, and a re-run
    # would take the existing-account path above.
    async with transaction():
        user = await User.create(
            email=address,
            **credentials.columns(),
            is_support=True,
            created_at=deps.clock.now(),
        )
        await email_code.FACTOR.turn_on(user.id, deps.clock.now())
    return user, True
