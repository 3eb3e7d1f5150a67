"""Seeing and ending sessions and remembered devices from the profile (SE1, L6)."""

from __future__ import annotations

import httpx

from backend.mail.dev_sink import DevMailbox
from tests.api.flows import ME, login, signed_up_user, verify
from tests.api.test_trusted_devices import LOGIN_WITH_DEVICE, _remembered
from tests.conftest import STRONG_PASSWORD, code_from, gql

LIST = """{ me { sessions { id device ipAddress current }
  rememberedDevices { id device expiresAt } } }"""
REVOKE = """mutation($id: ID!) { revokeSession(id: $id) { __typename
  ... on SessionsChanged { me { sessions { id } } } ... on UserError { message } } }"""
OTHERS = "mutation { signOutEverywhereElse { __typename } }"
FORGET = """mutation($id: ID!) { forgetRememberedDevice(id: $id) { __typename
  ... on UserError { message } } }"""
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:135.0) Gecko/20100101 Firefox/135.0"


async def second_session_in_firefox(client: httpx.AsyncClient, mailbox: DevMailbox) -> str:
    started = await login(client)
    response = await client.post(
        "/graphql",
        headers={"User-Agent": FIREFOX},
        json={
            "query": "mutation($t: String!, $c: String!) { verifyLoginCode(loginToken: $t, "
            "code: $c) { ... on LoginSuccess { sessionToken } } }",
            "variables": {"t": started["loginToken"], "c": code_from(mailbox, "jane@example.com")},
        },
    )
    token: str = response.json()["data"]["verifyLoginCode"]["sessionToken"]
    return token


async def test_se1_profile_lists_sessions_with_browser_and_marks_this_one(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """SE1: each session with its browser and OS; the asking one is marked current."""
    first = await signed_up_user(client, mailbox)
    client.cookies.clear()
    await second_session_in_firefox(client, mailbox)
    client.cookies.clear()
    listed = (await gql(client, LIST, bearer=first))["me"]["sessions"]
    assert len(listed) == 2
    assert [s["current"] for s in listed].count(True) == 1
    assert any(s["device"] == "Firefox on Windows" for s in listed)
    assert all(s["ipAddress"] == "203.0.113.7" for s in listed)


async def test_se1_revoking_a_session_takes_effect_on_its_next_request(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """SE1: the revoked token reads nothing at once; you cannot revoke someone else's."""
    first = await signed_up_user(client, mailbox)
    client.cookies.clear()
    second = await second_session_in_firefox(client, mailbox)
    client.cookies.clear()
    listed = (await gql(client, LIST, bearer=first))["me"]["sessions"]
    other_id = next(s["id"] for s in listed if not s["current"])
    done = (await gql(client, REVOKE, bearer=first, id=other_id))["revokeSession"]
    assert done["__typename"] == "SessionsChanged" and len(done["me"]["sessions"]) == 1
    assert (await gql(client, ME, bearer=second))["me"] is None
    assert (await gql(client, ME, bearer=first))["me"] is not None

    bob = await signed_up_user(client, mailbox, email="bob@example.com")
    client.cookies.clear()
    janes_id = (await gql(client, LIST, bearer=first))["me"]["sessions"][0]["id"]
    refused = (await gql(client, REVOKE, bearer=bob, id=janes_id))["revokeSession"]
    assert refused["__typename"] == "NotFound"
    assert (await gql(client, ME, bearer=first))["me"] is not None
    for bad in ("abc", "-1", "9" * 40):
        assert (await gql(client, REVOKE, bearer=first, id=bad))["revokeSession"][
            "__typename"
        ] == "NotFound"


async def test_se1_sign_out_everywhere_else_keeps_only_this_session(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    first = await signed_up_user(client, mailbox)
    client.cookies.clear()
    others = [await second_session_in_firefox(client, mailbox) for _ in range(2)]
    client.cookies.clear()
    assert (await gql(client, OTHERS, bearer=first))["signOutEverywhereElse"][
        "__typename"
    ] == "SessionsChanged"
    assert [(await gql(client, ME, bearer=t))["me"] for t in others] == [None, None]
    assert (await gql(client, ME, bearer=first))["me"] is not None


async def test_l6_forgetting_a_device_makes_it_ask_for_the_code_again(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """L6: the profile lists remembered devices until their expiry; Forget ends one."""
    remembered = await _remembered(client, mailbox)
    client.cookies.clear()
    session = remembered["sessionToken"]
    devices = (await gql(client, LIST, bearer=session))["me"]["rememberedDevices"]
    assert len(devices) == 1
    done = await gql(client, FORGET, bearer=session, id=devices[0]["id"])
    assert done["forgetRememberedDevice"]["__typename"] == "SessionsChanged"
    again = await gql(
        client,
        LOGIN_WITH_DEVICE,
        email="jane@example.com",
        password=STRONG_PASSWORD,
        device=remembered["deviceToken"],
    )
    assert again["login"]["__typename"] == "CodeRequired"
    started = await login(client)
    await verify(client, started["loginToken"], code_from(mailbox, "jane@example.com"))
