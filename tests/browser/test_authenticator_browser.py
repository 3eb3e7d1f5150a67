"""In Chromium: enroll the app by scanning the QR code off the page, then log in with it.

The QR is decoded by Debian's zbarimg (not segno, which drew it) and codes come from
Debian's oathtool (not pyotp), so the test checks interoperability, not our own round trip.
(M2, L3, L5, L7, G2)
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import code_for, enter_code, sign_up
from tests.conftest import STRONG_PASSWORD

pytestmark = pytest.mark.skipif(
    not (shutil.which("zbarimg") and shutil.which("oathtool")),
    reason="needs zbar-tools and oathtool (.ci/run installs them)",
)


def oathtool(secret: str, at_unix: int) -> str:
    out = subprocess.run(
        ["oathtool", "--totp", "-b", "-N", f"@{at_unix}", secret],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def scan_qr(page: Page, folder: Path) -> str:
    image = folder / f"qr-{uuid.uuid4().hex}.png"
    page.locator("img.qr").screenshot(path=str(image))
    out = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(image)], check=True, capture_output=True, text=True
    )
    return out.stdout.strip()


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="Continue").click()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_m2_enroll_by_scanning_the_qr_code_and_log_in_with_app_codes(
    live_server: str, browser: Any, javascript: bool, tmp_path: Path
) -> None:
    email = f"app-{uuid.uuid4().hex[:8]}@example.com"
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    mailbox = context.new_page()

    sign_up(page, live_server, email)
    enter_code(page, code_for(mailbox, live_server, email))
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()

    page.get_by_role("link", name="Enable").first.click()
    page.get_by_label("Current password").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="Log out and set up").click()
    expect(page.get_by_text("Log in again to set up your authenticator app")).to_be_visible()

    log_in(page, live_server, email)
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    enter_code(page, code_for(mailbox, live_server, email))
    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()

    uri = scan_qr(page, tmp_path)
    parsed = urlparse(uri)
    assert parsed.scheme == "otpauth" and parsed.netloc == "totp"
    assert parsed.path == f"/Latchkey:{email}".replace("@", "%40")
    secret = parse_qs(parsed.query)["secret"][0]
    assert parse_qs(parsed.query)["issuer"] == ["Latchkey"]
    page.get_by_text("Trouble scanning?").click()
    expect(page.locator("#setup-key")).to_have_text(re.compile(secret[:4]))

    now = int(time.time())
    enrolled_step = now // 30
    page.get_by_label("One-time code from the app").fill(oathtool(secret, now))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Save your recovery code")).to_be_visible()
    recovery_code = page.locator("#recovery-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{5}(-[A-Z0-9]{5}){3}", recovery_code)
    copy_button = page.locator("button.copy")
    if javascript:
        expect(copy_button).to_be_visible()
    else:
        expect(copy_button).to_be_hidden()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("safely recorded")
    page.get_by_label("I have safely recorded this code").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    expect(page.locator(".factors li", has_text="Authenticator app")).to_contain_text("On")

    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, email)
    expect(page.get_by_role("heading", name="Check your authenticator app")).to_be_visible()
    # The enrollment step is used (L5): the next step's code is within the allowed drift.
    page.get_by_label("6-digit code").fill(oathtool(secret, (enrolled_step + 1) * 30))
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    context.close()
