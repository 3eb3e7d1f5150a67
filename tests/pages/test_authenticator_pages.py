"""Authenticator pages: enable from the profile, enroll, recovery code, try another method.

(M1, M2, M3, L3, L5, L7, G2) Each journey runs as plain form posts and with HX-Request.
"""

from __future__ import annotations

import re

import httpx
import pyotp
import pytest

from backend.clock import FrozenClock
from backend.i18n.dates import format_day
from backend.mail.dev_sink import DevMailbox
from tests.conftest import STRONG_PASSWORD, code_from
from tests.pages.helpers import HTMX, post_form
from tests.pages.test_login_pages import SIGNUP_FIELDS


async def _follow(http: httpx.AsyncClient, response: httpx.Response, htmx: bool) -> httpx.Response:
    """Where the browser lands next: the redirect (no JS) or the HX-Location (HTMX)."""
    if htmx:
        assert response.status_code == 204, response.text
        location = re.search(r'"path": "([^"]+)"', response.headers["HX-Location"])
        assert location
        return await http.get(location.group(1), headers=HTMX)
    assert response.status_code == 303, response.text
    return await http.get(response.headers["location"])


async def _login(http: httpx.AsyncClient, htmx: bool) -> httpx.Response:
    fields = {"email": "jane@example.com", "password": STRONG_PASSWORD}
    return await _follow(http, await post_form(http, "/login", fields, htmx=htmx), htmx)


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
async def test_m2_enable_enroll_acknowledge_then_log_in_with_the_app(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock, htmx: bool
) -> None:
    """M2, L3, L5, M1: the whole authenticator journey through the pages."""
    await post_form(client, "/signup", SIGNUP_FIELDS)
    await post_form(client, "/login/code", {"code": code_from(mailbox, "jane@example.com")})
    profile = await client.get("/profile")
    assert 'href="/profile/factors/enable-app"' in profile.text

    wrong = await post_form(client, "/profile/factors/enable-app", {"password": "nope"}, htmx=htmx)
    assert wrong.status_code == 400 and "Incorrect password." in wrong.text
    enabled = await post_form(
        client, "/profile/factors/enable-app", {"password": STRONG_PASSWORD}, htmx=htmx
    )
    login_page = await _follow(client, enabled, htmx)
    assert "Log in again to set up your authenticator app" in login_page.text

    code_page = await _login(client, htmx)
    assert "Check your email" in code_page.text
    code = code_from(mailbox, "jane@example.com")
    enroll = await _follow(
        client, await post_form(client, "/login/code", {"code": code}, htmx=htmx), htmx
    )
    assert 'src="data:image/svg+xml' in enroll.text and "Trouble scanning?" in enroll.text
    key = re.search(r'<code id="setup-key" class="secret">([A-Z2-7 ]+)</code>', enroll.text)
    assert key
    secret = key.group(1).replace(" ", "")

    totp = pyotp.TOTP(secret)
    bad = await client.post(
        "/login/enroll",
        data={"csrf_token": _csrf(enroll.text), "code": "12345x"},
        headers=HTMX if htmx else {},
    )
    assert bad.status_code == 400 and "6-digit" in bad.text
    confirmed = await client.post(
        "/login/enroll",
        data={"csrf_token": _csrf(enroll.text), "code": totp.at(clock.now())},
        headers=HTMX if htmx else {},
    )
    recovery = await _follow(client, confirmed, htmx)
    recovery_code = re.search(r'id="recovery-code" class="secret big">([A-Z0-9-]+)<', recovery.text)
    assert recovery_code and "I have safely recorded this code" in recovery.text
    unticked = await client.post(
        "/login/recovery", data={"csrf_token": _csrf(recovery.text)}, headers=HTMX if htmx else {}
    )
    assert unticked.status_code == 400 and "safely recorded" in unticked.text
    ticked = await client.post(
        "/login/recovery",
        data={"csrf_token": _csrf(recovery.text), "recorded": "yes"},
        headers=HTMX if htmx else {},
    )
    profile = await _follow(client, ticked, htmx)
    assert (
        "Authenticator app" in profile.text
        and 'href="/profile/factors/disable-app"' in profile.text
        and 'href="/profile/factors/disable-email"' in profile.text
        and "must stay on" not in profile.text
    )

    await post_form(client, "/logout", {})
    clock.advance(seconds=30)
    app_page = await _login(client, htmx)
    assert "Check your authenticator app" in app_page.text
    assert "Try another method" in app_page.text
    signed_in = await post_form(client, "/login/code", {"code": totp.at(clock.now())}, htmx=htmx)
    assert "Your profile" in (await _follow(client, signed_in, htmx)).text


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match
    return match.group(1)


async def test_l3_try_another_method_switches_to_email_and_recovery_code(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """L3, L7: from the app screen, Email sends a code; Recovery code asks for it."""
    from tests.api.app_flows import enrolled_user

    user = await enrolled_user(client, mailbox, clock)
    client.cookies.clear()
    await _login(client, htmx=False)
    emailed = await _follow(
        client, await post_form(client, "/login/method", {"method": "EMAIL"}), htmx=False
    )
    assert "Check your email" in emailed.text and "j•••@e•••.com" in emailed.text
    recovery = await _follow(
        client, await post_form(client, "/login/method", {"method": "RECOVERY_CODE"}), htmx=False
    )
    assert "Enter your recovery code" in recovery.text
    used = await post_form(client, "/login/code", {"code": user.recovery_code})
    new_code_page = await _follow(client, used, htmx=False)
    assert "Save your recovery code" in new_code_page.text
    assert user.recovery_code not in new_code_page.text


async def test_m3_profile_refuses_to_disable_the_last_factor(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """M3 (issue 22 #14): the profile shows Disable switched off with the reason, before any
    password is typed; a post anyway is refused next to the password field; email stays on."""
    await post_form(client, "/signup", SIGNUP_FIELDS)
    await post_form(client, "/login/code", {"code": code_from(mailbox, "jane@example.com")})
    profile = await client.get("/profile")
    assert 'href="/profile/factors/disable-email"' not in profile.text
    assert (
        '<button type="button" class="small" disabled aria-describedby="last-factor">Disable'
        in profile.text
    )
    assert '<p class="hint" id="last-factor">One sign-in factor must stay on.' in profile.text
    refused = await post_form(
        client, "/profile/factors/disable-email", {"password": STRONG_PASSWORD}
    )
    assert refused.status_code == 400 and "must stay on" in refused.text
    assert 'Email code</span>\n      <strong class="on">On' in (await client.get("/profile")).text


async def test_m1_profile_says_when_each_factor_was_last_used(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """M1: the emailed-code row says the day its last code was accepted; the app, which is off,
    says nothing (set up but never used: tests/api/test_authenticator.py)."""
    await post_form(client, "/signup", SIGNUP_FIELDS)
    await post_form(client, "/login/code", {"code": code_from(mailbox, "jane@example.com")})
    profile = (await client.get("/profile")).text
    row = re.search(r"<li>\s*<span class=\"factor-name\">Email code</span>.*?</li>", profile, re.S)
    assert row and f"last used {format_day(clock.now())}" in row.group(0), profile
    app_row = re.search(
        r"<li>\s*<span class=\"factor-name\">Authenticator app.*?</li>", profile, re.S
    )
    assert app_row and "last used" not in app_row.group(0)
