"""In Chromium: forgot password, follow the link from the dev mailbox, log in again (P1, G2)."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.steps import code_for, enter_code, log_in, mail_text, sign_up

NEW_PASSWORD = "purple elephants dance quietly"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_p1_forgot_password_by_the_emailed_link(
    live_server: str, browser: Any, javascript: bool
) -> None:
    email = f"reset-{uuid.uuid4().hex[:8]}@example.com"
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    mailbox = context.new_page()
    sign_up(page, live_server, email)
    # The sign-up code stays unused here; take it off the mailbox now, or it could be read
    # as the login code below while that one is still leaving through the outbox (O4).
    code_for(mailbox, live_server, email)

    page.goto(f"{live_server}/login")
    page.get_by_role("link", name="Forgot password?").click()
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("status")).to_contain_text("If an account exists")

    body = mail_text(mailbox, live_server, "Reset your password", email)
    link = re.search(r"(http://\S+/reset\?token=\S+)", body)
    assert link
    page.goto(link.group(1))
    page.get_by_label("New password").fill("password1")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("alert")).to_contain_text("common")
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your password was changed")).to_be_visible()

    log_in(page, email, NEW_PASSWORD)
    enter_code(page, code_for(mailbox, live_server, email))
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    context.close()
