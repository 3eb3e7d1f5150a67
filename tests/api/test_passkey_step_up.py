"""S1 with a passkey (issue 19; PK2): the fresh second factor of a step-up may be a passkey,
through GraphQL, with the software authenticator's real signatures."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from backend.clock import FrozenClock
from backend.mail.dev_sink import DevMailbox
from tests.api.flows import signed_up_user
from tests.api.test_passkeys import device, register
from tests.api.test_profile_changes import (
    ANSWER,
    START,
    VERIFY_STEP_UP,
    change_password,
)
from tests.conftest import STRONG_PASSWORD, gql

CHOOSE = """mutation($token: String!) { chooseStepUpMethod(loginToken: $token, method: PASSKEY)
  { __typename ... on CodeRequired { method } ... on UserError { code message } } }"""
OPTIONS = """mutation($token: String!) { passkeyStepUpOptions(loginToken: $token) { __typename
  ... on PasskeyOptions { optionsJson } ... on UserError { code message } } }"""


async def test_s1_a_passkey_is_a_fresh_second_factor_for_a_step_up_of_this_session_only(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette, clock: FrozenClock
) -> None:
    """S1: a stale session chooses its passkey, answers the request, and may change the
    password; another session cannot ask for that step-up's request; an answer works once."""
    session = await signed_up_user(client, mailbox)
    passkey = device(app)
    await register(client, session, passkey)
    other = await signed_up_user(client, mailbox, "max@example.com")
    client.cookies.clear()
    clock.advance(minutes=16)
    assert (await change_password(client, session, STRONG_PASSWORD, ANSWER))["__typename"] == (
        "StepUpRequired"
    )
    started = (await gql(client, START, bearer=session))["startStepUp"]
    assert "PASSKEY" in started["otherMethods"]
    token = started["loginToken"]
    chosen = (await gql(client, CHOOSE, bearer=session, token=token))["chooseStepUpMethod"]
    assert chosen == {"__typename": "CodeRequired", "method": "PASSKEY"}
    stranger = await gql(client, OPTIONS, bearer=other, token=token)
    assert stranger["passkeyStepUpOptions"]["__typename"] == "LoginExpired"
    options = (await gql(client, OPTIONS, bearer=session, token=token))["passkeyStepUpOptions"]
    answer = passkey.get(options["optionsJson"])
    verified = await gql(client, VERIFY_STEP_UP, bearer=session, token=token, code=answer)
    assert verified["verifyStepUp"]["__typename"] == "StepUpVerified"
    replay = await gql(client, VERIFY_STEP_UP, bearer=session, token=token, code=answer)
    assert replay["verifyStepUp"]["__typename"] == "LoginExpired"
    done = await change_password(client, session, STRONG_PASSWORD, ANSWER)
    assert done["__typename"] == "PasswordChanged"
