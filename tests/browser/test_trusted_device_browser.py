"""In Chromium: "Remember this device for 30 days" skips the code here, not elsewhere (L2, L6)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import code_for, sign_up
from tests.conftest import STRONG_PASSWORD


def _log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="Continue").click()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_l6_remembered_browser_skips_the_code_and_a_fresh_one_is_asked(
    live_server: str, browser: Any, javascript: bool
) -> None:
    email = f"device-{uuid.uuid4().hex[:8]}@example.com"
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    sign_up(page, live_server, email)
    page.get_by_label("6-digit code").fill(code_for(context.new_page(), live_server, email))
    page.get_by_label("Remember this device for 30 days").check()
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    device_cookie = next(c for c in context.cookies() if c["name"] == "latchkey_device")
    assert device_cookie["httpOnly"] and device_cookie["sameSite"] == "Lax"

    page.get_by_role("button", name="Log out").click()
    _log_in(page, live_server, email)
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()

    stranger = browser.new_context(java_script_enabled=javascript)
    other = stranger.new_page()
    _log_in(other, live_server, email)
    expect(other.get_by_role("heading", name="Check your email")).to_be_visible()
    stranger.close()
    context.close()
