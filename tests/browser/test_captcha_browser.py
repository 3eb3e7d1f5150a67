"""In Chromium: the captcha comes with the form that needs it, or as the email that needs it
is typed (issue 22 #6; R1), the ALTCHA widget solves its proof of work, and without JavaScript
the check is a wait the page states (issue 22 #4; R1, L1)."""

from __future__ import annotations

import re
import secrets
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.conftest import STRONG_PASSWORD, database_url
from tests.live import LIVE_TIMEOUT, WAIT_CEILING_SECONDS, post_graphql, serving, signed_up

WAIT_SECONDS = 3
LOGIN = """mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename } }"""


@pytest.fixture(scope="module")
def strict_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server that asks for the captcha from the first request on."""
    folder = tmp_path_factory.mktemp("captcha-server")
    env = {"LATCHKEY_CAPTCHA_FREE_TRIES": "0", "LATCHKEY_CAPTCHA_WAIT_SECONDS": str(WAIT_SECONDS)}
    with serving(folder, database_url(folder), env) as base:
        yield base


@pytest.fixture(scope="module")
def shipped_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The captcha as shipped (after three failed passwords), with a short no-script wait."""
    folder = tmp_path_factory.mktemp("captcha-shipped")
    env = {"LATCHKEY_CAPTCHA_FREE_TRIES": "3", "LATCHKEY_CAPTCHA_WAIT_SECONDS": str(WAIT_SECONDS)}
    with serving(folder, database_url(folder), env) as base:
        yield base


@pytest.fixture(scope="module")
def proxied_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The captcha as shipped behind a trusted proxy on 127.0.0.1, so each browser and each
    stranger here has an address of its own (X-Forwarded-For)."""
    folder = tmp_path_factory.mktemp("captcha-proxied")
    env = {
        "LATCHKEY_CAPTCHA_FREE_TRIES": "3",
        "LATCHKEY_CAPTCHA_WAIT_SECONDS": str(WAIT_SECONDS),
        "LATCHKEY_TRUSTED_PROXIES": "127.0.0.1",
    }
    with serving(folder, database_url(folder), env) as base:
        yield base


def _fill_sign_up(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/signup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(STRONG_PASSWORD)
    page.get_by_label("Security question").select_option(index=0)
    page.get_by_label("Answer").fill("Fido")


def _press_after_the_wait(page: Page, button: str, done: str) -> None:
    """Without JavaScript: press; pressed too early, the page says how many seconds are left,
    and that is how long the person (this test) waits before pressing again."""
    for _ in range(3):
        page.get_by_role("button", name=button).click()
        heading = page.get_by_role("heading", name=done)
        early = page.get_by_text(re.compile(r"wait (\d+) more seconds?"))
        expect(heading.or_(early)).to_be_visible()
        if heading.is_visible():
            return
        seconds = re.search(r"wait (\d+) more", early.inner_text())
        assert seconds and int(seconds.group(1)) <= WAIT_SECONDS
        page.wait_for_timeout(int(seconds.group(1)) * 1000)
    raise AssertionError("the wait never ended")


def test_r1_issue22_6_the_widget_comes_with_the_form_and_the_first_press_passes(
    strict_server: str, browser: Any
) -> None:
    """#6 (R1): the sign-up form shows the check before any press; the widget solves it and
    the first press signs up, with no request off the server and no CSP error."""
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
    expect(page.locator("altcha-widget")).to_be_visible()
    expect(page.get_by_text("Your browser runs no JavaScript")).to_be_hidden()
    expect(page.locator("input[name=altcha]")).to_have_value(re.compile(".+"))
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert not foreign, foreign
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()


def test_r1_issue22_4_without_javascript_the_check_is_the_wait_the_page_states(
    strict_server: str, browser: Any
) -> None:
    """#4 (R1): with JavaScript off the form states the wait; pressed after it, it signs up."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    _fill_sign_up(page, strict_server, f"nojs-{uuid.uuid4().hex[:8]}@example.com")
    expect(page.get_by_text(f"the button works {WAIT_SECONDS} seconds after")).to_be_visible()
    expect(page.get_by_text("hour")).to_have_count(0)
    _press_after_the_wait(page, "Create account", "Check your email")
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_issue22_4_6_a_strangers_wrong_passwords_do_not_lock_the_owner_out(
    shipped_server: str, browser: Any, javascript: bool
) -> None:
    """#4, #6 (L1, R1): after three wrong passwords for jane from elsewhere her form asks for
    the check; with JavaScript the widget solves it, without it she waits the seconds the page
    states, her password stays typed (#5), and she reaches the code screen."""
    email = f"owner-{uuid.uuid4().hex[:8]}@example.com"
    signed_up(shipped_server, email)
    for n in range(3):
        wrong = post_graphql(shipped_server, LOGIN, e=email, p=f"stranger guess {n}")
        # From 127.0.0.1 too, so an earlier test's failures may have brought the check here.
        assert wrong["login"]["__typename"] in ("InvalidCredentials", "CaptchaRequired")
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{shipped_server}/login?email={email}")
    if javascript:  # #6: the check is on the form before the first press
        expect(page.locator("altcha-widget")).to_be_visible()
        page.get_by_label("Password").fill(STRONG_PASSWORD)
        expect(page.locator("input[name=altcha]")).to_have_value(re.compile(".+"))
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    else:
        expect(page.get_by_text(f"the button works {WAIT_SECONDS} seconds after")).to_be_visible()
        page.get_by_label("Password").fill(STRONG_PASSWORD)
        _press_after_the_wait(page, "Continue", "Check your email")
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_r1_l1_issue22_6_the_check_comes_when_the_typed_email_needs_it(
    proxied_server: str, browser: Any, javascript: bool
) -> None:
    """#6 (R1, L1): three wrong passwords for jane from a stranger's address, unknown to the
    form jane opens from hers; with JavaScript the check appears as she leaves the email field
    and her first press reaches the code screen; without it the first press brings the wait,
    her password stays typed, and after the wait she is in."""
    base = proxied_server
    email = f"typed-{uuid.uuid4().hex[:8]}@example.com"
    signed_up(base, email)
    stranger = {"X-Forwarded-For": f"203.0.113.{secrets.randbelow(250) + 1}"}
    for n in range(3):
        wrong = httpx.post(
            f"{base}/graphql",
            json={"query": LOGIN, "variables": {"e": email, "p": f"stranger guess {n}"}},
            headers=stranger,
            timeout=LIVE_TIMEOUT,
        )
        assert wrong.json()["data"]["login"]["__typename"] == "InvalidCredentials"
    jane = {"X-Forwarded-For": f"198.51.100.{secrets.randbelow(250) + 1}"}
    context = browser.new_context(java_script_enabled=javascript, extra_http_headers=jane)
    page = context.new_page()
    page.goto(f"{base}/login")
    expect(page.locator("altcha-widget")).to_have_count(0)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(STRONG_PASSWORD)
    if javascript:
        expect(page.locator("altcha-widget")).to_be_visible()
        expect(page.locator("input[name=altcha]")).to_have_value(re.compile(".+"))
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    else:
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_text(f"the button works {WAIT_SECONDS} seconds after")).to_be_visible()
        expect(page.get_by_label("Password")).to_have_value(STRONG_PASSWORD)
        _press_after_the_wait(page, "Continue", "Check your email")
    context.close()


