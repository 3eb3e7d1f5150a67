"""I2 through GraphQL: every way of finishing a sign-in reports the checked `returnTo`."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from backend.clock import FrozenClock
from backend.config import Settings
from backend.mail.dev_sink import DevMailbox
from tests.api.app_flows import CHOOSE, CONFIRM, ENABLE_APP, app_code, enrolled_user
from tests.api.flows import signed_up_user
from tests.api.test_passkeys import OPTIONS, device, register
from tests.api.test_team import invitation_token, invite
from tests.conftest import STRONG_PASSWORD, code_from, gql

APP = "https://app.example/dashboard?tab=2"
EVIL = "https://evil.example/steal"

LOGIN = """mutation($email: String!, $device: String, $returnTo: String) {
  login(email: $email, password: "correct horse battery staple", deviceToken: $device,
        returnTo: $returnTo) { __typename
  ... on CodeRequired { loginToken method } ... on LoginSuccess { returnTo }
  ... on UserError { code message } } }"""
VERIFY = """mutation($token: String!, $code: String!, $remember: Boolean! = false) {
  verifyLoginCode(loginToken: $token, code: $code, rememberDevice: $remember) { __typename
  ... on LoginSuccess { sessionToken deviceToken returnTo }
  ... on AppEnrollmentRequired { setupKey } ... on RecoveryCodeIssued { recoveryCode }
  ... on UserError { code message } } }"""
ACK_TO = """mutation($token: String!) { acknowledgeRecoveryCode(loginToken: $token,
  recorded: true) { __typename ... on LoginSuccess { returnTo } } }"""
SIGN_UP = """mutation($returnTo: String) { signUp(email: "new@example.com",
  password: "correct horse battery staple", securityQuestion: "Pet?", securityAnswer: "Rex",
  returnTo: $returnTo) { __typename ... on CodeRequired { loginToken } } }"""
START_STEP_UP = """mutation($returnTo: String) { startStepUp(returnTo: $returnTo) { __typename
  ... on CodeRequired { loginToken } } }"""
VERIFY_STEP_UP = """mutation($token: String!, $code: String!) { verifyStepUp(loginToken: $token,
  code: $code) { __typename ... on StepUpVerified { returnTo } } }"""
ACCEPT_TO = """mutation($token: String!, $returnTo: String) { acceptInvitation(token: $token,
  password: "velvet harbour lantern ninety", securityQuestion: "Tree?", securityAnswer: "Oak",
  returnTo: $returnTo) { __typename ... on InvitationAccepted { returnTo } } }"""
RETURN_TO = "query($url: String!) { returnTo(url: $url) }"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"allowed_return_origins": ("https://app.example",)})


async def _login(http: httpx.AsyncClient, return_to: str | None, **extra: Any) -> dict[str, Any]:
    result: dict[str, Any] = (
        await gql(http, LOGIN, email="jane@example.com", returnTo=return_to, **extra)
    )["login"]
    return result


async def _verify(http: httpx.AsyncClient, token: str, code: str, **extra: Any) -> dict[str, Any]:
    result: dict[str, Any] = (await gql(http, VERIFY, token=token, code=code, **extra))[
        "verifyLoginCode"
    ]
    return result


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (APP, APP),
        ("/profile/activity", "/profile/activity"),
        (EVIL, "/profile"),
        (None, "/profile"),
    ],
)
async def test_i2_emailed_code_login_returns_to_the_checked_url(
    client: httpx.AsyncClient, mailbox: DevMailbox, given: str | None, expected: str
) -> None:
    """I2: the URL given at the password step comes back once the emailed code signs in."""
    await signed_up_user(client, mailbox)
    client.cookies.clear()
    started = await _login(client, given)
    done = await _verify(client, started["loginToken"], code_from(mailbox, "jane@example.com"))
    assert done["__typename"] == "LoginSuccess" and done["returnTo"] == expected


async def test_i2_app_code_recovery_code_and_remembered_device_return_too(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """I2: the authenticator app, the recovery code (after its acknowledgement) and a
    remembered device that skips step 2 all end at the return-to."""
    user = await enrolled_user(client, mailbox, clock)
    client.cookies.clear()
    started = await _login(client, APP)
    assert started["method"] == "APP"
    by_app = await _verify(
        client, started["loginToken"], app_code(user.secret, clock), remember=True
    )
    assert by_app["returnTo"] == APP and by_app["deviceToken"]

    client.cookies.clear()
    remembered = await _login(client, APP, device=by_app["deviceToken"])
    assert remembered == {"__typename": "LoginSuccess", "returnTo": APP}
    refused = await _login(client, EVIL, device=by_app["deviceToken"])
    assert refused["returnTo"] == "/profile"

    client.cookies.clear()
    started = await _login(client, APP)
    await gql(client, CHOOSE, token=started["loginToken"], method="RECOVERY_CODE")
    shown = await _verify(client, started["loginToken"], user.recovery_code)
    assert shown["__typename"] == "RecoveryCodeIssued"
    done = (await gql(client, ACK_TO, token=started["loginToken"]))["acknowledgeRecoveryCode"]
    assert done == {"__typename": "LoginSuccess", "returnTo": APP}


async def test_i2_app_enrolment_at_login_returns_after_the_acknowledgement(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """I2, M2: code, enrolment, new recovery code, acknowledgement, then the return-to."""
    session = await signed_up_user(client, mailbox)
    await gql(client, ENABLE_APP, bearer=session, password=STRONG_PASSWORD)
    client.cookies.clear()
    started = await _login(client, APP)
    token = started["loginToken"]
    enrolment = await _verify(client, token, code_from(mailbox, "jane@example.com"))
    secret = enrolment["setupKey"].replace(" ", "")
    await gql(client, CONFIRM, token=token, code=app_code(secret, clock))
    done = (await gql(client, ACK_TO, token=token))["acknowledgeRecoveryCode"]
    assert done == {"__typename": "LoginSuccess", "returnTo": APP}


async def test_i2_passkey_login_returns(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """I2, PK2: a passkey assertion ends at the return-to too."""
    session = await signed_up_user(client, mailbox)
    passkey = device(app)
    assert (await register(client, session, passkey))["__typename"] == "FactorsChanged"
    client.cookies.clear()
    started = await _login(client, APP)
    assert started["method"] == "PASSKEY"
    options = (await gql(client, OPTIONS, token=started["loginToken"]))["passkeyLoginOptions"]
    done = await _verify(client, started["loginToken"], passkey.get(options["optionsJson"]))
    assert done["returnTo"] == APP


async def test_i2_sign_up_step_up_and_invitation_carry_the_return_to(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette, clock: FrozenClock
) -> None:
    """I2: sign-up's first code, a step-up, and an accepted invitation (for the login after)."""
    started = (await gql(client, SIGN_UP, returnTo=APP))["signUp"]
    done = await _verify(client, started["loginToken"], code_from(mailbox, "new@example.com"))
    assert done["returnTo"] == APP

    owner = await signed_up_user(client, mailbox)
    clock.advance(minutes=20)
    for given, expected in ((APP, APP), (EVIL, "/profile")):
        step = (await gql(client, START_STEP_UP, bearer=owner, returnTo=given))["startStepUp"]
        clock.advance(seconds=31)
        verified = (
            await gql(client, VERIFY_STEP_UP, bearer=owner, token=step["loginToken"],
                      code=code_from(mailbox, "jane@example.com"))
        )["verifyStepUp"]  # fmt: skip
        assert verified == {"__typename": "StepUpVerified", "returnTo": expected}

    client.cookies.clear()
    await invite(client, owner, "max@example.com")
    token = await invitation_token(app, mailbox, "max@example.com")
    accepted = (await gql(client, ACCEPT_TO, token=token, returnTo=APP))["acceptInvitation"]
    assert accepted == {"__typename": "InvitationAccepted", "returnTo": APP}


async def test_i2_return_to_query_answers_like_the_login(client: httpx.AsyncClient) -> None:
    """I2: API clients and the login page can ask where a return-to would lead."""
    for given, expected in ((APP, APP), (EVIL, "/profile"), ("javascript:alert(1)", "/profile")):
        assert (await gql(client, RETURN_TO, url=given))["returnTo"] == expected
