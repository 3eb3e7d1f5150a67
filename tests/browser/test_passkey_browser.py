"""In Chromium with a virtual authenticator (CDP): add a passkey, log out, sign in with it (PK1,
PK2), and with it alone (PK3). WebAuthn needs a domain, not an IP address, so this server
answers at localhost."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.steps import code_for, enter_code, sign_up
from tests.conftest import STRONG_PASSWORD, database_url
from tests.live import serving

# A browser that offers no passkeys in autofill (no conditional mediation).
NO_AUTOFILL = "PublicKeyCredential.isConditionalMediationAvailable = async () => false"


@pytest.fixture(scope="module")
def localhost_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("passkeys")
    with serving(folder, database_url(folder), host="localhost") as base:
        yield base


def _log_in(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="Continue").click()


def _with_passkey(
    browser: Any, base: str, email: str, name: str, *, autofill: bool = True
) -> tuple[Any, Any, Any, str]:
    """A browser with a CDP virtual authenticator (resident keys, user verification on) whose
    new account added a passkey on the profile: (context, page, CDP session, authenticator)."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    if not autofill:
        page.add_init_script(NO_AUTOFILL)
    mailbox = context.new_page()
    sign_up(page, base, email)
    enter_code(page, code_for(mailbox, base, email))
    page.bring_to_front()  # WebAuthn works only in the focused tab
    page.get_by_role("link", name="Add a passkey").click()
    page.get_by_label("Name it").fill(name)
    page.get_by_label("Current password").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Create passkey").click()
    return context, page, cdp, str(authenticator["authenticatorId"])


def test_pk1_pk2_register_a_passkey_and_sign_in_with_it(
    localhost_server: str, browser: Any
) -> None:
    base = localhost_server
    email = f"passkey-{uuid.uuid4().hex[:8]}@example.com"
    # The passkey as a second factor: the login page's autofill (PK3) would sign in first.
    context, page, _, _ = _with_passkey(browser, base, email, "Test laptop", autofill=False)
    expect(page.get_by_role("status")).to_contain_text("Your passkey was added")
    expect(page.get_by_text("Test laptop", exact=True)).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    _log_in(page, base, email)
    expect(page.get_by_role("heading", name="Use your passkey")).to_be_visible()
    page.get_by_role("button", name="Use passkey").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    passkey_row = page.locator("li", has=page.get_by_text("Test laptop", exact=True))
    expect(passkey_row).to_contain_text("last used")
    context.close()

    # Without JavaScript the passkey cannot run: the page says so, and email still works.
    plain = browser.new_context(java_script_enabled=False)
    other = plain.new_page()
    _log_in(other, base, email)
    expect(other.get_by_text("Passkeys need JavaScript")).to_be_visible()
    other.get_by_text("Try another method", exact=True).click()
    other.get_by_role("button", name="Email").click()
    expect(other.get_by_role("heading", name="Check your email")).to_be_visible()
    enter_code(other, code_for(plain.new_page(), base, email))
    expect(other.get_by_role("heading", name="Your profile")).to_be_visible()
    plain.close()


def test_pk3_sign_in_with_a_passkey_alone_by_button_and_by_autofill(
    localhost_server: str, browser: Any
) -> None:
    """PK3: a passkey added on the profile signs in from the login page with no email and no
    password, by the button and by the email field's autofill (conditional mediation); with
    JavaScript off the page is the password form alone."""
    base = localhost_server
    email = f"passwordless-{uuid.uuid4().hex[:8]}@example.com"
    context, page, cdp, authenticator_id = _with_passkey(browser, base, email, "Laptop")
    expect(page.get_by_text("signs in without a password")).to_be_visible()
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})[
        "credentials"
    ]
    assert [c["isResidentCredential"] for c in credentials] == [True]

    # Autofill: logging out lands on the login page, whose conditional request is answered as
    # soon as the virtual authenticator is asked (it picks the only passkey at once), so that
    # page signs in by itself. (No page.goto here: one issued while the logout or this
    # sign-in is on its way cancels it, and the test then judged a race, not the page.)
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("(passkey, no password)")).to_be_visible()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()

    # The button, in a browser without autofill for passkeys (from the next page on).
    page.add_init_script(NO_AUTOFILL)
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.locator("#email")).to_have_attribute("autocomplete", "username webauthn")
    page.get_by_role("button", name="Sign in with a passkey").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    expect(page.get_by_text("(passkey, no password)")).to_have_count(2)
    context.close()

    plain = browser.new_context(java_script_enabled=False)
    other = plain.new_page()
    other.goto(f"{base}/login")
    expect(other.get_by_label("Password")).to_be_visible()
    expect(other.get_by_role("button", name="Sign in with a passkey")).to_be_hidden()
    plain.close()
