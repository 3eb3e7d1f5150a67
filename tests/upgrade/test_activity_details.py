"""X1 + O1: activity entries written before 0010 (an English sentence in `detail`) stay in the
log after the upgrade and are shown in the reader's language."""

from __future__ import annotations

from uuid import uuid4

from tortoise import Tortoise

from backend.db import tortoise_config
from backend.i18n import use_language
from backend.migrate import apply_migrations
from backend.models import SecurityEvent
from backend.services.activity_details import of_event
from tests.upgrade.test_invitation_address import _ROW

_EVENTS = (
    "INSERT INTO security_events (user_id, kind, detail, created_at, user_agent, client_ip) "
    "SELECT id, '{kind}', '{detail}', '2026-01-01 00:00:00+00:00', '', '' FROM users"
)


async def test_x1_upgrade_keeps_old_activity_and_shows_it_translated(
    empty_database: str,
) -> None:
    await Tortoise.init(config=tortoise_config(empty_database))
    try:
        await apply_migrations(up_to="0009_user_language")
        connection = Tortoise.get_connection("default")
        await connection.execute_script(
            _ROW.format(
                email="old@example.com", role="owner", owner="NULL", password="h", public_id=uuid4()
            )
        )
        for kind, detail in [
            ("signed_in", "from a new device, authenticator app"),
            ("session_ended", "2 other sessions"),
            ("app_authorized", "Team Wiki"),
            ("password_changed", ""),
        ]:
            await connection.execute_script(_EVENTS.format(kind=kind, detail=detail))

        assert "0010_activity_detail_kinds" in await apply_migrations()

        events = await SecurityEvent.all().order_by("id")
        assert [(e.detail_kind, e.detail_params) for e in events] == [("", None)] * 4
        with use_language("de"):
            shown = [str(of_event(event)) for event in events]
        assert shown == [
            "von einem neuen Gerät, Authenticator-App",
            "2 andere Sitzungen",
            "Team Wiki",
            "",
        ]
    finally:
        await Tortoise.close_connections()
