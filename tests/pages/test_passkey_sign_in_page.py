"""The login page's "Sign in with a passkey" (PK3) by plain form posts and HTMX, with the
software authenticator answering the request the page's script would fetch."""

from __future__ import annotations

import json

import httpx
import pytest
from starlette.applications import Starlette

from backend.mail.dev_sink import DevMailbox
from tests.api.test_passkey_sign_in import options, registered
from tests.pages.helpers import post_form


async def test_pk3_the_login_page_offers_passkeys_only_to_its_script(
    client: httpx.AsyncClient,
) -> None:
    """PK3: the email field asks for passkey autofill; the passkey form is hidden until the
    script shows it, so without JavaScript the page is the password form."""
    login = await client.get("/login?return_to=/profile/activity")
    assert 'autocomplete="username webauthn"' in login.text
    assert "data-passkey-sign-in hidden" in login.text
    assert "/static/passkeys.js" in login.text
    assert 'name="return_to" value="/profile/activity"' in login.text


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
async def test_pk3_a_passkey_answer_posted_by_the_page_signs_in_and_a_replay_is_shown_why(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette, htmx: bool
) -> None:
    """PK3, I2: the answer signs in and goes to the return-to kept with the request; the
    same answer again shows the login page saying why."""
    _, passkey = await registered(client, mailbox, app)
    answer = passkey.get(await options(client, "/profile/activity"))
    done = await post_form(client, "/login/passkey", {"response": answer}, htmx=htmx)
    if htmx:
        assert json.loads(done.headers["HX-Location"])["path"] == "/profile/activity"
    else:
        assert done.status_code == 303 and done.headers["location"] == "/profile/activity"
    profile = await client.get("/profile")
    assert "jane@example.com" in profile.text and "signs in without a password" in profile.text
    client.cookies.clear()
    replayed = await post_form(client, "/login/passkey", {"response": answer}, htmx=htmx)
    assert replayed.status_code == 400
    assert "That passkey request expired or was already used" in replayed.text
