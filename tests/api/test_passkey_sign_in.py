"""PK3 "Sign in with a passkey" through GraphQL: no email, no password, a discoverable passkey
with user verification, checked with a software authenticator's real keys and signatures."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from starlette.applications import Starlette
from webauthn.helpers import bytes_to_base64url

from backend.mail.dev_sink import DevMailbox
from tests.api.flows import ME, signed_up_user
from tests.api.test_activity import activity, mails_to
from tests.api.test_passkeys import device, register
from tests.api.test_support import SET_ACTIVE, staff_session
from tests.api.webauthn_device import SoftPasskey
from tests.conftest import gql

OPTIONS = """mutation($captcha: String! = "", $returnTo: String) {
  passkeySignInOptions(captcha: $captcha, returnTo: $returnTo) {
  __typename ... on PasskeyOptions { optionsJson } ... on UserError { code message } } }"""
SIGN_IN = """mutation($response: String!) { passkeySignIn(response: $response) { __typename
  ... on LoginSuccess { sessionToken returnTo me { email } }
  ... on UserError { code message } } }"""


async def options(http: httpx.AsyncClient, return_to: str | None = None) -> str:
    started = (await gql(http, OPTIONS, returnTo=return_to))["passkeySignInOptions"]
    assert started["__typename"] == "PasskeyOptions", started
    options_json: str = started["optionsJson"]
    return options_json


async def sign_in(http: httpx.AsyncClient, answer: str) -> dict[str, Any]:
    result: dict[str, Any] = (await gql(http, SIGN_IN, response=answer))["passkeySignIn"]
    return result


async def registered(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> tuple[str, SoftPasskey]:
    session = await signed_up_user(client, mailbox)
    passkey = device(app)
    added = await register(client, session, passkey)
    assert added["me"]["passkeys"][0]["name"] == "Laptop"
    client.cookies.clear()
    return session, passkey


async def test_pk3_a_passkey_alone_signs_in_with_both_factors_and_is_logged_and_announced(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """PK3: the request names no user and needs user verification; the answer's user handle
    finds the account; the new session works, the log says how, a new device is emailed."""
    _, passkey = await registered(client, mailbox, app)
    client.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"  # a new browser
    request = await options(client)
    assert '"userVerification": "required"' in request
    assert '"allowCredentials": []' in request  # discoverable: the authenticator picks
    done = await sign_in(client, passkey.get(request))
    assert done["__typename"] == "LoginSuccess", done
    assert done["me"]["email"] == "jane@example.com" and done["returnTo"] == "/profile"
    assert (await gql(client, ME, bearer=done["sessionToken"]))["me"]["email"] == (
        "jane@example.com"
    )
    log = (await activity(client, done["sessionToken"]))["events"]
    assert log[0]["kind"] == "SIGNED_IN" and "passkey, no password" in log[0]["detail"]
    subjects = [m.subject for m in await mails_to(app, mailbox, "jane@example.com")]
    assert "New sign-in to your account" in subjects


async def test_pk3_wrong_signature_origin_rp_id_and_no_user_verification_are_refused(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """PK3: another key with the same credential ID and user handle, an answer made for
    another origin or RP ID, and an authenticator that did not verify the user all fail;
    each failure is in the owner's log."""
    session, passkey = await registered(client, mailbox, app)
    forger = device(app)
    forger.credential_id, forger.user_handle = passkey.credential_id, passkey.user_handle
    forged = await sign_in(client, forger.get(await options(client)))
    assert forged["__typename"] == "InvalidCredentials"
    assert forged["message"] == "That passkey could not be verified. Please try again."
    phished = await sign_in(client, passkey.get(await options(client), origin="https://evil.test"))
    assert phished["__typename"] == "InvalidCredentials"
    passkey.user_verified = False
    unverified = await sign_in(client, passkey.get(await options(client)))
    assert unverified["__typename"] == "InvalidCredentials"
    passkey.user_verified = True
    passkey.rp_id = "evil.test"  # signed for another relying party
    other_rp = await sign_in(client, passkey.get(await options(client)))
    assert other_rp["__typename"] == "InvalidCredentials"
    passkey.rp_id = app.state.deps.settings.rp_id
    assert (await sign_in(client, passkey.get(await options(client))))["__typename"] == (
        "LoginSuccess"
    )
    kinds = [e["kind"] for e in (await activity(client, session))["events"]]
    assert kinds[:5] == ["SIGNED_IN"] + ["SIGN_IN_FAILED"] * 4


