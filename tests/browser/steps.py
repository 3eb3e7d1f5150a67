"""Steps a person takes in the browser, shared by the browser tests."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from tests.conftest import STRONG_PASSWORD
from tests.live import WAIT_CEILING_SECONDS


def sign_up(page: Page, base: str, email: str) -> None:
    """Fill in the sign-up form and land on the emailed-code screen."""
    page.goto(f"{base}/signup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(STRONG_PASSWORD)
    page.get_by_label("Security question").select_option(index=0)
    page.get_by_label("Answer").fill("Fido")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()


def mail_text(page: Page, base: str, subject: str, email: str) -> str:
    """The body of the newest email with `subject` to `email`, reloading the dev mailbox
    until it arrives (links are mailed in the background)."""
    deadline = time.monotonic() + WAIT_CEILING_SECONDS
    while True:
        page.goto(f"{base}/dev/mailbox")
        mail = page.locator("article.mail", has_text=subject).filter(has_text=email)
        if mail.count() or time.monotonic() > deadline:
            expect(mail.first).to_be_visible()
            return mail.first.locator("pre").inner_text()
        page.wait_for_timeout(200)


_handed_out: set[tuple[str, str]] = set()


def code_for(page: Page, base: str, email: str) -> str:
    """The code of the newest email to `email` that no step was given yet, read off the dev
    mailbox page (reloaded until it is there: mail leaves through the outbox after the
    request, O4, so the previous code may still be the newest for a moment)."""
    deadline = time.monotonic() + WAIT_CEILING_SECONDS
    while True:
        page.goto(f"{base}/dev/mailbox")
        mail = page.locator("article.mail", has_text="Your authentication code")
        mail = mail.filter(has_text=email)
        match = re.search(r"\b(\d{6})\b", mail.first.inner_text()) if mail.count() else None
        if match and (email, match.group(1)) not in _handed_out:
            _handed_out.add((email, match.group(1)))
            return match.group(1)
        assert time.monotonic() < deadline, f"no new code reached {email}"
        page.wait_for_timeout(200)


def log_in(page: Page, email: str, password: str = STRONG_PASSWORD) -> None:
    """Step 1 on the login page that is open; lands on the emailed-code screen."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()


def enter_code(page: Page, code: str) -> None:
    page.get_by_label("6-digit code").fill(code)
    page.get_by_role("button", name="Log in").click()
