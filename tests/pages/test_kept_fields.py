"""Forms keep what people typed (issue 22 #5; L1, R1, A1, S2, I5): every field but passwords
after a refusal, and the password too when the refusal was not the person's mistake."""

from __future__ import annotations

import httpx
import pytest

from backend.config import Settings
from backend.mail.dev_sink import DevMailbox
from backend.models import User
from tests.api.flows import signed_up_user
from tests.conftest import STRONG_PASSWORD
from tests.oidc.helpers import signed_in
from tests.pages.helpers import post_form


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The captcha as shipped: asked after three failed passwords."""
    return settings.model_copy(update={"captcha_free_tries": 3})


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
async def test_l1_a_captcha_round_keeps_the_password_a_wrong_one_does_not(
    client: httpx.AsyncClient, mailbox: DevMailbox, htmx: bool
) -> None:
    """L1, R1: a wrong password is typed again; when the captcha is asked for, the password
    just typed stays in the form, so solving the check is the only thing left to do."""
    await signed_up_user(client, mailbox)
    client.cookies.clear()
    for n in range(3):
        wrong = await post_form(
            client,
            "/login",
            {"email": "jane@example.com", "password": f"wrong guess {n}"},
            htmx=htmx,
        )
        assert "Incorrect email or password." in wrong.text
        assert f"wrong guess {n}" not in wrong.text
    asked = await post_form(
        client, "/login", {"email": "jane@example.com", "password": STRONG_PASSWORD}, htmx=htmx
    )
    assert "altcha" in asked.text.lower()
    assert (
        f'autocomplete="current-password" required maxlength="128" value="{STRONG_PASSWORD}"'
        in (asked.text)
    )
    assert 'value="jane@example.com"' in asked.text


SIGN_UP = {
    "password": STRONG_PASSWORD,
    "question": "custom",
    "custom_question": "Who taught me to swim?",
    "answer": "Aunt Ada",
}


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
async def test_issue22_5_a_sign_up_keeps_everything_typed_and_the_password_for_the_check(
    client: httpx.AsyncClient, htmx: bool
) -> None:
    """#5 (A1, R1): a refused sign-up keeps the email, question and answer; when only the
    check is missing the password stays too; a weak password is typed again."""
    weak = await post_form(
        client, "/signup", {**SIGN_UP, "email": "ada@example.com", "password": "abc"}, htmx=htmx
    )
    assert weak.status_code == 400
    assert 'value="ada@example.com"' in weak.text and "Aunt Ada" in weak.text
    assert "Who taught me to swim?" in weak.text and 'value="abc"' not in weak.text
    for n in range(3):  # the address's free sign-ups (the captcha as shipped)
        await post_form(client, "/signup", {**SIGN_UP, "email": f"s{n}@example.com"}, htmx=htmx)
    asked = await post_form(client, "/signup", {**SIGN_UP, "email": "ada@example.com"}, htmx=htmx)
    assert "<altcha-widget" in asked.text
    assert f'maxlength="128" value="{STRONG_PASSWORD}"' in asked.text
    assert "Aunt Ada" in asked.text and 'value="ada@example.com"' in asked.text


async def test_issue22_5_a_refused_new_security_question_keeps_what_was_typed(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """#5 (S2): after support reset the question, a refused new one keeps question and answer."""
    await signed_up_user(client, mailbox)
    await User.filter(email="jane@example.com").update(security_question_reset=True)
    refused = await post_form(
        client, "/profile/new-question", {"new_question": "Who was my hero?", "new_answer": ""}
    )
    assert refused.status_code == 400
    assert 'value="Who was my hero?"' in refused.text


async def test_issue22_5_a_refused_application_keeps_its_ticked_boxes(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """#5 (I5): a refused registration keeps the name, the URIs and the ticked boxes."""
    await signed_in(client, mailbox, "owner@example.com")
    fields = {"name": "Wiki", "redirect_uris": "ftp://x", "public": "yes", "first_party": "yes"}
    refused = await post_form(client, "/applications", fields)
    assert refused.status_code == 400 and "ftp://x" in refused.text
    assert refused.text.count(" checked>") == 2
