"""In headless Chromium: sign up, read the code in the dev mailbox, reach the profile (G2, G3)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.steps import code_for, enter_code, sign_up


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_g2_sign_up_read_code_in_mailbox_and_land_on_profile(
    live_server: str, browser: Any, javascript: bool
) -> None:
    """A1, L3, L4, G2, G3: the journey a newcomer takes, with and without JavaScript."""
    email = f"jane-{uuid.uuid4().hex[:8]}@example.com"
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    assert page.evaluate("typeof htmx") == ("object" if javascript else "undefined")
    sign_up(page, live_server, email)
    expect(page.get_by_text("j•••@e•••.com")).to_be_visible()
    assert page.url.endswith("/login/code")

    mailbox = context.new_page()
    enter_code(page, code_for(mailbox, live_server, email))
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
        page.wait_for_function("document.activeElement.tagName !== 'BODY'")
    context.close()


def test_g1_graphiql_renders_from_vendored_assets(live_server: str, browser: Any) -> None:
    """G1: GraphiQL loads with no network beyond this server and shows its editor; its console
    shows no error (issue 22 #11: the CSP refused its data: fonts)."""
    context = browser.new_context()
    page = context.new_page()
    console_errors: list[str] = []
    page.on(
        "console",
        lambda message: console_errors.append(message.text) if message.type == "error" else None,
    )
    foreign: list[str] = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(live_server) else foreign.append(request.url)
        ),
    )
    page.goto(f"{live_server}/graphql")
    expect(page.locator(".graphiql-container").first).to_be_visible()
    expect(page.get_by_text("Latchkey GraphiQL").first).to_be_attached()
    # The editors' fonts are in use once the document's fonts have settled.
    page.evaluate("document.fonts.ready.then(() => document.fonts.size)")
    assert foreign == []
    assert console_errors == []
    context.close()
