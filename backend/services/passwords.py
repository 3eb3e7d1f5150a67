"""Password hashing (argon2id, off the event loop) and the password policy (A2)."""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import argon2
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from backend.config import Argon2Params
from backend.errors import TryAgainLater, WeakPassword
from backend.i18n import N_
from backend.services import password_feedback

MIN_LENGTH = 8
MAX_LENGTH = 128
_ZXCVBN_MAX = 72
T = TypeVar("T")
MIN_SCORE = 3


# How long a sign-in may wait for a hashing thread before it is told to come back (O4).
TARGET_QUEUE_WAIT_SECONDS = 2.0
# Hashing threads run at this niceness (Linux sets it per thread), so the event loop thread
# gets the CPU the moment a request arrives: a login storm keeps every core busy hashing,
# yet `me` and forward-auth wait for no hash (issue 20). Idle CPU still goes to hashing.
HASHING_NICENESS = 10


def lower_hashing_priority() -> None:
    """Called on each hashing thread as it starts (and by bench/run.py for the raw figure)."""
    with contextlib.suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASHING_NICENESS)


class PasswordHasher:
    """argon2id in a thread pool sized to the cores: hashing never blocks the event loop.

    The pool admits a bounded queue (O4): `queue_limit` waiting hashes, by default as many
    as the threads can finish within TARGET_QUEUE_WAIT_SECONDS at the hash time measured at
    start. Past it, a hash raises TryAgainLater at once, rather than queueing for longer
    than any proxy or person waits. `on_wait` is told each hash's time in the queue.
    """

    def __init__(
        self,
        params: Argon2Params,
        workers: int | None = None,
        queue_limit: int | None = None,
        on_wait: Callable[[float], None] = lambda seconds: None,
    ) -> None:
        self._hasher = argon2.PasswordHasher(
            time_cost=params.time_cost,
            memory_cost=params.memory_cost_kib,
            parallelism=params.parallelism,
            type=argon2.Type.ID,
        )
        self.workers = workers or os.cpu_count() or 1
        self._pool = ThreadPoolExecutor(
            max_workers=self.workers,
            thread_name_prefix="argon2",
            initializer=lower_hashing_priority,
        )
        started = time.perf_counter()
        self._dummy_hash = self._hasher.hash("latchkey-dummy-password")
        self.hash_seconds = max(time.perf_counter() - started, 0.001)
        per_thread = int(TARGET_QUEUE_WAIT_SECONDS / self.hash_seconds)
        self.queue_limit = queue_limit if queue_limit is not None else self.workers * per_thread
        self._admitted = 0
        self._on_wait = on_wait

    async def hash(self, secret: str) -> str:
        return await self._run(self._hasher.hash, secret)

    async def verify(self, stored_hash: str, secret: str) -> bool:
        return await self._run(self._verify_sync, stored_hash, secret)

    async def _run(self, work: Callable[..., T], *args: str) -> T:
        """Run `work` on a hashing thread if the queue has room; TryAgainLater otherwise."""
        if self._admitted >= self.workers + self.queue_limit:
            ahead = self._admitted - self.workers + 1
            raise TryAgainLater(max(1, math.ceil(ahead * self.hash_seconds / self.workers)))
        self._admitted += 1
        queued_at = time.perf_counter()

        def timed() -> T:
            self._on_wait(time.perf_counter() - queued_at)
            return work(*args)

        try:
            return await asyncio.get_running_loop().run_in_executor(self._pool, timed)
        finally:
            self._admitted -= 1

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
        raise WeakPassword(
            N_("Use at least %(count)s characters.", count=MIN_LENGTH), field="password"
        )
    if len(password) > MAX_LENGTH:
        raise WeakPassword(
            N_("Use at most %(count)s characters.", count=MAX_LENGTH), field="password"
        )
    hints = [part for part in email.replace("@", " ").replace(".", " ").split() if part]
    verdict = zxcvbn(password[:_ZXCVBN_MAX], user_inputs=hints)
    if verdict["score"] < MIN_SCORE:
        raise WeakPassword(password_feedback.reason(verdict["feedback"]), field="password")
