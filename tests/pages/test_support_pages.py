"""Helper, support console and new-question pages (H1, S2, A4), without and with HTMX."""

from __future__ import annotations

import re

import httpx
import pytest
from starlette.applications import Starlette

from backend.mail.dev_sink import DevMailbox
from tests.api.flows import ME, signed_up_user
from tests.api.test_activity import mails_to
from tests.api.test_support import STAFF, file, staff_session
from tests.conftest import STRONG_PASSWORD, gql
from tests.pages.helpers import HTMX, csrf_of, post_form
from tests.pages.test_profile_change_pages import submit


def _without_token(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]+"', "", html)


async def test_h1_helper_page_says_the_same_for_known_and_unknown_addresses(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """H1: same status and body; the login page links to the helper."""
    await signed_up_user(client, mailbox)
    client.cookies.clear()
    assert "Can't login?" in (await client.get("/login")).text
    fields = {"kind": "CANT_LOGIN", "message": "Codes do not arrive"}
    known = await submit(client, "/help", {**fields, "email": "jane@example.com"}, htmx=False)
    unknown = await submit(client, "/help", {**fields, "email": "nobody@example.com"}, htmx=False)
    assert known.status_code == unknown.status_code == 200
    assert _without_token(known.text) == _without_token(unknown.text)
    assert "our support team will get back to you" in known.text
    bad = await submit(client, "/help", {**fields, "email": "nope"}, htmx=True)
    assert bad.status_code == 400 and 'id="email-error"' in bad.text


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
async def test_s2_console_resets_a_confirmed_question_and_the_user_must_choose_a_new_one(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette, htmx: bool
) -> None:
    """S2: confirm by link page, reset from the console, new question before the profile."""
    user = await signed_up_user(client, mailbox)
    user_cookies = dict(client.cookies)
    client.cookies.clear()
    staff = await staff_session(app, client, mailbox)
    await file(client, "jane@example.com", "RESET_SECURITY_QUESTION")
    mail = next(
        m
        for m in await mails_to(app, mailbox, "jane@example.com")
        if "Confirm your request" in m.subject
    )
    link = re.search(r"/help/confirm\?token=\S+", mail.body).group(0)  # type: ignore[union-attr]
    opened = await client.get(link)
    assert "Yes, I asked for this" in opened.text
    confirmed = await submit(
        client, "/help/confirm", {"token": link.split("=", 1)[1]}, htmx=htmx, page=link
    )
    assert "your request is confirmed" in confirmed.text

    client.headers["Authorization"] = f"Bearer {staff}"
    console = await client.get("/support?status=OPEN")
    assert "jane@example.com" in console.text and "Reset question" in console.text
    request_id = re.search(r"/support/requests/(\d+)/reset-question", console.text).group(1)  # type: ignore[union-attr]
    reset = await client.post(
        f"/support/requests/{request_id}/reset-question?status=OPEN",
        data={"csrf_token": csrf_of(console.text)},
        headers=HTMX if htmx else {},
    )
    assert reset.status_code == 200 and "The security question was reset" in reset.text
    del client.headers["Authorization"]

    client.cookies.update(user_cookies)
    profile = await client.get("/profile")
    assert profile.status_code == 303 and profile.headers["location"] == "/profile/new-question"
    chosen = await submit(
        client,
        "/profile/new-question",
        {"new_question": "Who was your hero?", "new_answer": "Ada"},
        htmx=htmx,
    )
    assert "Your security question was changed" in chosen.text
    assert (await gql(client, ME, bearer=user))["me"]["securityQuestion"] == "Who was your hero?"


async def test_a4_console_page_refuses_non_staff_and_deactivates_accounts(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """A4: a normal user sees 403; staff deactivate from the console and the session ends."""
    user = await signed_up_user(client, mailbox)
    assert (await client.get("/support")).status_code == 403
    client.cookies.clear()
    staff = await staff_session(app, client, mailbox)
    client.headers["Authorization"] = f"Bearer {staff}"
    console = await client.get("/support")
    done = await client.post(
        "/support/accounts",
        data={
            "csrf_token": csrf_of(console.text),
            "email": "jane@example.com",
            "action": "deactivate",
        },
    )
    assert "jane@example.com is now deactivated" in done.text
    mine = await client.post(
        "/support/accounts",
        data={"csrf_token": csrf_of(console.text), "email": STAFF, "action": "deactivate"},
    )
    assert mine.status_code == 400 and "your own account" in mine.text
    del client.headers["Authorization"]
    assert (await gql(client, ME, bearer=user))["me"] is None
    # Issue 22 #7: the login page tells the right password (never a wrong one) that the
    # account is off and whom to contact, with and without HTMX.
    client.cookies.clear()
    for htmx in (False, True):
        wrong = await post_form(
            client, "/login", {"email": "jane@example.com", "password": "a wrong one"}, htmx=htmx
        )
        assert "Incorrect email or password." in wrong.text and "switched off" not in wrong.text
        right = await post_form(
            client, "/login", {"email": "jane@example.com", "password": STRONG_PASSWORD}, htmx=htmx
        )
        assert right.status_code == 400 and 'value="jane@example.com"' in right.text
        assert "This account is switched off. Contact support@latchkey.example" in right.text
