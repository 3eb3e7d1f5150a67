"""Forms keep what people typed when the refusal was not their mistake (issue 22 #5; L1, R1)."""

from __future__ import annotations

import httpx
import pytest

from backend.config import Settings
from backend.mail.dev_sink import DevMailbox
from tests.api.flows import signed_up_user
from tests.conftest import STRONG_PASSWORD
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