async def test_pk3_a_challenge_is_answered_once_and_a_cloned_counter_is_refused(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """PK3: replaying a used answer finds no challenge; an authenticator whose counter goes
    backwards (a clone) is refused even with a fresh challenge."""
    _, passkey = await registered(client, mailbox, app)
    answer = passkey.get(await options(client))
    assert (await sign_in(client, answer))["__typename"] == "LoginSuccess"
    replayed = await sign_in(client, answer)
    assert replayed["__typename"] == "InvalidCredentials"
    assert "expired or was already used" in replayed["message"]
    passkey.sign_count -= 2  # the clone is behind the counter the server stored
    cloned = await sign_in(client, passkey.get(await options(client)))
    assert cloned["__typename"] == "InvalidCredentials"


async def test_pk3_twenty_answers_racing_on_one_challenge_sign_in_once(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """PK3: the single-use challenge holds under 20 concurrent answers: exactly one wins."""
    _, passkey = await registered(client, mailbox, app)
    answer = passkey.get(await options(client))
    results = await asyncio.gather(*(sign_in(client, answer) for _ in range(20)))
    kinds = sorted(r["__typename"] for r in results)
    assert kinds == ["InvalidCredentials"] * 19 + ["LoginSuccess"]


async def test_pk3_unknown_user_handles_and_unregistered_passkeys_are_refused(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """PK3: a passkey this site never registered, or one naming another user, signs nobody in."""
    _, passkey = await registered(client, mailbox, app)
    stranger = device(app)
    stranger.user_handle = b"00000000-0000-4000-8000-000000000000"
    unknown = await sign_in(client, stranger.get(await options(client)))
    assert unknown["__typename"] == "InvalidCredentials"
    assert unknown["message"] == "This passkey is not registered here. Sign in with your password."
    other_session = await signed_up_user(client, mailbox, "max@example.com")
    client.cookies.clear()
    other = device(app)
    await register(client, other_session, other)
    client.cookies.clear()
    passkey.user_handle = other.user_handle  # Jane's key claiming to be Max's
    swapped = await sign_in(client, passkey.get(await options(client)))
    assert swapped["__typename"] == "InvalidCredentials"
    garbage = await sign_in(client, '{"id": "x", "response": {"userHandle": "%%%"}}')
    assert garbage["__typename"] == "InvalidCredentials"
    nul = json.dumps({"challenge": "a\u0000b"}).encode()
    nul_bytes = await sign_in(
        client,
        json.dumps({"id": "a\u0000", "response": {"clientDataJSON": bytes_to_base64url(nul)}}),
    )
    assert nul_bytes["__typename"] == "InvalidCredentials"  # never a PostgreSQL error
    unreadable = await sign_in(client, "not json")
    assert unreadable["__typename"] == "InvalidInput"


async def test_pk3_a_deactivated_user_is_told_after_the_passkey_only(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """PK3, A4: a switched-off account does not sign in with its passkey; it is told whom to
    contact, as after the right password."""
    _, passkey = await registered(client, mailbox, app)
    staff = await staff_session(app, client, mailbox)
    await gql(client, SET_ACTIVE, bearer=staff, email="jane@example.com", active=False)
    refused = await sign_in(client, passkey.get(await options(client)))
    assert refused["__typename"] == "AccountDeactivated", refused
    assert "support@latchkey.example" in refused["message"]


async def test_pk3_i2_the_return_to_given_with_the_request_is_where_the_sign_in_leads(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """PK3, I2: returnTo is checked when the challenge is handed out and kept with it; a
    foreign URL falls back to the profile."""
    _, passkey = await registered(client, mailbox, app)
    done = await sign_in(client, passkey.get(await options(client, "/profile/activity")))
    assert done["returnTo"] == "/profile/activity"
    foreign = await sign_in(client, passkey.get(await options(client, "https://evil.test/")))
    assert foreign["returnTo"] == "/profile"
