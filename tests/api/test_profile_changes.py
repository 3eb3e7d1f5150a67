"""Guarded profile changes through GraphQL (S1, SE1, SE2): step-up, password, email, question."""

from __future__ import annotations

import re
from typing import Any

import httpx
from starlette.applications import Starlette

from backend.clock import FrozenClock
from backend.mail.dev_sink import DevMailbox
from backend.models import User
from tests.api.flows import ME, login, signed_up_user, verify
from tests.api.test_activity import mails_to
from tests.api.test_trusted_devices import _remembered, remembered_browser_session
from tests.conftest import STRONG_PASSWORD, code_from, gql

NEW_PASSWORD = "purple elephants dance quietly"
ANSWER = "Fido"
START = """mutation { startStepUp { __typename
  ... on CodeRequired { loginToken method destination otherMethods }
  ... on UserError { code message } } }"""
VERIFY_STEP_UP = """mutation($token: String!, $code: String!) {
  verifyStepUp(loginToken: $token, code: $code) { __typename
  ... on StepUpVerified { freshUntil } ... on UserError { code message } } }"""
CHANGE_PASSWORD = """mutation($current: String!, $answer: String!, $new: String!) {
  changePassword(currentPassword: $current, securityAnswer: $answer, newPassword: $new) {
  __typename ... on PasswordChanged { message } ... on UserError { code message }
  ... on InvalidInput { field } ... on InvalidCredentials { code } } }"""
CHANGE_EMAIL = """mutation($current: String!, $answer: String!, $email: String!) {
  changeEmail(currentPassword: $current, securityAnswer: $answer, newEmail: $email) {
  __typename ... on EmailChangeRequested { message newEmail } ... on UserError { code message }
  } }"""
CONFIRM_EMAIL = """mutation($token: String!) { confirmEmailChange(token: $token) {
  __typename ... on EmailChanged { email } ... on UserError { code message } } }"""
CHANGE_QUESTION = """mutation($current: String!, $answer: String!, $q: String!, $a: String!) {
  changeSecurityQuestion(currentPassword: $current, securityAnswer: $answer, newQuestion: $q,
  newAnswer: $a) { __typename ... on SecurityQuestionChanged { me { securityQuestion } }
  ... on UserError { code message } } }"""


async def change_password(
    http: httpx.AsyncClient, bearer: str, current: str, answer: str, new: str = NEW_PASSWORD
) -> dict[str, Any]:
    data = await gql(http, CHANGE_PASSWORD, bearer=bearer, current=current, answer=answer, new=new)
    result: dict[str, Any] = data["changePassword"]
    return result


async def step_up(http: httpx.AsyncClient, mailbox: DevMailbox, bearer: str) -> dict[str, Any]:
    started = (await gql(http, START, bearer=bearer))["startStepUp"]
    assert started["__typename"] == "CodeRequired", started
    code = code_from(mailbox, "jane@example.com")
    data = await gql(http, VERIFY_STEP_UP, bearer=bearer, token=started["loginToken"], code=code)
    result: dict[str, Any] = data["verifyStepUp"]
    return result


def link_in(mail_body: str, path: str) -> str:
    match = re.search(rf"{re.escape(path)}\?token=(\S+)", mail_body)
    assert match, mail_body
    return match.group(1)


