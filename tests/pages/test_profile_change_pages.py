"""Profile change pages (S1): step-up, password, email and question forms, JS on and off."""

from __future__ import annotations

import json

import httpx
import pytest
from starlette.applications import Starlette

from backend.clock import FrozenClock
from backend.mail.dev_sink import DevMailbox
from tests.api.flows import login, signed_up_user
from tests.api.test_activity import mails_to
from tests.api.test_passkeys import device, register
from tests.api.test_profile_changes import NEW_PASSWORD, link_in
from tests.api.test_trusted_devices import _login_with, _remembered
from tests.conftest import STRONG_PASSWORD, code_from
from tests.pages.helpers import HTMX, csrf_of

GUARD = {"current_password": STRONG_PASSWORD, "security_answer": "fido"}


async def submit(
    http: httpx.AsyncClient, path: str, fields: dict[str, str], *, htmx: bool, page: str = ""
) -> httpx.Response:
    """GET the form's page, then post it; follow a no-JS redirect or an HTMX location."""
    held = await http.get(page or path)
    data = {"csrf_token": csrf_of(held.text), **fields}
    response = await http.post(path, data=data, headers=HTMX if htmx else {})
    if response.status_code == 303:
        return await http.get(response.headers["location"])
    if response.status_code == 204:
        return await http.get(json.loads(response.headers["HX-Location"])["path"], headers=HTMX)
    return response


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
async def test_s1_password_change_asks_for_a_fresh_code_then_changes_it(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock, htmx: bool
) -> None:
    """S1: the form sends a stale session to the step-up page (before it is filled in, issue 22
    #5); after the code it goes through."""
    await signed_up_user(client, mailbox)
    form = await client.get("/profile/password")
    assert "What was the name of your first pet?" in form.text
    clock.advance(minutes=20)
    fields = {**GUARD, "new_password": NEW_PASSWORD}
    asked = await client.post(
        "/profile/password", data={"csrf_token": csrf_of(form.text), **fields}
    )
    assert asked.headers["location"] == "/profile/verify?next=/profile/password"
    asked = await client.get(asked.headers["location"])
    assert "Confirm it" in asked.text and "more than 15 minutes" in asked.text
    code_screen = await submit(
        client,
        "/profile/verify/start",
        {"next": "/profile/password"},
        htmx=htmx,
        page="/profile/verify?next=/profile/password",
    )
    assert "Check your email" in code_screen.text
    token = code_screen.text.split('name="token" value="')[1].split('"')[0]
    wrong = await client.post(
        "/profile/verify",
        data={
            "csrf_token": csrf_of(code_screen.text),
            "token": token,
            "code": "000000",
            "next": "/profile/password",
        },
        headers=HTMX if htmx else {},
    )
    assert wrong.status_code == 200 and "Invalid code" in wrong.text
    back = await client.post(
        "/profile/verify",
        data={
            "csrf_token": csrf_of(wrong.text),
            "token": token,
            "code": code_from(mailbox, "jane@example.com"),
            "next": "/profile/password",
        },
    )
    assert back.status_code == 303 and back.headers["location"] == "/profile/password"
    done = await submit(client, "/profile/password", fields, htmx=htmx)
    assert "Your password was changed" in done.text
    client.cookies.clear()
    assert (await login(client, password=NEW_PASSWORD))["__typename"] == "CodeRequired"


