"""X1, I4: what a person reads on Latchkey's side of an application's sign-in, in German."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from backend.mail.dev_sink import DevMailbox
from tests.oidc.helpers import authorize_url, register, signed_in

EMAIL = "jane@example.com"


async def test_x1_the_consent_page_lists_what_the_application_may_do_in_german(
    app: Starlette, client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    client.headers["Accept-Language"] = "de"  # she signs up in German: her stored language
    made = await register(app, first_party=False, name="Photo Printer")
    await signed_in(client, mailbox, EMAIL)
    page = await client.get(authorize_url(made.client.client_id))
    assert page.status_code == 200
    assert "Wissen, wer Sie sind (eine Kennung, die gleich bleibt)" in page.text
    assert "Ihre E-Mail-Adresse sehen" in page.text and "See your email address" not in page.text


async def test_x1_an_applications_invalid_request_is_explained_in_german(
    app: Starlette, client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    client.headers["Accept-Language"] = "de"
    made = await register(app)
    await signed_in(client, mailbox, EMAIL)
    wrong = "https://app.example.com/callback/"
    response = await client.get(authorize_url(made.client.client_id, redirect_uri=wrong))
    assert response.status_code == 400
    assert "Die Anwendung hat eine ungültige Anfrage gesendet" in response.text
    assert "The application sent an invalid request" not in response.text
