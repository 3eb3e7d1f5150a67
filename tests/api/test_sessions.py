"""Sessions (SE1) and the profile query (M1) through GraphQL."""

from __future__ import annotations

import httpx

from backend.clock import FrozenClock
from backend.mail.dev_sink import DevMailbox
from backend.models import Session
from backend.services.tokens import hash_token
from tests.api.flows import LOGOUT, ME, login, signed_up_user, verify
from tests.conftest import code_from, gql


async def test_se1_bearer_token_reads_me_and_the_token_is_stored_hashed(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """SE1, M1: API clients send the token as a bearer; the database holds only its hash."""
    token = await signed_up_user(client, mailbox)
    me = (await gql(client, ME, bearer=token))["me"]
    assert me["email"] == "jane@example.com"
    assert me["factors"] == {"email": True, "app": False}
    stored = await Session.get(user__email="jane@example.com")
    assert stored.token_hash == hash_token(token) and token not in stored.token_hash


async def test_se1_browser_gets_an_httponly_cookie_that_signs_it_in(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """SE1: verifyLoginCode over HTTP also sets an HttpOnly, SameSite=Lax session cookie."""
    from tests.api.flows import sign_up

    started = await sign_up(client)
    response = await client.post(
        "/graphql",
        json={
            "query": "mutation($t: String!, $c: String!) { verifyLoginCode(loginToken: $t, "
            "code: $c) { __typename } }",
            "variables": {"t": started["loginToken"], "c": code_from(mailbox, "jane@example.com")},
        },
    )
    cookie = response.headers["set-cookie"].lower()
    assert "latchkey_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert (await gql(client, ME))["me"]["email"] == "jane@example.com"


async def test_se1_each_login_gets_a_new_token(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """SE1: a new token at every login; both sessions are distinct."""
    first = await signed_up_user(client, mailbox)
    started = await login(client)
    second = await verify(client, started["loginToken"], code_from(mailbox, "jane@example.com"))
    assert second["sessionToken"] != first
    assert await Session.all().count() == 2


async def test_se1_logout_ends_the_session_at_once(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """SE1: after logout the same token reads nothing."""
    token = await signed_up_user(client, mailbox)
    client.cookies.clear()
    assert (await gql(client, LOGOUT, bearer=token))["result"]["__typename"] == "LoggedOut"
    assert (await gql(client, ME, bearer=token))["me"] is None
    again = (await gql(client, LOGOUT, bearer=token))["result"]
    assert again["__typename"] == "NotAuthenticated"


async def test_se1_idle_timeout_ends_a_quiet_session(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """SE1: 30 idle minutes end the session; activity before that keeps it alive."""
    token = await signed_up_user(client, mailbox)
    client.cookies.clear()
    clock.advance(minutes=29)
    assert (await gql(client, ME, bearer=token))["me"] is not None
    clock.advance(minutes=29)
    assert (await gql(client, ME, bearer=token))["me"] is not None
    clock.advance(minutes=30)
    assert (await gql(client, ME, bearer=token))["me"] is None


async def test_se1_absolute_timeout_ends_even_a_busy_session(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """SE1: 12 hours after login the session ends however active it was."""
    token = await signed_up_user(client, mailbox)
    client.cookies.clear()
    for _ in range(24):
        clock.advance(minutes=29)
        assert (await gql(client, ME, bearer=token))["me"] is not None
    clock.advance(minutes=25)
    assert (await gql(client, ME, bearer=token))["me"] is None


async def test_se1_garbage_bearer_tokens_are_just_signed_out(client: httpx.AsyncClient) -> None:
    """SE1: a forged or huge token reads as signed out, never an error."""
    for token in ("forged", "x" * 5000):
        assert (await gql(client, ME, bearer=token))["me"] is None
