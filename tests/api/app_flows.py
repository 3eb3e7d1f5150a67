"""GraphQL steps for the authenticator app, shared by the app tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pyotp

from backend.clock import FrozenClock
from backend.mail.dev_sink import DevMailbox
from backend.web.pages import profile
from tests.api.flows import login, signed_up_user, verify
from tests.conftest import STRONG_PASSWORD, code_from, gql

ENABLE_APP = profile.DOCUMENTS["EnableAuthenticatorApp"]

CONFIRM = """
mutation($token: String!, $code: String!) {
  confirmAppEnrollment(loginToken: $token, code: $code) {
    __typename
    ... on RecoveryCodeIssued { recoveryCode }
    ... on UserError { code message }
  }
}
"""

ACK = """
mutation($token: String!, $recorded: Boolean!) {
  acknowledgeRecoveryCode(loginToken: $token, recorded: $recorded) {
    __typename
    ... on LoginSuccess { sessionToken me { factors { email app recoveryCode } } }
    ... on UserError { code message }
  }
}
"""

CHOOSE = """
mutation($token: String!, $method: SecondFactor!) {
  chooseLoginMethod(loginToken: $token, method: $method) {
    __typename
    ... on CodeRequired { method destination otherMethods }
    ... on UserError { code message }
  }
}
"""

DISABLE = """
mutation($factor: SecondFactor!, $password: String!) {
  disableFactor(factor: $factor, password: $password) {
    __typename
    ... on FactorsChanged { me { factors { email app recoveryCode } } }
    ... on UserError { code message }
  }
}
"""

ENABLE_EMAIL = """
mutation($password: String!) {
  enableEmailFactor(password: $password) {
    __typename
    ... on FactorsChanged { me { factors { email app } } }
    ... on UserError { code message }
  }
}
"""

VERIFY_FULL = """
mutation($token: String!, $code: String!) {
  verifyLoginCode(loginToken: $token, code: $code) {
    __typename
    ... on LoginSuccess { sessionToken }
    ... on AppEnrollmentRequired { otpauthUri setupKey qrCodeSvg }
    ... on RecoveryCodeIssued { recoveryCode }
    ... on UserError { code message }
  }
}
"""


@dataclass
class AppUser:
    session: str
    secret: str
    recovery_code: str


def app_code(secret: str, clock: FrozenClock, steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(clock.now(), counter_offset=steps)


async def verify_full(http: httpx.AsyncClient, token: str, code: str) -> dict[str, Any]:
    result: dict[str, Any] = (await gql(http, VERIFY_FULL, token=token, code=code))[
        "verifyLoginCode"
    ]
    return result


async def start_enrollment(
    http: httpx.AsyncClient, mailbox: DevMailbox, email: str = "jane@example.com"
) -> tuple[str, dict[str, Any]]:
    """Sign up, enable the app (logs out), log in with the emailed code: the QR screen."""
    session = await signed_up_user(http, mailbox, email=email)
    scheduled = (await gql(http, ENABLE_APP, bearer=session, password=STRONG_PASSWORD))["result"]
    assert scheduled["__typename"] == "AppEnrollmentScheduled", scheduled
    started = await login(http, email=email)
    assert started["method"] == "EMAIL"
    enrollment = await verify_full(http, started["loginToken"], code_from(mailbox, email))
    assert enrollment["__typename"] == "AppEnrollmentRequired", enrollment
    return started["loginToken"], enrollment


async def enrolled_user(
    http: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> AppUser:
    token, enrollment = await start_enrollment(http, mailbox)
    secret = enrollment["setupKey"].replace(" ", "")
    issued = (await gql(http, CONFIRM, token=token, code=app_code(secret, clock)))[
        "confirmAppEnrollment"
    ]
    assert issued["__typename"] == "RecoveryCodeIssued", issued
    done = (await gql(http, ACK, token=token, recorded=True))["acknowledgeRecoveryCode"]
    assert done["__typename"] == "LoginSuccess", done
    clock.advance(seconds=30)  # the enrollment code's step is used; move to a fresh one
    return AppUser(done["sessionToken"], secret, issued["recoveryCode"])


async def app_login(http: httpx.AsyncClient, user: AppUser, clock: FrozenClock) -> dict[str, Any]:
    started = await login(http)
    assert started["method"] == "APP"
    return await verify(http, started["loginToken"], app_code(user.secret, clock))
