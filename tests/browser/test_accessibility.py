"""axe-core in Chromium over every page: no serious or critical violations (issue 10, G2).

Also checks the 360 px phone layout has no sideways scrolling, and, with
LATCHKEY_SCREENSHOTS=1, writes the README's screenshots to docs/.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import code_for, enter_code, sign_up
from tests.conftest import TEST_ARGON2, database_url
from tests.live import SECRET_KEY, WAIT_CEILING_SECONDS, serving

AXE = (Path(__file__).parent / "axe" / "axe.min.js").read_text()
DOCS = Path(__file__).resolve().parents[2] / "docs"
STAFF_PASSWORD = "staff member strong passphrase"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A live server and a support user made with the CLI against its database."""
    folder = tmp_path_factory.mktemp("a11y")
    url = database_url(folder)
    with serving(folder, url) as base:
        staff = f"staff-{uuid.uuid4().hex[:8]}@example.com"
        env = {
            **os.environ,
            "LATCHKEY_DATABASE_URL": url,
            "LATCHKEY_SECRET_KEY": SECRET_KEY,
            "LATCHKEY_ARGON2_TIME_COST": str(TEST_ARGON2.time_cost),
            "LATCHKEY_ARGON2_MEMORY_KIB": str(TEST_ARGON2.memory_cost_kib),
            "LATCHKEY_ARGON2_PARALLELISM": str(TEST_ARGON2.parallelism),
        }
        made = subprocess.run(
            [sys.executable, "-m", "backend.cli", "create-support-user", staff],
            input=f"{STAFF_PASSWORD}\nteal\n", capture_output=True, text=True, env=env,
            cwd=folder, check=False, timeout=WAIT_CEILING_SECONDS,
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
        yield base, staff


def serious_violations(page: Page) -> list[str]:
    page.add_script_tag(content=AXE)
    results: dict[str, Any] = page.evaluate("async () => await axe.run(document)")
    assert results["passes"], "axe-core did not run"
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def check(page: Page, path: str, shot: str | None = None) -> None:
    """Audit the page as it is now; optionally save a screenshot for the README."""
    problems = serious_violations(page)
    assert not problems, f"{path}: {json.dumps(problems, indent=1)}"
    if shot and os.environ.get("LATCHKEY_SCREENSHOTS") == "1":
        DOCS.mkdir(exist_ok=True)
        page.screenshot(path=str(DOCS / f"{shot}.png"))


def visit(page: Page, base: str, path: str, shot: str | None = None) -> None:
    page.goto(f"{base}{path}")
    check(page, path, shot)


def test_every_page_passes_axe(site: tuple[str, str], browser: Any) -> None:
    """G2: signed out, signed in, staff: no serious or critical axe-core violation."""
    base, staff = site
    context = browser.new_context(bypass_csp=True, viewport={"width": 900, "height": 820})
    page = context.new_page()
    mailbox = context.new_page()
    for path, shot in (
        ("/login", "login"), ("/signup", "signup"), ("/forgot", None), ("/help", "help"),
        ("/secure-account?token=x", None), ("/reset?token=x", None), ("/invite?token=x", None),
    ):  # fmt: skip
        visit(page, base, path, shot)

    email = f"a11y-{uuid.uuid4().hex[:8]}@example.com"
    sign_up(page, base, email)
    check(page, "/login/code", "code")
    page.get_by_label("6-digit code").fill("000000")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("Invalid code")
    check(page, "/login/code (error)")
    enter_code(page, code_for(mailbox, base, email))
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    check(page, "/profile", "profile")
    for path in (
        "/profile/activity", "/profile/password", "/profile/email", "/profile/question",
        "/profile/verify?next=/profile/password", "/profile/factors/enable-app", "/dev/mailbox",
        "/applications",
    ):  # fmt: skip
        visit(page, base, path)
    visit(page, base, "/team")
    page.get_by_label("Name").fill("Max Member")
    page.get_by_label("Email").fill(f"max-{uuid.uuid4().hex[:6]}@example.com")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_contain_text("Invitation sent")
    check(page, "/team", "team")

    staff_context = browser.new_context(bypass_csp=True, viewport={"width": 900, "height": 820})
    staff_page = staff_context.new_page()
    staff_page.goto(f"{base}/login")
    staff_page.get_by_label("Email").fill(staff)
    staff_page.get_by_label("Password").fill(STAFF_PASSWORD)
    staff_page.get_by_role("button", name="Continue").click()
    expect(staff_page.get_by_role("heading", name="Check your email")).to_be_visible()
    enter_code(staff_page, code_for(mailbox, base, staff))
    visit(staff_page, base, "/support?status=OPEN", "support")
    staff_context.close()
    context.close()


def test_phone_width_has_no_sideways_scrolling(site: tuple[str, str], browser: Any) -> None:
    """Issue 10: responsive down to a 360 px wide phone."""
    base, _ = site
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    for path in ("/login", "/signup", "/help", "/forgot"):
        page.goto(f"{base}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide"
    page.goto(f"{base}/login")
    if os.environ.get("LATCHKEY_SCREENSHOTS") == "1":
        page.screenshot(path=str(DOCS / "login-phone.png"))
    context.close()
