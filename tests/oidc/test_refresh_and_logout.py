"""Refresh tokens rotate and a reused one revokes its chain; RP-initiated logout; ending a
person's access also ends what applications hold (I4)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from starlette.applications import Starlette

from backend.clock import FrozenClock
from backend.mail.dev_sink import DevMailbox
from backend.models import User
from backend.services import access, housekeeping, oidc_grants, signing_keys
from backend.services.oauth_clients import NewClient
from tests.conftest import asgi_client
from tests.oidc.conftest import BASE
from tests.oidc.helpers import code_for, redeem, register, signed_in
from tests.pages.helpers import csrf_of, post_form

EMAIL = "jane@example.com"
BYE = "https://app.example.com/bye"


async def _tokens(
    app: Starlette, http: httpx.AsyncClient, mailbox: DevMailbox
) -> tuple[NewClient, dict[str, Any]]:
    made = await register(app)
    await signed_in(http, mailbox, EMAIL)
    answer = await redeem(http, made, await code_for(http, made.client.client_id))
    assert answer.status_code == 200, answer.text
    tokens: dict[str, Any] = answer.json()
    assert tokens["refresh_token"]
    return made, tokens


async def _refresh(http: httpx.AsyncClient, made: NewClient, refresh_token: str) -> httpx.Response:
    assert made.secret
    return await http.post(
        "/token",
        data={"grant_type": "refresh_token", "refresh_token": refresh_token},
        auth=(made.client.client_id, made.secret),
    )


async def _userinfo_works(http: httpx.AsyncClient, tokens: dict[str, Any]) -> bool:
    answer = await http.get(
        "/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    return answer.status_code == 200


async def test_i4_refresh_rotates_and_a_reused_refresh_token_revokes_the_chain(
    app: Starlette,
    client: httpx.AsyncClient,
    mailbox: DevMailbox,
    clock: FrozenClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    made, first = await _tokens(app, client, mailbox)
    second = (await _refresh(client, made, first["refresh_token"])).json()
    assert second["refresh_token"] != first["refresh_token"]
    assert await _userinfo_works(client, second)
    assert not await _userinfo_works(client, first)  # replaced
    # The client retrying at once (a second tab) is refused and keeps what it has.
    retried = await _refresh(client, made, first["refresh_token"])
    assert retried.status_code == 400 and retried.json()["error"] == "invalid_grant"
    assert await _userinfo_works(client, second)
    third = (await _refresh(client, made, second["refresh_token"])).json()
    clock.advance(seconds=oidc_grants.REFRESH_REUSE_GRACE.total_seconds() + 1)
    with caplog.at_level(logging.WARNING, logger="latchkey.oidc"):
        reused = await _refresh(client, made, first["refresh_token"])  # a thief's copy, later
    assert "chain is revoked" in caplog.text  # the operator hears of it
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"
    assert not await _userinfo_works(client, third)  # the whole chain is gone
    assert (await _refresh(client, made, third["refresh_token"])).json()["error"] == "invalid_grant"


async def test_i4_twenty_concurrent_refreshes_of_one_token_one_wins(
    app: Starlette, client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    made, tokens = await _tokens(app, client, mailbox)
    racers = [asgi_client(app, base=BASE) for _ in range(20)]
    try:
        answers = await asyncio.gather(
            *(_refresh(http, made, tokens["refresh_token"]) for http in racers)
        )
    finally:
        await asyncio.gather(*(http.aclose() for http in racers))
    assert sorted(a.status_code for a in answers) == [200] + [400] * 19, [a.text for a in answers]


async def test_i4_signing_out_everywhere_and_access_ending_revoke_application_tokens(
    app: Starlette, client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """SE1 "Sign out everywhere else", and backend/services/access.py (password reset and
    change, "This wasn't me", deactivation) end applications' tokens too."""
    made, tokens = await _tokens(app, client, mailbox)
    await post_form(client, "/profile/sign-out-others", {})
    assert (await _refresh(client, made, tokens["refresh_token"])).json()[
        "error"
    ] == "invalid_grant"
    assert not await _userinfo_works(client, tokens)
    fresh = (await redeem(client, made, await code_for(client, made.client.client_id))).json()
    await access.revoke_all((await User.get(email=EMAIL)).id)
    assert (await _refresh(client, made, fresh["refresh_token"])).json()["error"] == "invalid_grant"


def _end_session_url(**params: str) -> str:
    return f"/end-session?{urlencode(params)}"


async def _signed_in_now(http: httpx.AsyncClient) -> bool:
    me = await http.post("/graphql", json={"query": "{ me { email } }"})
    return me.json()["data"]["me"] is not None


async def test_i4_logout_with_an_id_token_hint_ends_the_session_and_goes_back(
    app: Starlette, client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    made, tokens = await _tokens(app, client, mailbox)
    meta = (await client.get("/.well-known/openid-configuration")).json()
    assert meta["end_session_endpoint"] == f"{BASE}/end-session"
    elsewhere = await client.get(
        _end_session_url(
            id_token_hint=tokens["id_token"], post_logout_redirect_uri="https://evil.test/"
        )
    )
    assert elsewhere.status_code == 200 and "signed out" in elsewhere.text  # no redirect
    assert not await _signed_in_now(client)
    await signed_in(client, mailbox, "joe@example.com")
    joe = (await redeem(client, made, await code_for(client, made.client.client_id))).json()
    back = await client.get(
        _end_session_url(id_token_hint=joe["id_token"], post_logout_redirect_uri=BYE, state="s1")
    )
    assert back.status_code == 302 and back.headers["location"] == f"{BYE}?state=s1"
    assert not await _signed_in_now(client)


async def test_i4_logout_without_a_hint_asks_the_person_first(
    app: Starlette, client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """A stray link cannot sign anyone out: the person confirms with a button (no JS needed)."""
    made = await register(app)
    await signed_in(client, mailbox, EMAIL)
    url = _end_session_url(client_id=made.client.client_id, post_logout_redirect_uri=BYE)
    asked = await client.get(url)
    assert asked.status_code == 200 and "Sign out of" in asked.text
    assert "form-action 'self' https://app.example.com" in asked.headers["content-security-policy"]
    assert await _signed_in_now(client)
    forged = await client.post(
        "/end-session", data={"client_id": made.client.client_id, "post_logout_redirect_uri": BYE}
    )
    assert forged.status_code == 200 and await _signed_in_now(client)  # asked again
    confirmed = await client.post(
        "/end-session",
        data={
            "csrf_token": csrf_of(asked.text),
            "client_id": made.client.client_id,
            "post_logout_redirect_uri": BYE,
        },
    )
    assert confirmed.status_code == 303 and confirmed.headers["location"] == BYE
    assert not await _signed_in_now(client)


async def test_i4_housekeeping_forgets_expired_codes_tokens_and_retired_keys(
    app: Starlette, client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    await _tokens(app, client, mailbox)
    await signing_keys.rotate(app.state.deps)
    live = await housekeeping.purge(app.state.deps)
    assert live["oauth_tokens"] == 0 and live["oidc_signing_keys"] == 0
    clock.advance(days=32)
    purged = await housekeeping.purge(app.state.deps)
    assert purged["oauth_codes"] == 1 and purged["oauth_tokens"] == 1
    assert purged["oidc_signing_keys"] == 1  # the new key stays, and signs
    assert len((await client.get("/.well-known/jwks.json")).json()["keys"]) == 1