def test_g2_issue22_6_the_captcha_fetch_does_not_take_the_keyboard_from_the_password(
    proxied_server: str, browser: Any
) -> None:
    """G2 with #6: the check fetched as the email field is left can arrive while the person
    types the password; focus stays in the password field (it jumped to the heading, and the
    rest of the password and the Enter were lost: seen on a busy machine in CI)."""
    base = proxied_server  # an address of its own: no check due yet, so the form fetches it
    email = f"focus-{uuid.uuid4().hex[:8]}@example.com"
    signed_up(base, email)
    own = {"X-Forwarded-For": f"192.0.2.{secrets.randbelow(250) + 1}"}
    context = browser.new_context(extra_http_headers=own)
    page = context.new_page()
    held: list[Any] = []
    page.route("**/login/captcha*", lambda route: held.append(route))  # answered when we say
    page.goto(f"{base}/login")
    page.get_by_label("Email").focus()
    page.keyboard.type(email)
    page.keyboard.press("Tab")  # leaving the email field fetches the check
    half = len(STRONG_PASSWORD) // 2
    page.keyboard.type(STRONG_PASSWORD[:half])
    page.wait_for_function("() => document.activeElement.id === 'password'")
    deadline = time.monotonic() + WAIT_CEILING_SECONDS
    while not held:  # the fetch reaches the route (handlers run while Playwright waits)
        assert time.monotonic() < deadline, "the email field did not fetch the check"
        page.wait_for_timeout(50)
    page.evaluate(
        "() => { window.settled = false; document.addEventListener('htmx:afterSettle',"
        " () => { window.settled = true; }, {once: true}); }"
    )
    held[0].continue_()
    page.wait_for_function("() => window.settled === true")  # swapped and settled
    page.keyboard.type(STRONG_PASSWORD[half:])
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    context.close()
