"""Signed, expiring links (itsdangerous), timed by our clock so tests can move it.

Each purpose has its own salt, so a link made for one purpose never works for another.
A link for a user's account also carries the user's security epoch: it dies as soon as
the user's access is ended (backend/services/access.py), whatever its expiry says.
"""

from __future__ import annotations

from typing import Any

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from backend.clock import Clock
from backend.deps import Deps
from backend.errors import InvalidLink
from backend.models import User

MAX_TOKEN_LENGTH = 600


def _serializer(deps: Deps, salt: str) -> URLSafeTimedSerializer:
    clock: Clock = deps.clock

    class ClockSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(clock.now().timestamp())

    return URLSafeTimedSerializer(deps.settings.secret_key, salt=salt, signer=ClockSigner)


def make(deps: Deps, salt: str, payload: dict[str, Any]) -> str:
    return _serializer(deps, salt).dumps(payload)


def read(deps: Deps, salt: str, token: str, max_age_seconds: int) -> dict[str, Any]:
    """The payload of a genuine, unexpired link; InvalidLink for anything else."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise InvalidLink()
    try:
        payload = _serializer(deps, salt).loads(token, max_age=max_age_seconds)
    except (SignatureExpired, BadSignature):
        raise InvalidLink() from None
    if not isinstance(payload, dict):
        raise InvalidLink()
    return payload


def make_for(deps: Deps, salt: str, user: User, payload: dict[str, Any]) -> str:
    """A link that acts on `user`'s account while their security epoch stays the same."""
    return make(deps, salt, {**payload, "u": user.id, "s": user.security_epoch})


async def read_for(
    deps: Deps, salt: str, token: str, max_age_seconds: int
) -> tuple[User, dict[str, Any]]:
    """The user and payload of a `make_for` link still valid for their account.

    InvalidLink if forged or expired, if the account is gone or deactivated, or if its
    access was ended since the link was mailed.
    """
    payload = read(deps, salt, token, max_age_seconds)
    user_id, epoch = payload.get("u"), payload.get("s")
    if not isinstance(user_id, int) or not isinstance(epoch, int):
        raise InvalidLink()
    user = await User.get_or_none(id=user_id, is_active=True, security_epoch=epoch)
    if user is None:
        raise InvalidLink()
    return user, payload
