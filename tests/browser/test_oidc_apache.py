"""Apache's mod_auth_openidc (Debian's) protects a page with Latchkey as its OpenID Provider
(I1, I2, I4): in headless Chromium a person opens the page, signs in on Latchkey with password
and emailed code, allows the application, and sees the page with their `sub` and email;
with JavaScript on Latchkey's pages and without."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.steps import enter_code
from tests.conftest import STRONG_PASSWORD, database_url
from tests.live import (
    code_in_mailbox,
    free_port,
    post_graphql,
    serving,
    signed_up,
)
from tests.oidc.apache import apache_available, apache_protecting
from tests.oidc.test_relying_party import registered

if not apache_available():
    if os.environ.get("LATCHKEY_REQUIRE_BROWSER") == "1":
        pytest.fail("apache2 with mod_auth_openidc is missing (.ci/run installs it)")
    pytest.skip("apache2 with mod_auth_openidc is missing", allow_module_level=True)


@pytest.fixture(scope="module")
def protected(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """Latchkey, and Apache protecting a page with it; yields both URLs."""
    folder = tmp_path_factory.mktemp("apache-oidc")
    url = database_url(folder)
    port = free_port()
    with serving(folder, url) as base:
        callback = f"http://127.0.0.1:{port}/protected/redirect_uri"
        client_id, secret = registered(url, redirect=callback)  # not first-party: consent
        assert secret
        with apache_protecting(base, client_id, secret, port) as page_url:
            yield base, page_url


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_i4_apache_mod_auth_openidc_signs_a_person_in(
    protected: tuple[str, str], browser: Any, javascript: bool
) -> None:
    base, page_url = protected
    email = f"apache-{'js' if javascript else 'nojs'}@example.com"
    session = signed_up(base, email)
    me = post_graphql(base, "{ me { id } }", bearer=session)["me"]
    context = browser.new_context(java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(page_url)
        expect(page.get_by_role("heading", name="Log in")).to_be_visible()
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(STRONG_PASSWORD)
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
        enter_code(page, code_in_mailbox(base, email))
        expect(page.get_by_role("heading", name=re.compile("^Allow Wiki"))).to_be_visible()
        page.get_by_role("button", name="Allow").click()
        expect(page.get_by_role("heading", name="Protected page")).to_be_visible()
        expect(page.locator("#email")).to_have_text(email)
        expect(page.locator("#sub")).to_have_text(me["id"])
        assert page.url.startswith(page_url)
    finally:
        context.close()
