"""Passkeys through GraphQL (PK1, PK2, M3) with a software authenticator and real signatures."""

from __future__ import annotations

from typing import Any

import httpx
from starlette.applications import Starlette

from backend.mail.dev_sink import DevMailbox
from tests.api.app_flows import CHOOSE
from tests.api.flows import login, signed_up_user
from tests.api.test_activity import mails_to
from tests.api.webauthn_device import SoftPasskey
from tests.conftest import STRONG_PASSWORD, code_from, gql

START = """mutation($password: String!) { startPasskeyRegistration(password: $password) {
  __typename ... on PasskeyOptions { optionsJson } ... on UserError { code message } } }"""
FINISH = """mutation($name: String!, $credential: String!) {
  finishPasskeyRegistration(name: $name, credential: $credential) { __typename
  ... on FactorsChanged { me { factors { passkey } passkeys { id name } } }
  ... on UserError { code message } } }"""
REMOVE = """mutation($id: ID!, $password: String!) { removePasskey(id: $id, password: $password) {
  __typename ... on UserError { code message } } }"""
OPTIONS = """mutation($token: String!) { passkeyLoginOptions(loginToken: $token) { __typename
  ... on PasskeyOptions { optionsJson } ... on UserError { code message } } }"""
VERIFY = """mutation($token: String!, $code: String!) { verifyLoginCode(loginToken: $token,
  code: $code) { __typename ... on LoginSuccess { sessionToken }
  ... on UserError { code message } } }"""
DISABLE_EMAIL = """mutation { disableFactor(factor: EMAIL, password: "correct horse battery staple")
  { __typename } }"""


def device(app: Starlette) -> SoftPasskey:
    settings = app.state.deps.settings
    return SoftPasskey(rp_id=settings.rp_id, origin=settings.origin)


async def register(
    http: httpx.AsyncClient, session: str, passkey: SoftPasskey, name: str = "Laptop"
) -> dict[str, Any]:
    started = (await gql(http, START, bearer=session, password=STRONG_PASSWORD))[
        "startPasskeyRegistration"
    ]
    assert started["__typename"] == "PasskeyOptions", started
    result: dict[str, Any] = (
        await gql(http, FINISH, bearer=session, name=name,
                  credential=passkey.create(started["optionsJson"]))
    )["finishPasskeyRegistration"]  # fmt: skip
    return result


async def passkey_login(http: httpx.AsyncClient, passkey: SoftPasskey) -> dict[str, Any]:
    started = await login(http)
    assert started["method"] == "PASSKEY", started
    options = (await gql(http, OPTIONS, token=started["loginToken"]))["passkeyLoginOptions"]
    answer = passkey.get(options["optionsJson"])
    result: dict[str, Any] = (await gql(http, VERIFY, token=started["loginToken"], code=answer))[
        "verifyLoginCode"
    ]
    result["_answer"] = answer
    result["_token"] = started["loginToken"]
    return result


async def test_pk1_register_after_the_password_and_pk2_it_is_offered_first(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """PK1: password first; PK2: the passkey is asked first, other methods stay reachable."""
    session = await signed_up_user(client, mailbox)
    client.cookies.clear()
    refused = await gql(client, START, bearer=session, password="not my password")
    assert refused["startPasskeyRegistration"]["__typename"] == "InvalidCredentials"
    passkey = device(app)
    added = await register(client, session, passkey)
    assert added["me"]["factors"]["passkey"] is True
    assert [p["name"] for p in added["me"]["passkeys"]] == ["Laptop"]
    subjects = [m.subject for m in await mails_to(app, mailbox, "jane@example.com")]
    assert "A sign-in factor was turned on" in subjects

    started = await login(client)
    assert started["method"] == "PASSKEY" and "EMAIL" in started["otherMethods"]
    switched = (await gql(client, CHOOSE, token=started["loginToken"], method="EMAIL"))[
        "chooseLoginMethod"
    ]
    assert switched["__typename"] == "CodeRequired"
    done = await passkey_login(client, passkey)
    assert done["__typename"] == "LoginSuccess"


async def test_pk2_replayed_assertions_wrong_origins_and_strangers_are_refused(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """PK2: a challenge is answered once; another origin or another key never signs in."""
    session = await signed_up_user(client, mailbox)
    client.cookies.clear()
    passkey = device(app)
    await register(client, session, passkey)

    done = await passkey_login(client, passkey)
    replay = await gql(client, VERIFY, token=done["_token"], code=done["_answer"])
    assert replay["verifyLoginCode"]["__typename"] == "LoginExpired"  # that attempt is over
    started = await login(client)
    options = (await gql(client, OPTIONS, token=started["loginToken"]))["passkeyLoginOptions"]
    phished = passkey.get(options["optionsJson"], origin="https://evil.example")
    wrong_origin = await gql(client, VERIFY, token=started["loginToken"], code=phished)
    assert wrong_origin["verifyLoginCode"]["__typename"] == "InvalidCode"
    options = (await gql(client, OPTIONS, token=started["loginToken"]))["passkeyLoginOptions"]
    stranger = device(app)
    stranger.credential_id = passkey.credential_id  # same id, different key
    forged = await gql(
        client, VERIFY, token=started["loginToken"], code=stranger.get(options["optionsJson"])
    )
    assert forged["verifyLoginCode"]["__typename"] == "InvalidCode"
    old_answer = await gql(client, VERIFY, token=started["loginToken"], code=done["_answer"])
    assert old_answer["verifyLoginCode"]["__typename"] == "InvalidCode"


async def test_pk1_m3_the_last_factor_cannot_be_removed(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """PK1, M3: with email codes off, the only passkey stays; with email on, it can go."""
    session = await signed_up_user(client, mailbox)
    client.cookies.clear()
    added = await register(client, session, device(app))
    passkey_id = added["me"]["passkeys"][0]["id"]
    assert (await gql(client, DISABLE_EMAIL, bearer=session))["disableFactor"]["__typename"] == (
        "FactorsChanged"
    )
    last = await gql(client, REMOVE, bearer=session, id=passkey_id, password=STRONG_PASSWORD)
    assert last["removePasskey"]["__typename"] == "LastFactor"
    second = await register(client, session, device(app), name="Phone")
    assert len(second["me"]["passkeys"]) == 2
    gone = await gql(client, REMOVE, bearer=session, id=passkey_id, password=STRONG_PASSWORD)
    assert gone["removePasskey"]["__typename"] == "FactorsChanged"


async def test_pk1_a_registration_answer_works_once_and_only_for_our_origin(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """PK1: the registration challenge is single use; another origin's answer is refused."""
    session = await signed_up_user(client, mailbox)
    passkey = device(app)
    started = (await gql(client, START, bearer=session, password=STRONG_PASSWORD))[
        "startPasskeyRegistration"
    ]
    bad = passkey.create(started["optionsJson"], origin="https://evil.example")
    refused = await gql(client, FINISH, bearer=session, name="x", credential=bad)
    assert refused["finishPasskeyRegistration"]["__typename"] == "InvalidInput"
    good = passkey.create(started["optionsJson"])
    replay = await gql(client, FINISH, bearer=session, name="x", credential=good)
    assert replay["finishPasskeyRegistration"]["__typename"] == "InvalidInput"  # challenge used
    garbage = await gql(client, FINISH, bearer=session, name="x", credential="{not json")
    assert garbage["finishPasskeyRegistration"]["__typename"] == "InvalidInput"
    assert code_from(mailbox, "jane@example.com")
