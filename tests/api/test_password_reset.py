"""Forgot password through GraphQL and the pages (P1, A2, SE1)."""

from __future__ import annotations

import asyncio
import re

import httpx
from starlette.applications import Starlette

from backend.clock import FrozenClock
from backend.mail.dev_sink import DevMailbox
from backend.models import Session, User
from tests.api.flows import ME, login, signed_up_user
from tests.conftest import STRONG_PASSWORD, gql
from tests.pages.helpers import post_form

REQUEST = """mutation($email: String!) { requestPasswordReset(email: $email) {
  __typename ... on PasswordResetRequested { message } ... on UserError { code message } } }"""
RESET = """mutation($token: String!, $password: String!) {
  resetPassword(token: $token, newPassword: $password) {
  __typename ... on PasswordChanged { message } ... on UserError { code message }
  ... on InvalidInput { field } } }"""
NEW_PASSWORD = "purple elephants dance quietly"


async def link_token(app: Starlette, mailbox: DevMailbox, email: str) -> str:
    await app.state.mail_worker.deliver_due()
    mail = mailbox.latest_to(email)
    assert mail is not None and mail.subject == "Reset your password"
    match = re.search(r"/reset\?token=(\S+)", mail.body)
    assert match
    return match.group(1)


async def test_p1_known_and_unknown_emails_get_the_same_answer(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """P1: no enumeration: same GraphQL answer and same page; only the owner gets mail."""
    await signed_up_user(client, mailbox)
    known = await gql(client, REQUEST, email="jane@example.com")
    unknown = await gql(client, REQUEST, email="nobody@example.com")
    assert known == unknown
    assert known["requestPasswordReset"]["__typename"] == "PasswordResetRequested"
    page_known = await post_form(client, "/forgot", {"email": "jane@example.com"})
    page_unknown = await post_form(client, "/forgot", {"email": "nobody@example.com"})
    assert page_known.status_code == page_unknown.status_code == 200

    def without_token(html: str) -> str:
        return re.sub(r'name="csrf_token" value="[^"]+"', "", html)

    assert without_token(page_known.text) == without_token(page_unknown.text)
    await app.state.mail_worker.deliver_due()
    assert mailbox.latest_to("nobody@example.com") is None
    assert await link_token(app, mailbox, "jane@example.com")


async def test_p1_reset_ends_every_session_and_mfa_still_applies(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """P1, SE1: after the reset, old sessions are gone and the next login asks for a code."""
    session = await signed_up_user(client, mailbox)
    await gql(client, REQUEST, email="jane@example.com")
    token = await link_token(app, mailbox, "jane@example.com")
    done = (await gql(client, RESET, token=token, password=NEW_PASSWORD))["resetPassword"]
    assert done["__typename"] == "PasswordChanged"
    assert (await gql(client, ME, bearer=session))["me"] is None
    assert await Session.all().count() == 0
    assert (await login(client))["__typename"] == "InvalidCredentials"
    assert (await login(client, password=NEW_PASSWORD))["__typename"] == "CodeRequired"


async def test_p1_the_link_works_once(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """P1: once the password changed, the same link is refused; concurrent uses: one wins."""
    await signed_up_user(client, mailbox)
    await gql(client, REQUEST, email="jane@example.com")
    token = await link_token(app, mailbox, "jane@example.com")
    results = await asyncio.gather(
        *(gql(client, RESET, token=token, password=f"{NEW_PASSWORD} {i}") for i in range(5))
    )
    kinds = [r["resetPassword"]["__typename"] for r in results]
    assert kinds.count("PasswordChanged") == 1, kinds
    assert set(kinds) == {"PasswordChanged", "InvalidLink"}
    again = (await gql(client, RESET, token=token, password=NEW_PASSWORD))["resetPassword"]
    assert again["__typename"] == "InvalidLink" and "new one" in again["message"]


async def test_p1_the_link_expires_after_an_hour(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette, clock: FrozenClock
) -> None:
    """P1: 1 hour by default."""
    await signed_up_user(client, mailbox)
    await gql(client, REQUEST, email="jane@example.com")
    token = await link_token(app, mailbox, "jane@example.com")
    clock.advance(minutes=61)
    result = (await gql(client, RESET, token=token, password=NEW_PASSWORD))["resetPassword"]
    assert result["__typename"] == "InvalidLink"
    assert (await login(client))["__typename"] == "CodeRequired"  # old password unchanged


async def test_p1_tampered_or_garbage_links_are_refused(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """P1: the signature covers the user and the password fingerprint."""
    await signed_up_user(client, mailbox)
    await gql(client, REQUEST, email="jane@example.com")
    token = await link_token(app, mailbox, "jane@example.com")
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    for bad in (tampered, "", "x" * 1000, "not.a.token"):
        result = (await gql(client, RESET, token=bad, password=NEW_PASSWORD))["resetPassword"]
        assert result["__typename"] == "InvalidLink"
    hash_before = (await User.get(email="jane@example.com")).password_hash
    assert (await User.get(email="jane@example.com")).password_hash == hash_before


async def test_p1_a2_new_password_follows_the_rules(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """A2: a weak new password is refused with the reason and the link keeps working."""
    await signed_up_user(client, mailbox)
    await gql(client, REQUEST, email="jane@example.com")
    token = await link_token(app, mailbox, "jane@example.com")
    weak = (await gql(client, RESET, token=token, password="password1"))["resetPassword"]
    assert weak["__typename"] == "InvalidInput" and weak["field"] == "password"
    ok = (await gql(client, RESET, token=token, password=NEW_PASSWORD))["resetPassword"]
    assert ok["__typename"] == "PasswordChanged"


async def test_p1_reset_page_without_javascript(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """P1, G2: login page links to Forgot password; the emailed link opens a working form."""
    await signed_up_user(client, mailbox)
    client.cookies.clear()
    assert 'href="/forgot"' in (await client.get("/login")).text
    sent = await post_form(client, "/forgot", {"email": "jane@example.com"})
    assert "If an account exists" in sent.text
    token = await link_token(app, mailbox, "jane@example.com")
    form = await client.get(f"/reset?token={token}")
    assert form.status_code == 200 and "jane@example.com" in form.text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert csrf
    done = await client.post(
        "/reset", data={"csrf_token": csrf.group(1), "token": token, "password": NEW_PASSWORD}
    )
    assert done.status_code == 303 and done.headers["location"] == "/login?notice=reset"
    assert "Your password was changed" in (await client.get(done.headers["location"])).text
    reused = await client.get(f"/reset?token={token}")
    assert reused.status_code == 410 and "no longer works" in reused.text
    assert STRONG_PASSWORD not in reused.text
