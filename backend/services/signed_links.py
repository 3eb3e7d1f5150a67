"""Signed, expiring links (itsdangerous), timed by our clock so tests can move it.

Each purpose has its own salt, so a link made for one purpose never works for another.
"""

from __future__ import annotations

from typing import Any

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from backend.clock import Clock
from backend.deps import Deps
from backend.errors import InvalidLink

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
