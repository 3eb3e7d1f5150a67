"""Rate limits per client address and per email (R2; ASVS 6.3.1 / NIST 800-63B 5.2.2)."""

from __future__ import annotations

import asyncio

import httpx
from starlette.applications import Starlette

from backend.app import create_app
from backend.clock import FrozenClock
from backend.config import RateLimit, Settings
from backend.mail.dev_sink import DevMailbox
from backend.services import rate_limits
from tests.api.flows import login, sign_up, signed_up_user, verify
from tests.conftest import STRONG_PASSWORD, asgi_client


def _other_address(app: Starlette, ip: str) -> httpx.AsyncClient:
    return asgi_client(app, ip)


async def test_r2_password_failures_for_one_email_are_slowed_per_address(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette, clock: FrozenClock
) -> None:
    """R2: after 10 wrong passwords from one address for one email, it must wait; the owner
    elsewhere is not affected, and unknown emails behave exactly the same (no enumeration)."""
    await signed_up_user(client, mailbox)
    for email in ("jane@example.com", "nobody@example.com"):
        for _ in range(10):
            assert (await login(client, email=email, password="wrong wrong wrong"))[
                "__typename"
            ] == "InvalidCredentials"
        refused = await login(client, email=email)
        assert refused["__typename"] == "RateLimited", refused
        assert "try again in" in refused["message"]
    async with _other_address(app, "198.51.100.20") as owner:
        assert (await login(owner))["__typename"] == "CodeRequired"
    clock.advance(seconds=rate_limits.PASSWORD_FAILURES.window_seconds)
    assert (await login(client))["__typename"] == "CodeRequired"


