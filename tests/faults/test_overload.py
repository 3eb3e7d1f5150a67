"""O4: password hashing admits a bounded queue; past it sign-in and sign-up answer at once
with TryAgainLater instead of queueing past any sensible timeout."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from starlette.applications import Starlette

from backend.config import RateLimit, Settings
from backend.mail.dev_sink import DevMailbox
from backend.services.passwords import PasswordHasher
from tests.api.flows import LOGIN, signed_up_user
from tests.conftest import STRONG_PASSWORD, TEST_ARGON2, asgi_client, gql

QUEUE = 4
LOGIN_OR_WAIT = LOGIN.replace(
    "... on UserError",
    "... on TryAgainLater { retryAfterSeconds } ... on ServiceUnavailable { retryAfterSeconds }"
    " ... on UserError",
)
COME_BACK = ("TryAgainLater", "ServiceUnavailable")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """One account signing in 100 times at once: its own code limit (20 an hour, L4) is not
    what this test is about, and how many pass the queue depends on the machine's speed."""
    many = RateLimit(max_hits=10_000, window_seconds=3600)
    return settings.model_copy(update={"rate_limit_login_codes_per_account": many})


async def _login_from(app: Starlette, number: int) -> dict[str, object]:
    """One person signing in from their own address (so per-address limits stay out)."""
    async with asgi_client(app, ip=f"198.51.{number // 250}.{number % 250 + 1}") as http:
        result: dict[str, object] = (
            await gql(http, LOGIN_OR_WAIT, email="jane@example.com", password=STRONG_PASSWORD)
        )["login"]
        return result


async def test_o4_a_hundred_simultaneous_sign_ins_proceed_or_are_told_to_come_back(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """O4: 100 sign-ins at once with a queue of 4: each one either proceeds to its code or
    is told at once to come back (TryAgainLater; on a busy PostgreSQL also ServiceUnavailable
    when no pooled connection frees up in time), and no request the queue refused costs a
    password hash."""
    await signed_up_user(client, mailbox)
    hashes: list[float] = []
    bounded = PasswordHasher(TEST_ARGON2, workers=1, queue_limit=QUEUE, on_wait=hashes.append)
    app.state.deps.passwords = bounded
    try:
        results = await asyncio.gather(*(_login_from(app, n) for n in range(100)))
    finally:
        bounded.close()
    kinds = [r["__typename"] for r in results]
    assert set(kinds) <= {"CodeRequired", *COME_BACK}, kinds
    assert kinds.count("CodeRequired") >= 1 and kinds.count("TryAgainLater") >= 1
    assert all(r["retryAfterSeconds"] >= 1 for r in results if r["__typename"] in COME_BACK)
    assert kinds.count("CodeRequired") <= len(hashes) <= 100 - kinds.count("TryAgainLater")


def test_o4_the_queue_is_sized_from_the_cores_and_the_hash_time() -> None:
    """O4: with no setting, the queue holds about two seconds of hashing."""
    hasher = PasswordHasher(TEST_ARGON2, workers=2)
    try:
        expected = 2 * int(2.0 / hasher.hash_seconds)
        assert hasher.queue_limit == expected and hasher.queue_limit >= 2
    finally:
        hasher.close()
