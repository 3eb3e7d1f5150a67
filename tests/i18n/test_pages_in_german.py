"""X1: what a German reader sees on the signed-in pages, beyond the templates' own text: the
security question chosen from our list, browsers' names, applications' permissions."""

from __future__ import annotations

import httpx
import pytest

from backend.clock import FrozenClock
from backend.i18n import use_language
from backend.mail.dev_sink import DevMailbox
from backend.services.accounts import SECURITY_QUESTIONS, shown_question
from backend.services.user_agents import describe
from backend.web.oidc import SCOPE_DESCRIPTIONS
from tests.api.flows import signed_up_user
from tests.api.test_session_management import FIREFOX
from tests.pages.helpers import csrf_of, post_form
from tests.pages.test_login_pages import SIGNUP_FIELDS

PET = "What was the name of your first pet?"


async def test_x1_the_profile_shows_our_question_and_the_browser_in_german(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    client.headers.update({"Accept-Language": "de", "User-Agent": FIREFOX})
    client.cookies.set("latchkey_session", await signed_up_user(client, mailbox))
    profile = (await client.get("/profile")).text
    assert "Wie hieß Ihr erstes Haustier?" in profile and PET not in profile
    assert "Firefox unter Windows" in profile and "Firefox on Windows" not in profile
    activity = (await client.get("/profile/activity")).text
    assert "Firefox unter Windows" in activity
    question = (await client.get("/profile/question")).text
    assert '<option value="Wie hieß Ihr erstes Haustier?">' in question  # the suggestions


def test_x1_a_question_of_ones_own_is_shown_as_written() -> None:
    with use_language("de"):
        assert shown_question("Who is 100% my hero?") == "Who is 100% my hero?"
        assert shown_question(SECURITY_QUESTIONS[0]) == "Wie hieß Ihr erstes Haustier?"


@pytest.mark.parametrize(
    ("user_agent", "german"),
    [(FIREFOX, "Firefox unter Windows"), ("", "Unbekanntes Gerät"), ("curl/8.0", "curl")],
)
def test_x1_browsers_are_named_in_the_readers_language(user_agent: str, german: str) -> None:
    assert describe(user_agent).translate("de") == german


def test_x1_an_applications_permissions_are_listed_in_german() -> None:
    """I4: the consent page lists what an application may do, in the reader's language."""
    german = {scope: text.translate("de") for scope, text in SCOPE_DESCRIPTIONS.items()}
    assert german["email"] == "Ihre E-Mail-Adresse sehen"
    assert all(german[scope] != text.msgid for scope, text in SCOPE_DESCRIPTIONS.items())


async def test_x1_resend_on_the_code_page_says_so_in_german(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    """X1, L4: the notice after Resend was outside the catalog."""
    client.headers["Accept-Language"] = "de"
    await post_form(client, "/signup", SIGNUP_FIELDS)
    data = {"csrf_token": csrf_of((await client.get("/login/code")).text)}
    clock.advance(seconds=30)
    sent = await client.post("/login/code/resend", data=data)
    assert "Wir haben Ihnen einen neuen Code gesendet." in sent.text
    assert "We sent you a new code." not in sent.text