async def test_s1_a_stale_session_must_pass_a_fresh_code_before_changing_the_password(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """S1: after 15 minutes the change asks for a step-up code; the code makes it possible."""
    session = await signed_up_user(client, mailbox)
    clock.advance(minutes=16)
    stale = await change_password(client, session, STRONG_PASSWORD, ANSWER)
    assert stale["__typename"] == "StepUpRequired"
    verified = await step_up(client, mailbox, session)
    assert verified["__typename"] == "StepUpVerified"
    done = await change_password(client, session, STRONG_PASSWORD, ANSWER)
    assert done["__typename"] == "PasswordChanged"


async def test_s1_wrong_password_or_answer_changes_nothing(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """S1: both the current password and the security answer are needed; the old one stays."""
    session = await signed_up_user(client, mailbox)
    wrong_password = await change_password(client, session, "not my password", ANSWER)
    assert wrong_password["__typename"] == "InvalidCredentials"
    assert "password" in wrong_password["message"]
    wrong_answer = await change_password(client, session, STRONG_PASSWORD, "Rex")
    assert wrong_answer["__typename"] == "InvalidCredentials"
    assert "security question" in wrong_answer["message"]
    weak = await change_password(client, session, STRONG_PASSWORD, ANSWER, new="password1")
    assert weak["__typename"] == "InvalidInput"
    client.cookies.clear()
    assert (await login(client))["__typename"] == "CodeRequired"  # the old password still works


async def test_s1_the_answer_is_compared_ignoring_case_and_spaces(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """S1, A3: '  fIDo ' is the answer 'Fido'."""
    session = await signed_up_user(client, mailbox)
    done = await change_password(client, session, STRONG_PASSWORD, "  fIDo ")
    assert done["__typename"] == "PasswordChanged"


async def test_s1_password_change_ends_other_sessions_and_devices_and_is_emailed(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """S1, SE1, SE2: this session stays; the others and every remembered device end."""
    remembered = await _remembered(client, mailbox)
    client.cookies.clear()
    started = await login(client)
    other = await verify(client, started["loginToken"], code_from(mailbox, "jane@example.com"))
    client.cookies.clear()
    this = remembered["sessionToken"]
    assert (await change_password(client, this, STRONG_PASSWORD, ANSWER))[
        "__typename"
    ] == "PasswordChanged"
    assert (await gql(client, ME, bearer=this))["me"]["email"] == "jane@example.com"
    assert (await gql(client, ME, bearer=other["sessionToken"]))["me"] is None
    device_login = await gql(
        client,
        'mutation($d: String) { login(email: "jane@example.com", password: "'
        + NEW_PASSWORD
        + '", deviceToken: $d) { __typename } }',
        d=remembered["deviceToken"],
    )
    assert device_login["login"]["__typename"] == "CodeRequired"
    assert (await login(client))["code"] == "invalid_credentials"  # the old password
    subjects = [m.subject for m in await mails_to(app, mailbox, "jane@example.com")]
    assert "Your password was changed" in subjects


async def test_s1_a_remembered_device_login_must_step_up_before_changes(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """S1, L2: skipping step 2 on a trusted device is not a fresh second factor."""
    session = await remembered_browser_session(client, mailbox)
    result = await change_password(client, session, STRONG_PASSWORD, ANSWER)
    assert result["__typename"] == "StepUpRequired"


async def test_s1_a_step_up_token_never_signs_in_nor_serves_another_session(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """S1: the step-up attempt refreshes only the session that asked for it."""
    first = await signed_up_user(client, mailbox)
    client.cookies.clear()
    started = await login(client)
    second = (await verify(client, started["loginToken"], code_from(mailbox, "jane@example.com")))[
        "sessionToken"
    ]
    client.cookies.clear()
    asked = (await gql(client, START, bearer=first))["startStepUp"]
    assert asked["otherMethods"] == []  # no recovery code for a step-up
    code = code_from(mailbox, "jane@example.com")
    as_login = await verify(client, asked["loginToken"], code)
    assert as_login["__typename"] == "LoginExpired"
    elsewhere = await gql(
        client, VERIFY_STEP_UP, bearer=second, token=asked["loginToken"], code=code
    )
    assert elsewhere["verifyStepUp"]["__typename"] == "LoginExpired"
    mine = await gql(client, VERIFY_STEP_UP, bearer=first, token=asked["loginToken"], code=code)
    assert mine["verifyStepUp"]["__typename"] == "StepUpVerified"
    replay = await gql(client, VERIFY_STEP_UP, bearer=first, token=asked["loginToken"], code=code)
    assert replay["verifyStepUp"]["__typename"] == "LoginExpired"


async def test_s1_wrong_guesses_from_a_session_are_limited(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """S1, R2: after 10 wrong passwords or answers, even the right ones wait."""
    session = await signed_up_user(client, mailbox)
    for _ in range(10):
        await change_password(client, session, "guess guess guess", ANSWER)
    limited = await change_password(client, session, STRONG_PASSWORD, ANSWER)
    assert limited["__typename"] == "RateLimited"


async def test_s1_email_change_waits_for_the_link_and_tells_the_old_address(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """S1, SE2: the new address confirms by link (once); the old one is told before and after."""
    session = await signed_up_user(client, mailbox)
    asked = await gql(
        client,
        CHANGE_EMAIL,
        bearer=session,
        current=STRONG_PASSWORD,
        answer=ANSWER,
        email="Jane.New@Example.com",
    )
    assert asked["changeEmail"]["newEmail"] == "jane.new@example.com"
    assert (await gql(client, ME, bearer=session))["me"]["email"] == "jane@example.com"
    to_new = await mails_to(app, mailbox, "jane.new@example.com")
    assert [m.subject for m in to_new] == ["Confirm your new email address"]
    old_subjects = [m.subject for m in await mails_to(app, mailbox, "jane@example.com")]
    assert "Your email address is about to change" in old_subjects

    token = link_in(to_new[0].body, "/confirm-email")
    confirmed = await gql(client, CONFIRM_EMAIL, token=token)
    assert confirmed["confirmEmailChange"]["email"] == "jane.new@example.com"
    assert (await gql(client, ME, bearer=session))["me"]["email"] == "jane.new@example.com"
    replay = await gql(client, CONFIRM_EMAIL, token=token)
    assert replay["confirmEmailChange"]["code"] == "invalid_link"
    alert = next(
        m
        for m in await mails_to(app, mailbox, "jane@example.com")
        if m.subject == "Your email address was changed"
    )
    assert "jane.new@example.com" in alert.body and "/secure-account?token=" in alert.body
    client.cookies.clear()
    assert (await login(client, email="jane.new@example.com"))["__typename"] == "CodeRequired"


async def test_s1_email_change_to_a_taken_address_answers_the_same_and_changes_nothing(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """S1: no enumeration through the profile; the other account's owner is told."""
    await signed_up_user(client, mailbox, email="john@example.com")
    client.cookies.clear()
    session = await signed_up_user(client, mailbox)
    asked = await gql(
        client,
        CHANGE_EMAIL,
        bearer=session,
        current=STRONG_PASSWORD,
        answer=ANSWER,
        email="john@example.com",
    )
    assert asked["changeEmail"]["__typename"] == "EmailChangeRequested"
    to_john = [m.subject for m in await mails_to(app, mailbox, "john@example.com")]
    assert "Confirm your new email address" not in to_john
    assert any("tried to use this address" in s for s in to_john)
    assert (await User.get(email="jane@example.com")).email == "jane@example.com"


async def test_s1_security_question_change_needs_the_old_answer(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """S1, A3: the old answer guards the change; afterwards only the new answer works."""
    session = await signed_up_user(client, mailbox)
    question = "What was the name of your first school?"
    refused = await gql(
        client,
        CHANGE_QUESTION,
        bearer=session,
        current=STRONG_PASSWORD,
        answer="Rex",
        q=question,
        a="Hillside",
    )
    assert refused["changeSecurityQuestion"]["__typename"] == "InvalidCredentials"
    changed = await gql(
        client,
        CHANGE_QUESTION,
        bearer=session,
        current=STRONG_PASSWORD,
        answer=ANSWER,
        q=question,
        a="Hillside",
    )
    assert changed["changeSecurityQuestion"]["me"]["securityQuestion"] == question
    old = await change_password(client, session, STRONG_PASSWORD, ANSWER)
    assert old["__typename"] == "InvalidCredentials"
    new = await change_password(client, session, STRONG_PASSWORD, "hillside")
    assert new["__typename"] == "PasswordChanged"
