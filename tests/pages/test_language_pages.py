"""X1: pages and GraphQL messages in the reader's language (switcher, Accept-Language)."""

from __future__ import annotations

import re

import httpx

from backend.mail.dev_sink import DevMailbox
from backend.models import User
from tests.conftest import asgi_client, code_from
from tests.pages.helpers import HTMX, post_form
from tests.pages.test_login_pages import SIGNUP_FIELDS


async def test_x1_login_page_follows_accept_language(client: httpx.AsyncClient) -> None:
    german = await client.get("/login", headers={"Accept-Language": "de-CH, en;q=0.5"})
    assert '<html lang="de">' in german.text and "<h1>Anmelden</h1>" in german.text
    spanish = await client.get("/login", headers={"Accept-Language": "fr, es;q=0.8"})
    assert '<html lang="es">' in spanish.text and "Iniciar sesión" in spanish.text
    unknown = await client.get("/login", headers={"Accept-Language": "fr, ja"})
    assert '<html lang="en">' in unknown.text and "<h1>Log in</h1>" in unknown.text


async def test_x1_switcher_keeps_the_choice_without_javascript(client: httpx.AsyncClient) -> None:
    """A plain form: the choice wins over Accept-Language on this browser from then on."""
    client.headers["Accept-Language"] = "de"
    picked = await post_form(client, "/language", {"language": "es", "next": "/login?x=1"})
    assert picked.status_code == 303 and picked.headers["location"] == "/login?x=1"
    page = await client.get("/login")
    assert '<html lang="es">' in page.text and "<h1>Iniciar sesión</h1>" in page.text
    assert 'lang="es" aria-current="true"' in page.text  # the switcher shows what is on


async def test_x1_switcher_goes_back_only_to_this_site(client: httpx.AsyncClient) -> None:
    picked = await post_form(client, "/language", {"language": "de", "next": "//evil.example/"})
    assert picked.headers["location"] == "/login"


async def test_x1_graphql_messages_follow_accept_language(client: httpx.AsyncClient) -> None:
    """API clients: the stable `code` stays, the `message` is in the asked language."""
    query = (
        'mutation { login(email: "nobody@example.com", password: "not the password") '
        "{ ... on UserError { code message } } }"
    )
    answer = await client.post("/graphql", json={"query": query}, headers={"Accept-Language": "de"})
    refused = answer.json()["data"]["login"]
    assert refused == {
        "code": "invalid_credentials",
        "message": "E-Mail-Adresse oder Passwort ist falsch.",
    }


async def _signed_up(client: httpx.AsyncClient, mailbox: DevMailbox) -> None:
    await post_form(client, "/signup", SIGNUP_FIELDS)
    await post_form(client, "/login/code", {"code": code_from(mailbox, "jane@example.com")})


async def test_x1_sign_up_in_german_keeps_german_and_the_code_email_recognisable(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """The language signed up in is stored; the code email is in it, from the usual sender,
    and its subject still carries the English one people are told to search for."""
    client.headers["Accept-Language"] = "de"
    await post_form(client, "/signup", SIGNUP_FIELDS)
    mail = mailbox.latest_to("jane@example.com")
    assert mail is not None
    assert mail.subject == "Ihr Anmeldecode (Your authentication code)"
    assert "Ihr Anmeldecode für Latchkey lautet:" in mail.body
    assert "notifications@latchkey.example" in mail.sender
    assert '<html lang="de">' in mail.html
    assert (await User.get(email="jane@example.com")).language == "de"
    code_page = await client.get("/login/code")
    assert "„Ihr Anmeldecode (Your authentication code)“" in code_page.text


async def test_x1_profile_choice_wins_and_emails_follow_the_recipient(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """Stored on the account: pages use it whatever the browser asks, and an email caused by
    someone else's browser (a reset asked in German) is in the recipient's language."""
    await _signed_up(client, mailbox)
    picked = await post_form(client, "/profile/language", {"language": "es"})
    assert picked.status_code == 303
    client.headers["Accept-Language"] = "de"
    client.cookies.delete("latchkey_language")
    profile = await client.get("/profile?notice=language")
    assert '<html lang="es">' in profile.text and "Idioma guardado." in profile.text
    # X1: times in the activity log in the language's own format, with the zone.
    assert re.search(r"\d{1,2} \w{3} \d{4}, \d{1,2}:\d{2} UTC", profile.text)
    stranger = asgi_client(client._transport.app)  # type: ignore[attr-defined]
    async with stranger:
        stranger.headers["Accept-Language"] = "de"
        await post_form(stranger, "/forgot", {"email": "jane@example.com"})
    reset = mailbox.latest_to("jane@example.com")
    assert reset is not None and reset.subject == "Restablece tu contraseña"


async def test_x1_htmx_fragment_in_another_language_loads_the_page_whole(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """After signing in, the account's language may differ from the document's: HTMX is
    told to load the page whole, so `<html lang>` and every string agree."""
    await _signed_up(client, mailbox)
    await post_form(client, "/profile/language", {"language": "de"})
    fragment = await client.get("/profile", headers={**HTMX, "X-Page-Language": "en"})
    assert fragment.status_code == 204 and fragment.headers["HX-Redirect"] == "/profile"
    same = await client.get("/profile", headers={**HTMX, "X-Page-Language": "de"})
    assert same.status_code == 200 and "<h1>Ihr Profil</h1>" in same.text
