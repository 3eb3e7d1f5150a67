"""GraphQL documents and steps the API tests share; where a page sends the same operation,
its document is used (backend/web/pages/*.graphql), aliased `result`."""

from __future__ import annotations

from typing import Any

import httpx

from backend.mail.dev_sink import DevMailbox
from backend.web.pages import profile
from tests.conftest import STRONG_PASSWORD, code_from, gql

SIGN_UP = """
mutation($email: String!, $password: String!, $q: String!, $a: String!) {
  signUp(email: $email, password: $password, securityQuestion: $q, securityAnswer: $a) {
    __typename
    ... on CodeRequired { loginToken method destination expiresAt }
    ... on UserError { code message }
    ... on InvalidInput { field }
  }
}
"""

LOGIN = """
mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    __typename
    ... on CodeRequired { loginToken method destination otherMethods expiresAt }
    ... on UserError { code message }
  }
}
"""

VERIFY = """
mutation($token: String!, $code: String!) {
  verifyLoginCode(loginToken: $token, code: $code) {
    __typename
    ... on LoginSuccess { sessionToken me { email factors { email app } } }
    ... on UserError { code message }
    ... on InvalidInput { field }
  }
}
"""

RESEND = """
mutation($token: String!) {
  resendLoginCode(loginToken: $token) {
    __typename
    ... on CodeRequired { destination }
    ... on ResendThrottled { retryAfterSeconds }
    ... on UserError { code message }
  }
}
"""

ME = "{ me { email securityQuestion factors { email app } } }"

LOGOUT = profile.DOCUMENTS["Logout"]


async def sign_up(
    http: httpx.AsyncClient,
    email: str = "jane@example.com",
    password: str = STRONG_PASSWORD,
    question: str = "What was the name of your first pet?",
    answer: str = "Fido",
) -> dict[str, Any]:
    data = await gql(http, SIGN_UP, email=email, password=password, q=question, a=answer)
    result: dict[str, Any] = data["signUp"]
    return result


async def login(
    http: httpx.AsyncClient, email: str = "jane@example.com", password: str = STRONG_PASSWORD
) -> dict[str, Any]:
    result: dict[str, Any] = (await gql(http, LOGIN, email=email, password=password))["login"]
    return result


async def verify(http: httpx.AsyncClient, token: str, code: str) -> dict[str, Any]:
    result: dict[str, Any] = (await gql(http, VERIFY, token=token, code=code))["verifyLoginCode"]
    return result


async def signed_up_user(
    http: httpx.AsyncClient, mailbox: DevMailbox, email: str = "jane@example.com"
) -> str:
    """Sign up and prove the address; returns the session token."""
    started = await sign_up(http, email=email)
    done = await verify(http, started["loginToken"], code_from(mailbox, email))
    assert done["__typename"] == "LoginSuccess", done
    token: str = done["sessionToken"]
    return token