async def test_r2_logins_per_address_are_limited_and_say_when_to_retry(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """R2: one address gets 30 password checks per 10 minutes, across all emails."""
    limit = rate_limits.LOGIN_PER_ADDRESS
    for i in range(limit.max_hits):
        result = await login(client, email=f"user{i}@example.com", password="whatever it is")
        assert result["__typename"] == "InvalidCredentials"
    refused = await gql_login_raw(client)
    assert refused["__typename"] == "RateLimited"
    assert 0 < refused["retryAfterSeconds"] <= limit.window_seconds


async def gql_login_raw(http: httpx.AsyncClient) -> dict[str, object]:
    from tests.conftest import gql

    data = await gql(
        http,
        'mutation { login(email: "a@example.com", password: "x") { __typename '
        "... on RateLimited { retryAfterSeconds message } } }",
    )
    result: dict[str, object] = data["login"]
    return result


async def test_r2_limits_hold_under_concurrent_requests(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    """R2: 40 simultaneous logins from one address: at most 30 are checked."""
    results = await asyncio.gather(
        *(login(client, email=f"u{i}@example.com", password="whatever it is") for i in range(40))
    )
    kinds = [r["__typename"] for r in results]
    assert kinds.count("InvalidCredentials") == rate_limits.LOGIN_PER_ADDRESS.max_hits
    assert kinds.count("RateLimited") == 40 - rate_limits.LOGIN_PER_ADDRESS.max_hits


async def test_r2_signups_per_address_are_limited(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """R2: sign-up sends email, so one address gets 10 an hour."""
    for i in range(rate_limits.SIGNUPS_PER_ADDRESS.max_hits):
        assert (await sign_up(client, email=f"new{i}@example.com"))["__typename"] == "CodeRequired"
    refused = await sign_up(client, email="one-more@example.com")
    assert refused["__typename"] == "RateLimited"
    assert mailbox.latest_to("one-more@example.com") is None


async def test_r2_code_checks_per_address_are_limited_across_attempts(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """R2: new login attempts do not reset the budget: 60 code checks per address per 10 min."""
    async with _other_address(app, "198.51.100.30") as setup:
        await signed_up_user(setup, mailbox)
    limit = rate_limits.CODE_CHECKS_PER_ADDRESS
    checked = 0
    while checked < limit.max_hits:
        started = await login(client)
        for _ in range(min(4, limit.max_hits - checked)):
            assert (await verify(client, started["loginToken"], "000000"))["__typename"] in (
                "InvalidCode",
                "TooManyAttempts",
            )
            checked += 1
    started = await login(client, password=STRONG_PASSWORD)
    assert (await verify(client, started["loginToken"], "000000"))["__typename"] == "RateLimited"


async def test_o2_a_configured_rate_limit_replaces_the_default(
    settings: Settings, clock: FrozenClock
) -> None:
    """O2/R2: LATCHKEY_RATE_LIMIT_SIGNUPS_PER_ADDRESS=2/3600 allows two sign-ups, not ten."""
    tight = RateLimit(max_hits=2, window_seconds=3600)
    application = create_app(
        settings.model_copy(update={"rate_limit_signups_per_address": tight}), clock=clock
    )
    async with application.router.lifespan_context(application):
        async with _other_address(application, "192.0.2.201") as http:
            kinds = [
                (await sign_up(http, email=f"tight{i}@example.com"))["__typename"] for i in range(3)
            ]
    assert kinds == ["CodeRequired", "CodeRequired", "RateLimited"]


async def _logins_from(app: Starlette, addresses: list[str]) -> list[str]:
    kinds = []
    for i, address in enumerate(addresses):
        async with _other_address(app, address) as http:
            result = await login(http, email=f"who{i}@example.com", password="whatever it is")
            kinds.append(str(result["__typename"]))
    return kinds


async def test_r2_ipv6_clients_are_limited_by_their_64_network(app: Starlette) -> None:
    """R2: 45 logins from 45 addresses of one /64 are one client: 30 are checked, then it
    waits; another /64 and an IPv4 client keep their own budgets."""
    one_network = [f"2001:db8:1:2::{i:x}" for i in range(1, 46)]
    kinds = await _logins_from(app, one_network)
    limit = rate_limits.LOGIN_PER_ADDRESS.max_hits
    assert kinds.count("InvalidCredentials") == limit and kinds[limit:] == ["RateLimited"] * 15
    neighbours = await _logins_from(app, ["2001:db8:1:3::1", "192.0.2.45", "::ffff:192.0.2.46"])
    assert neighbours == ["InvalidCredentials"] * 3


async def test_o2_the_ipv6_network_size_is_configurable(
    settings: Settings, clock: FrozenClock
) -> None:
    """O2/R2: LATCHKEY_IPV6_LIMIT_PREFIX=128 counts each IPv6 address on its own again."""
    application = create_app(settings.model_copy(update={"ipv6_limit_prefix": 128}), clock=clock)
    async with application.router.lifespan_context(application):
        kinds = await _logins_from(application, [f"2001:db8:1:2::{i:x}" for i in range(1, 36)])
    assert kinds == ["InvalidCredentials"] * 35


# Full-width letters, upper case, an IDNA-encoded domain: all of them are jane@example.com.
JANE_SPELLINGS = (
    "jane@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com",
    "JANE@EXAMPLE.COM",
    "\uff4a\uff41\uff4e\uff45@example.com",
    " jane@Example.com ",
)


async def test_r2_every_spelling_of_an_email_spends_one_failure_budget(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """R2: wrong passwords typed with full-width letters or capitals count for that account."""
    await signed_up_user(client, mailbox)
    client.cookies.clear()
    for i in range(rate_limits.PASSWORD_FAILURES.max_hits):
        spelling = JANE_SPELLINGS[i % len(JANE_SPELLINGS)]
        wrong = await login(client, email=spelling, password="wrong wrong wrong")
        assert wrong["__typename"] == "InvalidCredentials", (spelling, wrong)
    assert (await login(client, email="jane@example.com"))["__typename"] == "RateLimited"
    full_width = await login(client, email=JANE_SPELLINGS[0])
    assert full_width["__typename"] == "RateLimited"
