"""X1 in Chromium: sign-up and login in each shipped language, on a 360 px phone.

The language is picked with the switcher under the login form (a plain form, no script
needed); every page on the way is checked with axe-core, carries `<html lang>` of the
language, and has no sideways scrolling (German's long words are the test). With
LATCHKEY_SCREENSHOTS=1 the login page of each language is saved to docs/.
"""

from __future__ import annotations

import os
import uuid
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import code_for
from tests.browser.test_accessibility import DOCS, serious_violations
from tests.conftest import STRONG_PASSWORD

# What a person reads on the way, in each language (as the catalogs say it).
WORDS = {
    "en": {
        "switch": "English",
        "log_in": "Log in",
        "create_link": "Create an account",
        "create_heading": "Create an account",
        "email": "Email",
        "password": "Password",
        "question": "Security question",
        "answer": "Answer",
        "create": "Create account",
        "check_email": "Check your email",
        "code": "6-digit code",
        "profile": "Your profile",
        "log_out": "Log out",
        "continue": "Continue",
    },
    "de": {
        "switch": "Deutsch",
        "log_in": "Anmelden",
        "create_link": "Konto erstellen",
        "create_heading": "Konto erstellen",
        "email": "E-Mail",
        "password": "Passwort",
        "question": "Sicherheitsfrage",
        "answer": "Antwort",
        "create": "Konto erstellen",
        "check_email": "Sehen Sie in Ihren E-Mails nach",
        "code": "6-stelliger Code",
        "profile": "Ihr Profil",
        "log_out": "Abmelden",
        "continue": "Weiter",
    },
    "es": {
        "switch": "Español",
        "log_in": "Iniciar sesión",
        "create_link": "Crear una cuenta",
        "create_heading": "Crear una cuenta",
        "email": "Correo electrónico",
        "password": "Contraseña",
        "question": "Pregunta de seguridad",
        "answer": "Respuesta",
        "create": "Crear cuenta",
        "check_email": "Revisa tu correo",
        "code": "Código de 6 dígitos",
        "profile": "Tu perfil",
        "log_out": "Cerrar sesión",
        "continue": "Continuar",
    },
}


def audited(page: Page, language: str, what: str) -> None:
    """The page as it is now: in `language`, axe-clean, no wider than the phone."""
    expect(page.locator("html")).to_have_attribute("lang", language)
    problems = serious_violations(page)
    assert not problems, f"{language} {what}: {problems}"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{language} {what} is {width}px wide"


def exact(page: Page, role: str, name: str) -> Any:
    return page.get_by_role(role, name=name, exact=True)  # type: ignore[arg-type]


@pytest.mark.parametrize("language", ["de", "es", "en"])
def test_x1_sign_up_and_log_in_in_each_language(
    live_server: str, browser: Any, language: str
) -> None:
    words = WORDS[language]
    email = f"x1-{language}-{uuid.uuid4().hex[:8]}@example.com"
    # axe is injected as an inline script, which the pages' CSP (rightly) refuses.
    context = browser.new_context(
        bypass_csp=True, viewport={"width": 360, "height": 740}, locale="en-US"
    )
    page = context.new_page()
    mailbox = context.new_page()

    page.goto(f"{live_server}/login")
    exact(page, "button", words["switch"]).click()
    expect(exact(page, "heading", words["log_in"])).to_be_visible()
    audited(page, language, "login")
    if os.environ.get("LATCHKEY_SCREENSHOTS") == "1":
        DOCS.mkdir(exist_ok=True)
        page.screenshot(path=str(DOCS / f"login-{language}.png"), full_page=True)

    exact(page, "link", words["create_link"]).click()
    expect(exact(page, "heading", words["create_heading"])).to_be_visible()
    audited(page, language, "sign-up")
    page.get_by_label(words["email"], exact=True).fill(email)
    page.get_by_label(words["password"], exact=True).fill(STRONG_PASSWORD)
    page.get_by_label(words["question"], exact=True).select_option(index=0)
    page.get_by_label(words["answer"], exact=True).fill("Fido")
    exact(page, "button", words["create"]).click()
    expect(exact(page, "heading", words["check_email"])).to_be_visible()
    audited(page, language, "code")
    page.get_by_label(words["code"]).fill(code_for(mailbox, live_server, email))
    exact(page, "button", words["log_in"]).click()
    expect(exact(page, "heading", words["profile"])).to_be_visible()
    audited(page, language, "profile")

    exact(page, "button", words["log_out"]).click()
    expect(exact(page, "heading", words["log_in"])).to_be_visible()
    page.get_by_label(words["email"], exact=True).fill(email)
    page.get_by_label(words["password"], exact=True).fill(STRONG_PASSWORD)
    exact(page, "button", words["continue"]).click()
    expect(exact(page, "heading", words["check_email"])).to_be_visible()
    page.get_by_label(words["code"]).fill(code_for(mailbox, live_server, email))
    exact(page, "button", words["log_in"]).click()
    expect(exact(page, "heading", words["profile"])).to_be_visible()
    context.close()
