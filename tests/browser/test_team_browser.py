"""In Chromium: the owner invites a member, who sets up their own login from the email (T1)."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.steps import code_for, enter_code, mail_text, sign_up

MEMBER_PASSWORD = "velvet harbour lantern ninety"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_t1_owner_invites_and_the_member_signs_in_with_their_own_code(
    live_server: str, browser: Any, javascript: bool
) -> None:
    owner_email = f"owner-{uuid.uuid4().hex[:8]}@example.com"
    # Long, as real ones can be: the Team page must not squash it (issue 22 #10).
    member_email = f"maximilian.member-{uuid.uuid4().hex[:8]}@subsidiary.example-holdings.com"
    owner = browser.new_context(java_script_enabled=javascript)
    page = owner.new_page()
    mailbox = owner.new_page()
    sign_up(page, live_server, owner_email)
    enter_code(page, code_for(mailbox, live_server, owner_email))
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    page.get_by_role("link", name="Team").click()
    page.get_by_label("Name").fill("Max Member")
    page.get_by_label("Email").fill(member_email)
    page.get_by_label("Role").select_option("MEMBER")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_contain_text(f"Invitation sent to {member_email}")
    expect(page.get_by_text("Invited")).to_be_visible()

    member = browser.new_context(java_script_enabled=javascript)
    their_page = member.new_page()
    link = re.search(
        r"(http://\S+/invite\?token=\S+)", mail_text(mailbox, live_server, "invited", member_email)
    )
    assert link
    their_page.goto(link.group(1))
    expect(their_page.get_by_text(f"{owner_email} invited you")).to_be_visible()
    their_page.get_by_label("Password").fill(MEMBER_PASSWORD)
    # Issue 22 #13: the same question control as sign-up, and a login form already filled in.
    their_page.get_by_label("Security question").select_option(label="Write my own question…")
    their_page.get_by_label("Your own question").fill("Favourite tree?")
    their_page.get_by_label("Answer").fill("Oak")
    their_page.get_by_role("button", name="Save and go to log in").click()
    expect(their_page.get_by_text("Your login is ready")).to_be_visible()
    expect(their_page.get_by_label("Email")).to_have_value(member_email)
    their_page.get_by_label("Password").fill(MEMBER_PASSWORD)
    their_page.get_by_role("button", name="Continue").click()
    expect(their_page.get_by_role("heading", name="Check your email")).to_be_visible()
    enter_code(their_page, code_for(mailbox, live_server, member_email))
    expect(their_page.get_by_role("heading", name="Your profile")).to_be_visible()
    expect(their_page.get_by_text(f"{owner_email} (member)")).to_be_visible()
    expect(their_page.get_by_role("link", name="Team")).to_have_count(0)

    page.goto(f"{live_server}/team")
    expect(page.get_by_text("Active · last signed in")).to_be_visible()
    for width in (360, 800, 1100, 1280):
        _member_row_holds(page, width, member_email)
    member.close()
    owner.close()


def _member_row_holds(page: Any, width: int, email: str) -> None:
    """T2 (issue 22 #10): with the role selector and buttons beside it, a member's name and
    email keep a readable width (this 70-character email on at most three lines even at
    360 px; it was one character per line), nothing runs off the page, every action shows."""
    page.set_viewport_size({"width": width, "height": 800})
    row = page.locator("ul.members > li", has_text=email)
    main = row.locator(".row-main")
    box = main.bounding_box()
    assert box and box["width"] >= min(260, width - 80), (width, box)
    email_box = row.get_by_text(email).bounding_box()
    line = page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight) || 24")
    assert email_box and email_box["height"] <= 3.2 * line, (width, email_box)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, width
    for name in ("Change role", "Deactivate", "Remove"):
        action = row.get_by_role("button", name=name).bounding_box()
        assert action and action["x"] >= 0 and action["x"] + action["width"] <= width, (name, width)
