"""Guarded profile forms ask for the step-up code before they are shown, and the step-up
brings the browser back to them (issue 22 #5; S1, M2, PK1), JavaScript off and with HTMX."""

from __future__ import annotations

import json

import httpx
import pytest

from backend.clock import FrozenClock
from backend.mail.dev_sink import DevMailbox
from tests.conftest import code_from
from tests.oidc.helpers import signed_in
from tests.pages.helpers import HTMX, csrf_of

GUARDED = (
    "/profile/password",
    "/profile/email",
    "/profile/question",
    "/profile/factors/enable-app",
    "/profile/passkeys/new",
)


def led_to(response: httpx.Response) -> str:
    """Where a no-JS redirect or an HTMX location sends the browser."""
    if response.status_code == 204:
        return str(json.loads(response.headers["HX-Location"])["path"])
    assert response.status_code == 303, response.status_code
    return response.headers["location"]


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
async def test_issue22_5_a_stale_session_is_asked_for_the_code_before_the_form(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock, htmx: bool
) -> None:
    """#5 (S1): 20 minutes after the last code, opening a guarded form goes to the step-up
    first (nothing typed yet to lose); after the code the same form opens, ready to fill."""
    headers = HTMX if htmx else {}
    await signed_in(client, mailbox, "jane@example.com")
    for path in GUARDED:  # a fresh session sees the forms at once
        assert (await client.get(path, headers=headers)).status_code == 200, path
    clock.advance(minutes=20)
    for path in GUARDED:
        opened = await client.get(path, headers=headers)
        assert led_to(opened) == f"/profile/verify?next={path}", path
    # Changes that need no fresh code open as before.
    assert (await client.get("/profile/factors/enable-email", headers=headers)).status_code == 200

    asked = await client.get("/profile/verify?next=/profile/email", headers=headers)
    assert "more than 15 minutes" in asked.text
    code_screen = await client.post(
        "/profile/verify/start",
        data={"csrf_token": csrf_of(asked.text), "next": "/profile/email"},
        headers=headers,
    )
    token = code_screen.text.split('name="token" value="')[1].split('"')[0]
    back = await client.post(
        "/profile/verify",
        data={
            "csrf_token": csrf_of(code_screen.text),
            "token": token,
            "code": code_from(mailbox, "jane@example.com"),
            "next": "/profile/email",
        },
        headers=headers,
    )
    assert led_to(back) == "/profile/email"
    form = await client.get("/profile/email", headers=headers)
    assert form.status_code == 200 and "Change your email address" in form.text


async def test_issue22_5_signed_out_the_guarded_forms_go_to_login(
    client: httpx.AsyncClient,
) -> None:
    """S1: without a session there is nothing to step up: the login page."""
    for path in GUARDED:
        assert led_to(await client.get(path)) == "/login", path
