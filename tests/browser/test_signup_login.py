"""In headless Chromium: sign up, read the code in the dev mailbox, reach the profile (G2, G3)."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import STRONG_PASSWORD


def code_for(page: Page, base: str, email: str) -> str:
    """The code in the newest email to `email`, read off the dev mailbox page."""
    page.goto(f"{base}/dev/mailbox")
    mail = page.locator("article.mail", has_text=email).first
    expect(mail).to_be_visible()
    match = re.search(r"\b(\d{6})\b", mail.locator("pre").inner_text())
    assert match, "no code in the newest email"
    return match.group(1)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_g2_sign_up_read_code_in_mailbox_and_land_on_profile(
    live_server: str, browser: Any, javascript: bool
) -> None:
    """A1, L3, L4, G2, G3: the journey a newcomer takes, with and without JavaScript."""
    email = f"jane-{uuid.uuid4().hex[:8]}@example.com"
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server}/signup")
    assert page.evaluate("typeof htmx") == ("object" if javascript else "undefined")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(STRONG_PASSWORD)
    page.get_by_label("Security question").select_option(index=0)
    page.get_by_label("Answer").fill("Fido")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    expect(page.get_by_text("j•••@e•••.com")).to_be_visible()
    assert page.url.endswith("/login/code")

    mailbox = context.new_page()
    code = code_for(mailbox, live_server, email)
    page.get_by_label("6-digit code").fill(code)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    expect(page.get_by_text(email)).to_be_visible()
    assert page.url.endswith("/profile")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("definitely the wrong password")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_have_text("Incorrect email or password.")
    if javascript:
        # HTMX moved focus to the refused form's heading or field, not lost on <body>.
        page.wait_for_function("document.activeElement.tagName !== 'BODY'", timeout=5000)
    context.close()


def test_g1_graphiql_renders_from_vendored_assets(live_server: str, browser: Any) -> None:
    """G1: GraphiQL loads with no network beyond this server and shows its editor."""
    context = browser.new_context()
    page = context.new_page()
    foreign: list[str] = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(live_server) else foreign.append(request.url)
        ),
    )
    page.goto(f"{live_server}/graphql")
    expect(page.locator(".graphiql-container").first).to_be_visible(timeout=15000)
    expect(page.get_by_text("Latchkey GraphiQL").first).to_be_attached()
    assert foreign == []
    context.close()
