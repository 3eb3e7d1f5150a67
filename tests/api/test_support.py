"""The helper (H1), security question resets (S2), the support console and deactivation (A4)."""

from __future__ import annotations

import re
from typing import Any

import httpx
from starlette.applications import Starlette

from backend.mail.dev_sink import DevMailbox
from backend.services import support_staff
from tests.api.flows import ME, login, signed_up_user, verify
from tests.api.test_activity import mails_to
from tests.api.test_profile_changes import change_password
from tests.conftest import STRONG_PASSWORD, code_from, gql

FILE = """mutation($email: String!, $kind: HelpRequestKind!, $message: String!) {
  fileHelpRequest(email: $email, kind: $kind, message: $message) { __typename
  ... on HelpRequestFiled { message } ... on UserError { code message } } }"""
CONFIRM = """mutation($token: String!) { confirmHelpRequest(token: $token) { __typename
  ... on UserError { code message } } }"""
REQUESTS = """query($status: HelpRequestStatus) { supportRequests(status: $status) { __typename
  ... on SupportRequestList { requests { id kind status email accountFound message } }
  ... on UserError { code message } } }"""
RESET_QUESTION = """mutation($id: ID!) { supportResetSecurityQuestion(requestId: $id) {
  __typename ... on SupportRequestUpdated { request { status } }
  ... on UserError { code message } } }"""
CLOSE = """mutation($id: ID!) { supportCloseRequest(requestId: $id) { __typename
  ... on UserError { code message } } }"""
SET_ACTIVE = """mutation($email: String!, $active: Boolean!) {
  supportSetAccountActive(email: $email, active: $active) { __typename
  ... on AccountStatusChanged { email active } ... on UserError { code message } } }"""
NEW_QUESTION = """mutation($q: String!, $a: String!) {
  setNewSecurityQuestion(newQuestion: $q, newAnswer: $a) { __typename
  ... on SecurityQuestionChanged { me { securityQuestion securityQuestionReset } }
  ... on UserError { code message } } }"""
STAFF = "help@latchkey.example.com"


async def staff_session(app: Starlette, client: httpx.AsyncClient, mailbox: DevMailbox) -> str:
    """A support user made as `latchkey create-support-user` makes one, then signed in."""
    await support_staff.create_support_user(
        app.state.deps, STAFF, "staff member strong passphrase", "Favourite colour?", "teal"
    )
    started = await login(client, email=STAFF, password="staff member strong passphrase")
    done = await verify(client, started["loginToken"], code_from(mailbox, STAFF))
    client.cookies.clear()
    token: str = done["sessionToken"]
    return token


async def file(http: httpx.AsyncClient, email: str, kind: str, message: str = "") -> dict[str, Any]:
    result: dict[str, Any] = (await gql(http, FILE, email=email, kind=kind, message=message))[
        "fileHelpRequest"
    ]
    return result


