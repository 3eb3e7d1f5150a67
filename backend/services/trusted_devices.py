"""Trusted devices (L2, L6): a random token in an HttpOnly cookie (or held by an API client),
stored hashed, bound to one user, valid 30 days from when it was issued."""

from __future__ import annotations

from datetime import timedelta

from backend.deps import Deps
from backend.models import EventKind, TrustedDevice, User
from backend.services import activity
from backend.services.client_info import ClientInfo
from backend.services.tokens import hash_token, new_token
from backend.transaction import transaction

TRUST_FOR = timedelta(days=30)


async def remember(deps: Deps, user_id: int, client: ClientInfo) -> str:
    """Trust this device for 30 days from now; the token is returned once."""
    now = deps.clock.now()
    token = new_token()
    await TrustedDevice.create(
        token_hash=hash_token(token),
        user_id=user_id,
        created_at=now,
        expires_at=now + TRUST_FOR,
        last_used_at=now,
        user_agent=client.user_agent[:300],
        client_ip=client.ip[:64],
    )
    return token


async def recognises(deps: Deps, user: User, token: str) -> bool:
    """True if `token` is a live trusted device of this very user (another user's never is)."""
    if not token or len(token) > 200:
        return False
    now = deps.clock.now()
    touched = await TrustedDevice.filter(
        token_hash=hash_token(token), user_id=user.id, expires_at__gt=now
    ).update(last_used_at=now)
    return touched == 1


async def list_for(deps: Deps, user_id: int) -> list[TrustedDevice]:
    """The user's devices that still skip step 2, newest first."""
    return (
        await TrustedDevice.filter(user_id=user_id, expires_at__gt=deps.clock.now())
        .order_by("-created_at", "-id")
        .limit(100)
    )


async def revoke(deps: Deps, user_id: int, device_id: int, client: ClientInfo) -> bool:
    """Forget one of the user's own devices; False if there is none."""
    async with transaction():
        forgotten = await TrustedDevice.filter(id=device_id, user_id=user_id).delete() == 1
        if forgotten:
            await activity.record(deps, user_id, EventKind.DEVICE_FORGOTTEN, client)
    return forgotten
