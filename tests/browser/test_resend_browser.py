"""Resend on the code screen counts down in Chromium (issue 22 #15; L4), JavaScript on and off."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.steps import sign_up
from tests.conftest import database_url
from tests.live import serving

WAIT = 10


@pytest.fixture(scope="module")
def quick_resend_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server whose Resend waits a few seconds, so the countdown can be watched to its end."""
    folder = tmp_path_factory.mktemp("resend")
    with serving(
        folder, database_url(folder), {"LATCHKEY_RESEND_INTERVAL_SECONDS": str(WAIT)}
    ) as base:
        yield base


def test_l4_resend_is_switched_off_and_counts_down_with_javascript(
    quick_resend_server: str, browser: Any
) -> None:
    """With JavaScript, Resend is disabled while it would be refused, then comes back on."""
    context = browser.new_context()
    page = context.new_page()
    sign_up(page, quick_resend_server, f"count-{uuid.uuid4().hex[:8]}@example.com")
    resend = page.get_by_role("button", name="Resend")
    expect(resend).to_be_disabled()
    expect(page.get_by_text("You can ask for a new code in")).to_be_visible()
    expect(resend).to_be_enabled()  # after the countdown
    expect(page.get_by_text("You can ask for a new code now.")).to_be_visible()
    resend.click()
    expect(page.get_by_role("status")).to_have_text("We sent you a new code.")
    expect(page.get_by_role("button", name="Resend")).to_be_disabled()
    context.close()


def test_l4_resend_states_the_wait_without_javascript(
    quick_resend_server: str, browser: Any
) -> None:
    """Without JavaScript the page states the wait; an early press says the seconds left,
    as a notice rather than an error, and keeps the code screen."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_up(page, quick_resend_server, f"plain-{uuid.uuid4().hex[:8]}@example.com")
    expect(page.get_by_text("You can ask for a new code in")).to_be_visible()
    page.get_by_role("button", name="Resend").click()
    notice = page.get_by_role("status")
    expect(notice).to_contain_text("Please wait")
    expect(page.get_by_role("alert")).to_have_text("")
    expect(page.get_by_label("6-digit code")).to_be_visible()
    context.close()