async def test_h1_helper_answers_the_same_for_known_and_unknown_addresses(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """H1: same answer either way; the support address receives every request."""
    await signed_up_user(client, mailbox)
    client.cookies.clear()
    known = await file(client, "jane@example.com", "CANT_LOGIN", "Lost my phone")
    unknown = await file(client, "nobody@example.com", "CANT_LOGIN", "Lost my phone")
    assert known == unknown and known["__typename"] == "HelpRequestFiled"
    to_support = await mails_to(app, mailbox, app.state.deps.settings.support_email)
    assert len(to_support) == 2 and "Lost my phone" in to_support[0].body
    assert not [m for m in await mails_to(app, mailbox, "nobody@example.com")]


async def test_h1_helper_refuses_bad_input_and_is_rate_limited(
    client: httpx.AsyncClient,
) -> None:
    """H1, R2: a bad address or a huge message is refused; a client may file 5 an hour."""
    assert (await file(client, "not an email", "CANT_LOGIN"))["code"] == "invalid_input"
    assert (await file(client, "a@example.com", "CANT_LOGIN", "x" * 1001))[
        "code"
    ] == "invalid_input"
    for _ in range(3):
        assert (await file(client, "a@example.com", "CANT_LOGIN"))[
            "__typename"
        ] == "HelpRequestFiled"
    assert (await file(client, "a@example.com", "CANT_LOGIN"))["__typename"] == "RateLimited"


async def test_s2_question_reset_needs_the_owners_confirmation_then_a_new_question(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """S2: unconfirmed requests cannot be acted on; confirmed, staff reset; user sets a new one."""
    session = await signed_up_user(client, mailbox)
    client.cookies.clear()
    staff = await staff_session(app, client, mailbox)
    await file(client, "jane@example.com", "RESET_SECURITY_QUESTION", "I forgot the answer")
    listed = (await gql(client, REQUESTS, bearer=staff, status="UNCONFIRMED"))["supportRequests"]
    request = listed["requests"][0]
    assert request["email"] == "jane@example.com" and request["accountFound"]
    early = await gql(client, RESET_QUESTION, bearer=staff, id=request["id"])
    assert early["supportResetSecurityQuestion"]["code"] == "not_confirmed"

    mail = next(
        m
        for m in await mails_to(app, mailbox, "jane@example.com")
        if "Confirm your request" in m.subject
    )
    token = re.search(r"/help/confirm\?token=(\S+)", mail.body).group(1)  # type: ignore[union-attr]
    assert (await gql(client, CONFIRM, token=token))["confirmHelpRequest"]["__typename"] == (
        "HelpRequestConfirmed"
    )
    assert (await gql(client, CONFIRM, token=token))["confirmHelpRequest"]["code"] == "invalid_link"
    done = await gql(client, RESET_QUESTION, bearer=staff, id=request["id"])
    assert done["supportResetSecurityQuestion"]["request"]["status"] == "DONE"
    again = await gql(client, RESET_QUESTION, bearer=staff, id=request["id"])
    assert again["supportResetSecurityQuestion"]["__typename"] == "InvalidInput"
    # Issue 22 #16: the reset is emailed (SE2), saying who made it.
    told = [
        m
        for m in await mails_to(app, mailbox, "jane@example.com")
        if m.subject == "Your security question was changed"
    ]
    assert len(told) == 1 and "reset by support" in told[0].body
    assert "Our support team made this change for you" in told[0].body

    me = await gql(client, "{ me { securityQuestionReset } }", bearer=session)
    assert me["me"]["securityQuestionReset"] is True
    blocked = await change_password(client, session, STRONG_PASSWORD, "Fido")
    assert blocked["code"] == "security_question_reset"
    chosen = await gql(client, NEW_QUESTION, bearer=session, q="Who was your hero?", a="Ada")
    assert chosen["setNewSecurityQuestion"]["me"] == {
        "securityQuestion": "Who was your hero?",
        "securityQuestionReset": False,
    }
    twice = await gql(client, NEW_QUESTION, bearer=session, q="Another?", a="B")
    assert twice["setNewSecurityQuestion"]["__typename"] == "FactorState"
    assert (await change_password(client, session, STRONG_PASSWORD, "ada"))["__typename"] == (
        "PasswordChanged"
    )


async def test_s2_a_request_for_an_unknown_address_can_never_be_confirmed(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """S2: nobody is mailed a link; staff cannot act on it, even through the API."""
    staff = await staff_session(app, client, mailbox)
    await file(client, "ghost@example.com", "RESET_SECURITY_QUESTION")
    request = (await gql(client, REQUESTS, bearer=staff, status="UNCONFIRMED"))["supportRequests"][
        "requests"
    ][0]
    assert request["accountFound"] is False
    refused = await gql(client, RESET_QUESTION, bearer=staff, id=request["id"])
    assert refused["supportResetSecurityQuestion"]["code"] == "not_confirmed"
    assert not await mails_to(app, mailbox, "ghost@example.com")


async def test_s2_every_console_action_needs_the_support_role(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """S2, A4: a normal user gets Forbidden on every console operation; nobody signed out does."""
    user = await signed_up_user(client, mailbox)
    client.cookies.clear()
    await file(client, "jane@example.com", "CANT_LOGIN")
    calls: list[tuple[str, dict[str, Any]]] = [
        (REQUESTS, {"status": None}),
        (RESET_QUESTION, {"id": "1"}),
        (CLOSE, {"id": "1"}),
        (SET_ACTIVE, {"email": "jane@example.com", "active": False}),
    ]
    for document, variables in calls:
        as_user = await gql(client, document, bearer=user, **variables)
        assert next(iter(as_user.values()))["__typename"] == "Forbidden", document
        anonymous = await gql(client, document, **variables)
        assert next(iter(anonymous.values()))["__typename"] == "NotAuthenticated", document
    assert (await gql(client, ME, bearer=user))["me"]["email"] == "jane@example.com"


async def test_a4_deactivation_ends_sessions_at_once_and_reactivation_keeps_the_password(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """A4, T2, SE1: off means no login and no session; on again, the old password works."""
    user = await signed_up_user(client, mailbox)
    client.cookies.clear()
    staff = await staff_session(app, client, mailbox)
    off = await gql(client, SET_ACTIVE, bearer=staff, email="jane@example.com", active=False)
    assert off["supportSetAccountActive"] == {
        "__typename": "AccountStatusChanged",
        "email": "jane@example.com",
        "active": False,
    }
    assert (await gql(client, ME, bearer=user))["me"] is None
    # Issue 22 #7: a wrong password learns nothing; the right one learns whom to contact.
    assert (await login(client, password="not jane's password"))["code"] == "invalid_credentials"
    refused = await login(client)
    assert refused["code"] == "account_deactivated"
    assert refused["message"] == (
        "This account is switched off. Contact support@latchkey.example to turn it back on."
    )
    on = await gql(client, SET_ACTIVE, bearer=staff, email="jane@example.com", active=True)
    assert on["supportSetAccountActive"]["active"] is True
    assert (await login(client))["__typename"] == "CodeRequired"
    self_off = await gql(client, SET_ACTIVE, bearer=staff, email=STAFF, active=False)
    assert self_off["supportSetAccountActive"]["__typename"] == "InvalidInput"
    missing = await gql(client, SET_ACTIVE, bearer=staff, email="nobody@example.com", active=False)
    assert missing["supportSetAccountActive"]["__typename"] == "NotFound"
