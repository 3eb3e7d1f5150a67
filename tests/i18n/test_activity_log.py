"""X1, SE3: the activity log is in the reader's language, its details included.

Entries keep a stable kind and values, never an English sentence, so a German or Spanish
reader sees the same entries in their own words (and rows from before 0010 too)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from backend.i18n import use_language
from backend.mail.dev_sink import DevMailbox
from backend.models import EventKind, Factor, SecurityEvent
from backend.services.activity_details import Detail, DetailKind, factor_detail, of_event
from backend.services.login.sign_in import PASSKEY_ALONE, REMEMBERED_DEVICE, Proof
from tests.api.flows import login, signed_up_user, verify
from tests.api.test_session_management import FIREFOX, OTHERS
from tests.conftest import code_from, gql

ACTIVITY = "{ me { activity { events { kind description detail } } } }"


async def activity_in(http: httpx.AsyncClient, bearer: str, language: str) -> list[Any]:
    response = await http.post(
        "/graphql",
        json={"query": ACTIVITY},
        headers={"Authorization": f"Bearer {bearer}", "Accept-Language": language},
    )
    body = response.json()
    assert "errors" not in body, body
    events: list[Any] = body["data"]["me"]["activity"]["events"]
    return events


async def test_x1_activity_details_are_in_the_readers_language(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """X1, SE3: a German reader sees "E-Mail-Code" and "1 andere Sitzung", not English."""
    client.headers["Accept-Language"] = "de"  # she signs up in German: her stored language
    first = await signed_up_user(client, mailbox)
    started = await login(client)
    await verify(client, started["loginToken"], code_from(mailbox, "jane@example.com"))
    await gql(client, OTHERS, bearer=first)

    german = await activity_in(client, first, "de")
    assert german[0] == {
        "kind": "SESSION_ENDED",
        "description": "Anderswo abgemeldet",
        "detail": "1 andere Sitzung",
    }
    assert {"kind": "SIGNED_IN", "description": "Angemeldet", "detail": "E-Mail-Code"} in german


@pytest.mark.parametrize(
    ("detail", "german", "spanish"),
    [
        (factor_detail(Factor.APP), "Authenticator-App", "aplicación de autenticación"),
        (
            PASSKEY_ALONE.how.with_new_device(),
            "von einem neuen Gerät, Passkey, ohne Passwort",
            "desde un dispositivo nuevo, llave de acceso, sin contraseña",
        ),
        (REMEMBERED_DEVICE.how, "mit einem gemerkten Gerät", "con un dispositivo recordado"),
        (
            Proof.two_factors(Factor.RECOVERY_CODE).how,
            "Wiederherstellungscode",
            "código de recuperación",
        ),
        (
            Detail(DetailKind.OTHER_SESSIONS, {"count": 3}),
            "3 andere Sitzungen",
            "3 otras sesiones",
        ),
        (
            Detail(DetailKind.FACTORS_RESET, {"app": 1, "passkeys": 1, "by": "o@example.com"}),
            "Authenticator-App und Passkeys zurückgesetzt von o@example.com",
            "aplicación de autenticación y llaves de acceso restablecidas por o@example.com",
        ),
        (Detail(DetailKind.NAME, {"name": "Wiki 100%"}), "Wiki 100%", "Wiki 100%"),
    ],
)
def test_x1_each_detail_is_worded_where_it_is_shown(
    detail: Detail, german: str, spanish: str
) -> None:
    assert detail.text().translate("de") == german
    assert detail.text().translate("es") == spanish


@pytest.mark.parametrize(
    ("kind", "stored", "german"),
    [
        (EventKind.SIGNED_IN, "email code", "E-Mail-Code"),
        (
            EventKind.SIGNED_IN,
            "from a new device, authenticator app",
            "von einem neuen Gerät, Authenticator-App",
        ),
        (EventKind.SIGNED_IN, "passkey, no password", "Passkey, ohne Passwort"),
        (EventKind.SESSION_ENDED, "2 other sessions", "2 andere Sitzungen"),
        (EventKind.FACTOR_ENABLED, "passkey Work laptop", "Passkey Work laptop"),
        (
            EventKind.FACTOR_DISABLED,
            "authenticator app reset by owner@example.com",
            "Authenticator-App zurückgesetzt von owner@example.com",
        ),
        (
            EventKind.ACCOUNT_DEACTIVATED,
            "by support (s@example.com)",
            "vom Support (s@example.com)",
        ),
        (EventKind.EMAIL_CHANGED, "to new@example.com", "auf new@example.com"),
        (EventKind.PASSWORD_CHANGED, "with a reset link", "mit einem Link zum Zurücksetzen"),
        # A name is shown as it is, even when it reads like a sentence we once wrote.
        (EventKind.APP_AUTHORIZED, "to do@example.com", "to do@example.com"),
        (EventKind.SIGNED_IN, "something a later release wrote", "something a later release wrote"),
    ],
)
def test_x1_rows_from_before_0010_are_read_back_and_translated(
    kind: EventKind, stored: str, german: str
) -> None:
    """X1, O1: an English sentence stored by an older release is shown in the reader's words."""
    event = SecurityEvent(kind=kind, detail=stored, detail_kind="", detail_params=None)
    with use_language("de"):
        assert str(of_event(event)) == german


async def test_x1_a_new_device_alert_words_the_detail_in_the_recipients_language(
    app: Starlette, client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """X1, SE2: the alert's "what" and "browser" lines are German for a German account."""
    client.headers["Accept-Language"] = "de"
    await signed_up_user(client, mailbox)
    client.headers.update({"Accept-Language": "en", "User-Agent": FIREFOX})  # the other browser
    started = await login(client)
    await verify(client, started["loginToken"], code_from(mailbox, "jane@example.com"))
    await app.state.mail_worker.deliver_due()
    alert = next(m for m in mailbox.messages() if "Neue Anmeldung" in m.subject)
    assert "Neue Anmeldung bei Ihrem Konto: von einem neuen Gerät, E-Mail-Code" in alert.body
    assert "Browser: Firefox unter Windows" in alert.body