async def test_s1_password_page_shows_a_wrong_answer_next_to_its_field(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """S1: the refusal names the field; nothing changes."""
    await signed_up_user(client, mailbox)
    fields = {**GUARD, "security_answer": "Rex", "new_password": NEW_PASSWORD}
    refused = await submit(client, "/profile/password", fields, htmx=False)
    assert refused.status_code == 400
    assert 'id="security_answer-error"' in refused.text
    weak = await submit(client, "/profile/password", {**GUARD, "new_password": "abc"}, htmx=False)
    assert weak.status_code == 400 and 'id="new_password-error"' in weak.text


async def test_s1_step_up_never_redirects_off_site(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """S1: the return address after a step-up is one of our forms, whatever is posted."""
    await signed_up_user(client, mailbox)
    page = await client.get("/profile/verify?next=https://evil.example/")
    assert 'name="next" value="/profile"' in page.text


async def test_s1_email_change_pages_send_a_link_and_confirm_with_a_button(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """S1: the profile form sends the link; opening it changes nothing until confirmed."""
    await signed_up_user(client, mailbox)
    sent = await submit(
        client, "/profile/email", {**GUARD, "new_email": "jane@new.example.com"}, htmx=False
    )
    assert "We sent a link to jane@new.example.com" in sent.text
    mail = (await mails_to(app, mailbox, "jane@new.example.com"))[0]
    token = link_in(mail.body, "/confirm-email")
    opened = await client.get(f"/confirm-email?token={token}")
    assert "Confirm new address" in opened.text
    assert "jane@example.com" in (await client.get("/profile")).text
    done = await submit(
        client, "/confirm-email", {"token": token}, htmx=False, page=f"/confirm-email?token={token}"
    )
    assert "Your login email is now jane@new.example.com" in done.text
    assert "jane@new.example.com" in (await client.get("/profile")).text
    replay = await submit(
        client, "/confirm-email", {"token": token}, htmx=False, page="/confirm-email"
    )
    assert replay.status_code == 410


async def test_s1_question_page_changes_the_question(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    await signed_up_user(client, mailbox)
    fields = {**GUARD, "new_question": "Who was your childhood hero?", "new_answer": "Ada"}
    done = await submit(client, "/profile/question", fields, htmx=True)
    assert "Your security question was changed" in done.text
    assert "Who was your childhood hero?" in done.text


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
async def test_s1_step_up_after_a_remembered_device_says_why_a_code_is_asked(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock, htmx: bool
) -> None:
    """S1, L2 (issue 22 #8): signed in a minute ago on a remembered device, the step-up screen
    says the session has had no code, not that the last one was 15 minutes ago."""
    device = (await _remembered(client, mailbox))["deviceToken"]
    client.cookies.clear()
    assert (await _login_with(client, device))["__typename"] == "LoginSuccess"
    clock.advance(minutes=1)
    opened = await client.get("/profile/password")  # the step-up comes first (issue 22 #5)
    assert opened.headers["location"] == "/profile/verify?next=/profile/password"
    asked = await client.get(opened.headers["location"], headers=HTMX if htmx else {})
    assert "You signed in with a remembered device, so this session has not had a code" in (
        asked.text
    )
    assert "15 minutes" not in asked.text


async def test_s1_the_step_up_page_takes_a_passkey(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette, clock: FrozenClock
) -> None:
    """S1 (issue 19): "Use passkey instead" shows the passkey button with a fresh request;
    the answer the page's script posts as the code refreshes the session."""
    session = await signed_up_user(client, mailbox)
    passkey = device(app)
    await register(client, session, passkey)
    clock.advance(minutes=20)
    code_screen = await submit(
        client,
        "/profile/verify/start",
        {"next": "/profile/password"},
        htmx=False,
        page="/profile/verify?next=/profile/password",
    )
    assert "Use passkey instead" in code_screen.text
    token = code_screen.text.split('name="token" value="')[1].split('"')[0]
    fields = {"csrf_token": csrf_of(code_screen.text), "token": token, "next": "/profile/password"}
    chosen = await client.post("/profile/verify/method", data={**fields, "method": "PASSKEY"})
    assert "Use passkey" in chosen.text
    options = chosen.text.split('data-options="')[1].split('"')[0]
    answer = passkey.get(options.replace("&#34;", '"').replace("&quot;", '"'))
    back = await client.post("/profile/verify", data={**fields, "code": answer})
    assert back.status_code == 303 and back.headers["location"] == "/profile/password"
