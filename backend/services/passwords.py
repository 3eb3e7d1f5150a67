"""Password hashing (argon2id, off the event loop) and the password policy (A2)."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor

import argon2
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from backend.config import Argon2Params
from backend.errors import WeakPassword

MIN_LENGTH = 8
MAX_LENGTH = 128
_ZXCVBN_MAX = 72
MIN_SCORE = 3


class PasswordHasher:
    """argon2id in a thread pool sized to the cores: hashing never blocks the event loop."""

    def __init__(self, params: Argon2Params, workers: int | None = None) -> None:
        self._hasher = argon2.PasswordHasher(
            time_cost=params.time_cost,
            memory_cost=params.memory_cost_kib,
            parallelism=params.parallelism,
            type=argon2.Type.ID,
        )
        self._pool = ThreadPoolExecutor(
            max_workers=workers or os.cpu_count() or 1, thread_name_prefix="argon2"
        )
        self._dummy_hash = self._hasher.hash("latchkey-dummy-password")

    async def hash(self, secret: str) -> str:
        return await asyncio.get_running_loop().run_in_executor(
            self._pool, self._hasher.hash, secret
        )

    async def verify(self, stored_hash: str, secret: str) -> bool:
        return await asyncio.get_running_loop().run_in_executor(
            self._pool, self._verify_sync, stored_hash, secret
        )

    async def burn(self, secret: str) -> None:
        """Spend the time of one verification, so unknown accounts answer as slowly."""
        await self.verify(self._dummy_hash, secret)

    def needs_rehash(self, stored_hash: str) -> bool:
        return self._hasher.check_needs_rehash(stored_hash)

    def _verify_sync(self, stored_hash: str, secret: str) -> bool:
        try:
            return self._hasher.verify(stored_hash, secret)
        except (VerificationError, InvalidHashError):
            return False

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def check_password_policy(password: str, email: str = "") -> None:
    """NIST 800-63B: length, no composition rules, refuse guessable passwords with a reason.

    Raises WeakPassword (field "password") with the reason a person can act on.
    """
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"Use at least {MIN_LENGTH} characters.", field="password")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"Use at most {MAX_LENGTH} characters.", field="password")
    hints = [part for part in email.replace("@", " ").replace(".", " ").split() if part]
    verdict = zxcvbn(password[:_ZXCVBN_MAX], user_inputs=hints)
    if verdict["score"] < MIN_SCORE:
        feedback = verdict["feedback"]
        reason = feedback.get("warning") or "This password is too easy to guess."
        suggestions = " ".join(feedback.get("suggestions") or [])
        raise WeakPassword(f"{reason} {suggestions}".strip(), field="password")
