"""I2 on the pages, without JavaScript (303s) and with HTMX (HX-Redirect to the whole page)."""

from __future__ import annotations

import json
from urllib.parse import quote

import httpx
import pytest
from starlette.applications import Starlette

from backend.clock import FrozenClock
from backend.config import Settings
from backend.mail.dev_sink import DevMailbox
from tests.api.flows import signed_up_user
from tests.api.test_team import MEMBER_PASSWORD, invitation_token, invite
from tests.conftest import STRONG_PASSWORD, code_from
from tests.pages.helpers import HTMX, csrf_of
from tests.pages.test_login_pages import SIGNUP_FIELDS

APP = "https://app.example/dashboard?tab=2&x=%2F"
HIDDEN = f'name="return_to" value="{APP.replace("&", "&amp;")}"'


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"allowed_return_origins": ("https://app.example",)})


def went_to(response: httpx.Response, htmx: bool) -> str:
    """Where the browser is sent: a 303's Location, or HTMX's whole-page HX-Redirect."""
    if htmx:
        assert response.status_code == 204, response.text
        if "HX-Redirect" in response.headers:
            return response.headers["HX-Redirect"]
        return str(json.loads(response.headers["HX-Location"])["path"])
    assert response.status_code == 303, response.text
    return response.headers["location"]


async def post(
    http: httpx.AsyncClient, page: str, path: str, fields: dict[str, str], htmx: bool
) -> httpx.Response:
    held = await http.get(page)
    data = {"csrf_token": csrf_of(held.text), **fields}
    return await http.post(path, data=data, headers=HTMX if htmx else {})


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
async def test_i2_login_page_returns_to_the_app_after_the_emailed_code(
    client: httpx.AsyncClient, mailbox: DevMailbox, htmx: bool
) -> None:
    """I2, G2: /login?return_to= carries the URL into the attempt; the code ends there."""
    await signed_up_user(client, mailbox)
    client.cookies.clear()
    login_page = f"/login?return_to={quote(APP, safe='')}"
    shown = await client.get(login_page)
    assert HIDDEN in shown.text
    # Browsers hold the form's final redirect to form-action: the allowed origin is in it.
    assert "form-action 'self' https://app.example;" in shown.headers["content-security-policy"]
    fields = {"email": "jane@example.com", "password": STRONG_PASSWORD, "return_to": APP}
    started = await post(client, login_page, "/login", fields, htmx)
    assert went_to(started, htmx) == "/login/code"
    code = code_from(mailbox, "jane@example.com")
    # A return_to posted later is not read: the attempt's own is used.
    fields = {"code": code, "return_to": "/profile/activity"}
    done = await post(client, "/login/code", "/login/code", fields, htmx)
    assert went_to(done, htmx) == APP

    again = await client.get(login_page)  # signed in: straight back, no form
    assert again.status_code == 303 and again.headers["location"] == APP
    evil = await client.get("/login?return_to=%2F%2Fevil.example")
    assert evil.status_code == 303 and evil.headers["location"] == "/profile"


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
async def test_i2_refused_return_to_falls_back_to_the_profile_page(
    client: httpx.AsyncClient, mailbox: DevMailbox, htmx: bool
) -> None:
    """I2: another host given to the login page ends on the profile."""
    await signed_up_user(client, mailbox)
    client.cookies.clear()
    fields = {
        "email": "jane@example.com",
        "password": STRONG_PASSWORD,
        "return_to": "https://app.example@evil.example/",
    }
    await post(client, "/login", "/login", fields, htmx)
    code = code_from(mailbox, "jane@example.com")
    done = await post(client, "/login/code", "/login/code", {"code": code}, htmx)
    assert went_to(done, htmx) == "/profile"


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
async def test_i2_sign_up_page_returns_to_the_app(
    client: httpx.AsyncClient, mailbox: DevMailbox, htmx: bool
) -> None:
    """I2, A1: the login page's "Create an account" link keeps the return-to."""
    login_page = await client.get(f"/login?return_to={quote(APP, safe='')}")
    assert f'href="/signup?return_to={quote(APP)}"'.replace("&", "&amp;") in login_page.text
    signup_page = f"/signup?return_to={quote(APP, safe='')}"
    assert HIDDEN in (await client.get(signup_page)).text
    await post(client, signup_page, "/signup", {**SIGNUP_FIELDS, "return_to": APP}, htmx)
    code = code_from(mailbox, "jane@example.com")
    done = await post(client, "/login/code", "/login/code", {"code": code}, htmx)
    assert went_to(done, htmx) == APP


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
async def test_i2_step_up_page_returns_to_the_app(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock, htmx: bool
) -> None:
    """I2, S1: an application asking for a fresh second factor gets the person back."""
    step_up_page = f"/profile/verify?return_to={quote(APP, safe='')}"
    signed_out = await client.get(step_up_page)
    assert signed_out.headers["location"] == f"/login?return_to={quote(APP, safe='')}"
    await signed_up_user(client, mailbox)
    clock.advance(minutes=20)
    assert HIDDEN in (await client.get(step_up_page)).text
    code_screen = await post(
        client, step_up_page, "/profile/verify/start", {"return_to": APP}, False
    )
    token = code_screen.text.split('name="token" value="')[1].split('"')[0]
    fields = {"token": token, "code": code_from(mailbox, "jane@example.com")}
    done = await post(client, step_up_page, "/profile/verify", fields, htmx)
    assert went_to(done, htmx) == APP


async def test_i2_invitation_page_passes_the_return_to_on_to_login(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """I2, T1: after choosing a password the member logs in and lands in the app."""
    owner = await signed_up_user(client, mailbox)
    client.cookies.clear()
    await invite(client, owner, "max@example.com")
    token = await invitation_token(app, mailbox, "max@example.com")
    invitation_page = f"/invite?token={token}&return_to={quote(APP, safe='')}"
    assert HIDDEN in (await client.get(invitation_page)).text
    fields = {
        "token": token,
        "password": MEMBER_PASSWORD,
        "question": "Favourite tree?",
        "answer": "Oak",
        "return_to": APP,
    }
    accepted = await post(client, invitation_page, "/invite", fields, False)
    login_page = accepted.headers["location"]
    assert login_page == (
        f"/login?notice=invited&email=max%40example.com&return_to={quote(APP, safe='')}"
    )
    assert HIDDEN in (await client.get(login_page)).text
    fields = {"email": "max@example.com", "password": MEMBER_PASSWORD, "return_to": APP}
    await post(client, login_page, "/login", fields, False)
    code = code_from(mailbox, "max@example.com")
    done = await post(client, "/login/code", "/login/code", {"code": code}, False)
    assert went_to(done, False) == APP
