"""The activity pages: the log in the profile (SE3) and "This wasn't me" (SE2), JS on and off."""

from __future__ import annotations

import json

import httpx
import pytest
from starlette.applications import Starlette

from backend.clock import FrozenClock
from backend.mail.dev_sink import DevMailbox
from backend.models import EventKind, User
from backend.services import activity
from tests.api.flows import ME, login, signed_up_user
from tests.api.test_activity import mails_to, report_token
from tests.api.test_session_management import second_session_in_firefox
from tests.api.test_trusted_devices import _login_with, _remembered
from tests.conftest import gql
from tests.pages.helpers import HTMX, post_form


async def test_se3_profile_shows_recent_activity_and_the_log_pages_back(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """SE3: the profile lists the newest events; the log page goes back 20 at a time."""
    await signed_up_user(client, mailbox)
    for _ in range(10):  # the per-email password limit stops real attempts at 10
        await login(client, password="a wrong password")
    user = await User.get(email="jane@example.com")
    for _ in range(11):
        await activity.record(app.state.deps, user.id, EventKind.SIGN_IN_FAILED)
    profile = await client.get("/profile")
    assert profile.text.count("Failed sign-in: wrong password") == 5
    first_page = await client.get("/profile/activity")
    assert first_page.text.count("Failed sign-in: wrong password") == 20
    assert "Older entries" in first_page.text
    older = first_page.text.split('href="/profile/activity?after=')[1].split('"')[0]
    second_page = await client.get(f"/profile/activity?after={older}", headers=HTMX)
    assert "<html" not in second_page.text
    assert second_page.text.count("Failed sign-in: wrong password") == 1
    assert "Signed in" in second_page.text and "Older entries" not in second_page.text


async def test_se3_activity_page_needs_a_session(client: httpx.AsyncClient) -> None:
    response = await client.get("/profile/activity")
    assert response.status_code == 303 and response.headers["location"] == "/login"


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
async def test_se2_secure_account_page_acts_only_when_confirmed(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette, htmx: bool
) -> None:
    """SE2: opening the emailed link changes nothing; the button signs out everywhere."""
    await signed_up_user(client, mailbox)
    client.cookies.clear()
    intruder = await second_session_in_firefox(client, mailbox)
    client.cookies.clear()
    alert = next(
        m for m in await mails_to(app, mailbox, "jane@example.com") if "New sign-in" in m.subject
    )
    token = report_token(alert)
    opened = await client.get(f"/secure-account?token={token}")
    assert opened.status_code == 200 and "secure my account" in opened.text
    assert (await gql(client, ME, bearer=intruder))["me"] is not None

    done = await post_form(client, f"/secure-account?token={token}", {"token": token}, htmx=htmx)
    assert done.status_code == 200 and "every session of your account has ended" in done.text
    assert (await gql(client, ME, bearer=intruder))["me"] is None
    replay = await post_form(client, "/secure-account", {"token": token}, htmx=htmx)
    assert replay.status_code == 410 and "no longer works" in replay.text


async def test_se3_new_device_sign_in_reads_without_nested_brackets(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """SE3, SE2 (issue 22 #16): the log says "Signed in (from a new device, email code)",
    not "Signed in (from a new device (email code))"."""
    await signed_up_user(client, mailbox)
    client.cookies.clear()
    firefox = await second_session_in_firefox(client, mailbox)
    client.headers["Authorization"] = f"Bearer {firefox}"
    log = (await client.get("/profile/activity")).text
    assert 'Signed in</strong> <span class="hint">(from a new device, email code)</span>' in log
    assert "((" not in log and "))" not in log


async def test_l6_profile_marks_the_remembered_device_of_this_browser(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """L6, SE1 (issue 22 #16): of the remembered devices, the one whose cookie this browser
    holds says "(this browser)"; another browser's does not."""
    device = (await _remembered(client, mailbox))["deviceToken"]
    profile = (await client.get("/profile")).text
    devices = profile.split("<h2>Remembered devices</h2>")[1]
    assert devices.count("(this browser)") == 1
    client.cookies.clear()
    assert (await _login_with(client, device))["__typename"] == "LoginSuccess"
    client.cookies.delete("latchkey_device")
    elsewhere = (await client.get("/profile")).text.split("<h2>Remembered devices</h2>")[1]
    assert "(this browser)" not in elsewhere.split("</ul>")[0]


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
async def test_se1_an_idle_sign_out_is_explained_on_the_login_page(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock, htmx: bool
) -> None:
    """SE1 (issue 22 #16): a browser whose session ended while idle lands on the login page
    with a notice saying so (once: the dead cookie goes), not on a bare login form."""
    await signed_up_user(client, mailbox)
    clock.advance(minutes=31)
    back = await client.get("/profile", headers=HTMX if htmx else {})
    location = json.loads(back.headers["HX-Location"])["path"] if htmx else back.headers["location"]
    assert location == "/login?notice=session-ended"
    told = await client.get(location)
    assert "You were signed out: your session ended" in told.text
    again = await client.get("/profile")
    assert again.headers["location"] == "/login"
