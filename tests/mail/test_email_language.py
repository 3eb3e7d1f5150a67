"""X1 with X2: an email is written in its recipient's stored language (User.language), not
in the language of whoever caused it; both parts are, and the code email stays recognisable:
the same sender, and the subject the catalog gives for "Your authentication code"."""

from __future__ import annotations

import httpx

from backend.i18n import N_
from backend.mail.dev_sink import DevMailbox
from backend.models import User
from tests.api.flows import login, signed_up_user
from tests.conftest import code_from
from tests.mail.helpers import alternative_parts

JANE = "jane@example.com"
REQUEST_RESET = "mutation($email: String!) { requestPasswordReset(email: $email) { __typename } }"


async def test_x1_x2_the_reset_email_is_in_the_recipients_language_not_the_requesters(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """X1: Jane chose German; a reset asked for from a Spanish browser still reaches her in
    German, text and HTML alike, and the HTML says so in its lang attribute."""
    await signed_up_user(client, mailbox)
    await User.filter(email=JANE).update(language="de")
    await gql_in_spanish(client, REQUEST_RESET, email=JANE)
    mail = mailbox.latest_to(JANE)
    assert mail is not None
    assert mail.subject == N_("Reset your password").translate("de")
    text, html = alternative_parts(mail)
    assert "Wählen Sie hier ein neues Passwort:" in text
    assert "Wählen Sie hier ein neues Passwort:" in html and '<html lang="de">' in html
    assert "Choose a new password" not in text + html


async def test_x1_l4_the_code_email_stays_recognisable_in_every_language(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """X1, L4: in Spanish the code email comes from the same notifications address, with the
    catalog's subject for "Your authentication code", and the code in both parts."""
    await signed_up_user(client, mailbox)
    await User.filter(email=JANE).update(language="es")
    await login(client)
    mail = mailbox.latest_to(JANE)
    assert mail is not None
    assert (
        mail.subject
        == N_("Your authentication code").translate("es")
        != ("Your authentication code")
    )
    assert mail.message["From"] == "Latchkey <notifications@latchkey.example>"
    text, html = alternative_parts(mail)
    code = code_from(mailbox, JANE)
    assert code in text and code in html
    assert text.startswith("Tu código de autenticación de Latchkey es:")


async def test_x1_without_a_stored_language_emails_are_english(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """X1: an account that never chose a language gets English, whatever the browser sent."""
    await signed_up_user(client, mailbox)
    await gql_in_spanish(client, REQUEST_RESET, email=JANE)
    mail = mailbox.latest_to(JANE)
    assert mail is not None and mail.subject == "Reset your password"


async def gql_in_spanish(http: httpx.AsyncClient, query: str, **variables: str) -> None:
    response = await http.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Accept-Language": "es"},
    )
    assert response.status_code == 200 and "errors" not in response.json()
