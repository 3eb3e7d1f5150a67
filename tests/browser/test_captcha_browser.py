"""In Chromium: the ALTCHA widget solves its proof of work and the form goes through (R1)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import STRONG_PASSWORD, database_url
from tests.live import serving


@pytest.fixture(scope="module")
def strict_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server that asks for the captcha from the first request on."""
    folder = tmp_path_factory.mktemp("captcha-server")
    with serving(folder, database_url(folder), {"LATCHKEY_CAPTCHA_FREE_TRIES": "0"}) as base:
        yield base


def _fill_sign_up(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/signup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(STRONG_PASSWORD)
    page.get_by_label("Security question").select_option(index=0)
    page.get_by_label("Answer").fill("Fido")
    page.get_by_role("button", name="Create account").click()


def test_r1_altcha_widget_is_solved_in_the_browser(strict_server: str, browser: Any) -> None:
    """R1: asked for the check, the widget solves it and the sign-up goes through."""
    context = browser.new_context()
    page = context.new_page()
    foreign: list[str] = []
    page.on(
        "request",
        lambda request: (
            foreign.append(request.url)
            if not request.url.startswith((strict_server, "data:", "blob:"))
            else None
        ),
    )
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    _fill_sign_up(page, strict_server, f"robot-{uuid.uuid4().hex[:8]}@example.com")
    expect(page.get_by_role("alert")).to_contain_text("not a robot")
    expect(page.locator("altcha-widget")).to_be_visible()
    expect(page.get_by_text("This check needs JavaScript")).to_be_hidden()
    page.wait_for_function(
        "() => { const f = document.querySelector('input[name=altcha]'); return f && f.value }",
        timeout=20000,
    )
    page.get_by_label("Password").fill(STRONG_PASSWORD)
    page.get_by_label("Answer").fill("Fido")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert not foreign, foreign
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()


def test_r1_without_javascript_the_page_says_what_to_do(strict_server: str, browser: Any) -> None:
    """R1: with JavaScript off the check cannot run; the page says so rather than fail silently."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    _fill_sign_up(page, strict_server, f"nojs-{uuid.uuid4().hex[:8]}@example.com")
    expect(page.get_by_text("This check needs JavaScript")).to_be_visible()
    context.close()
