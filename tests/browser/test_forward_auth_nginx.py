"""I3 with a real reverse proxy: Debian's nginx (`auth_request`) in front of a small app, and
headless Chromium as the person, with and without JavaScript on Latchkey's pages."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.forward_auth_servers import echo_app, nginx_in_front
from tests.browser.steps import code_for, enter_code, log_in, sign_up
from tests.conftest import database_url
from tests.live import free_port, serving


@pytest.fixture(scope="module")
def protected(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(Latchkey, the app behind nginx): Latchkey trusts the proxy and allows its origin."""
    folder = tmp_path_factory.mktemp("forward-auth")
    nginx_port, app_port = free_port(), free_port()
    proxied = f"http://127.0.0.1:{nginx_port}"
    settings = {
        "LATCHKEY_ALLOWED_RETURN_ORIGINS": proxied,
        "LATCHKEY_TRUSTED_PROXIES": "127.0.0.1",
    }
    with (
        serving(folder / "latchkey", database_url(folder), extra_env=settings) as latchkey,
        echo_app(app_port),
        nginx_in_front(folder / "nginx", nginx_port, app_port, latchkey) as app,
    ):
        yield latchkey, app


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_i3_nginx_sends_strangers_to_login_and_back_then_sees_the_logout(
    protected: tuple[str, str], browser: Any, javascript: bool
) -> None:
    """I3, I2, I1: an unauthenticated request goes to Latchkey's login; after password and
    emailed code the person is back on the URL they asked for, and the app receives their
    stable ID; after a logout on Latchkey the next request is sent to the login again."""
    latchkey, app = protected
    email = f"ann-{uuid.uuid4().hex[:8]}@example.com"
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    mailbox = context.new_page()
    sign_up(page, latchkey, email)
    enter_code(page, code_for(mailbox, latchkey, email))
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()

    wanted = f"{app}/reports/2026?view=full&q=a%20b"
    page.goto(wanted)
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    assert page.url.startswith(f"{latchkey}/login?return_to=")
    log_in(page, email)
    enter_code(page, code_for(mailbox, latchkey, email))

    expect(page.get_by_role("heading", name="Reports")).to_be_visible()
    assert page.url == wanted
    me = context.request.get(f"{latchkey}/graphql", params={"query": "{ me { id } }"}).json()
    expect(page.locator("#remote-user")).to_have_text(me["data"]["me"]["id"])
    expect(page.locator("#remote-email")).to_have_text(email)
    expect(page.locator("#remote-groups")).to_have_text("owner")

    page.goto(f"{latchkey}/profile")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.goto(f"{app}/reports/2026")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    assert page.url.startswith(f"{latchkey}/login?return_to=")
    context.close()


def test_i3_nginx_overwrites_forged_identity_headers(protected: tuple[str, str]) -> None:
    """I3: a visitor's own Remote-User header never reaches the app: without a session nginx
    answers with the redirect to the login."""
    latchkey, app = protected
    forged = httpx.get(f"{app}/", headers={"Remote-User": "someone-else"}, timeout=30)
    assert forged.status_code == 302
    assert forged.headers["location"].startswith(f"{latchkey}/login")
