"""In Chromium: a guarded password change (S1), the helper (H1), and a keyboard-only login."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.steps import code_for, enter_code, sign_up
from tests.conftest import STRONG_PASSWORD

NEW_PASSWORD = "purple elephants dance quietly"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_s1_change_password_from_the_profile(
    live_server: str, browser: Any, javascript: bool
) -> None:
    """S1: the current password and the answer are needed; then the new password works."""
    email = f"change-{uuid.uuid4().hex[:8]}@example.com"
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    mailbox = context.new_page()
    sign_up(page, live_server, email)
    enter_code(page, code_for(mailbox, live_server, email))
    page.get_by_role("link", name="Change").nth(1).click()
    expect(page.get_by_role("heading", name="Change your password")).to_be_visible()
    page.get_by_label("Current password").fill(STRONG_PASSWORD)
    page.get_by_label("What was the name of your first pet?").fill("Rex")
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Incorrect answer to your security question.")).to_be_visible()
    # With HTMX, let the swap settle before typing into the new form.
    page.wait_for_function("!document.querySelector('.htmx-settling, .htmx-swapping')")
    page.get_by_label("Current password").fill(STRONG_PASSWORD)
    page.get_by_label("What was the name of your first pet?").fill("fido")
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("status")).to_contain_text("Your password was changed")
    page.get_by_role("button", name="Log out").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_issue22_5_the_step_up_comes_before_the_guarded_form(
    live_server: str, browser: Any, javascript: bool
) -> None:
    """#5 (S1, L2): signed in by a remembered browser, "Change" password asks for the code
    first and then opens the form, so nothing typed is lost to the step-up."""
    email = f"stepup-{uuid.uuid4().hex[:8]}@example.com"
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    mailbox = context.new_page()
    sign_up(page, live_server, email)
    page.get_by_label("6-digit code").fill(code_for(mailbox, live_server, email))
    page.get_by_label("Remember this device for 30 days").check()
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()

    page.get_by_role("link", name="Change").nth(1).click()
    expect(page.get_by_role("heading", name="Confirm it's you")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("6-digit code").fill(code_for(mailbox, live_server, email))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Change your password")).to_be_visible()
    page.get_by_label("Current password").fill(STRONG_PASSWORD)
    page.get_by_label("What was the name of your first pet?").fill("fido")
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("status")).to_contain_text("Your password was changed")
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_h1_cant_login_helper_from_the_login_page(
    live_server: str, browser: Any, javascript: bool
) -> None:
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.locator(".help-bubble").click()
    page.get_by_label("Email you log in with").fill("someone@example.com")
    page.get_by_label("I can't log in").check()
    page.get_by_label("What happened?").fill("My phone fell in the sea.")
    page.get_by_role("button", name="Send to support").click()
    expect(page.get_by_role("status")).to_contain_text("our support team will get back to you")
    context.close()


def test_g2_sign_in_with_the_keyboard_alone(live_server: str, browser: Any) -> None:
    """Issue 10: Tab, type and Enter reach the profile; focus is always somewhere visible."""
    email = f"keys-{uuid.uuid4().hex[:8]}@example.com"
    context = browser.new_context()
    page = context.new_page()
    mailbox = context.new_page()
    sign_up(page, live_server, email)
    code = code_for(mailbox, live_server, email)
    page.keyboard.type(code)  # the code field has autofocus
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    page.get_by_role("button", name="Log out").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.locator("body").focus()
    page.keyboard.press("Tab")
    for _ in range(6):
        if page.evaluate("document.activeElement.id") == "email":
            break
        page.keyboard.press("Tab")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(STRONG_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    page.keyboard.type(code_for(mailbox, live_server, email))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    context.close()


def _bubble_in_bottom_right(page: Any) -> None:
    bubble = page.locator(".help-bubble")
    expect(bubble).to_be_visible()
    expect(bubble).to_have_attribute("href", "/help")
    box = bubble.bounding_box()
    size = page.viewport_size
    assert box and size
    assert size["width"] - (box["x"] + box["width"]) <= 32, box
    assert size["height"] - (box["y"] + box["height"]) <= 32, box
    # It floats over the page: scrolling does not move it.
    page.evaluate("window.scrollTo(0, 400)")
    again = bubble.bounding_box()
    assert again and abs(again["y"] - box["y"]) < 1


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", [360, 1280])
def test_h1_cant_login_bubble_floats_bottom_right_on_the_login_screens(
    live_server: str, browser: Any, javascript: bool, width: int
) -> None:
    """H1 (issue 22 #9): the blue "Can't login?" bubble the help page describes: fixed in the
    bottom right of the login and code screens, reached with Tab, a plain link to /help; the
    inline link beside "Forgot password?" stays."""
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": width, "height": 700}
    )
    page = context.new_page()
    page.goto(f"{live_server}/login")
    expect(page.locator(".aside").get_by_role("link", name="Can't login?")).to_be_visible()
    _bubble_in_bottom_right(page)
    page.get_by_label("Password").focus()
    # Reached by Tab after the form, however many links (passkey, language) come between.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.className") == "help-bubble":
            break
    assert page.evaluate("document.activeElement.className") == "help-bubble"
    sign_up(page, live_server, f"bubble-{uuid.uuid4().hex[:8]}@example.com")
    _bubble_in_bottom_right(page)
    page.locator(".help-bubble").click()
    expect(page.get_by_label("Email you log in with")).to_be_visible()
    context.close()


def test_m1_the_profile_says_when_the_emailed_code_was_last_used(
    live_server: str, browser: Any
) -> None:
    """M1: under the emailed-code row, on a line of its own, the day its last code passed; the
    app, which is off, says nothing."""
    email = f"used-{uuid.uuid4().hex[:8]}@example.com"
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    sign_up(page, live_server, email)
    enter_code(page, code_for(context.new_page(), live_server, email))
    row = page.locator(".factors li", has_text="Email code")
    used = row.locator(".factor-used")
    expect(used).to_have_text(re.compile(r"^last used \w+ \d+, \d{4}$"))
    name_box, used_box = row.locator(".factor-name").bounding_box(), used.bounding_box()
    assert name_box and used_box and used_box["y"] >= name_box["y"] + name_box["height"]
    expect(page.locator(".factors li", has_text="Authenticator app")).not_to_contain_text(
        "last used"
    )
    context.close()
