"""I4 + O1: upgrading to the OIDC provider keeps every session and event, and old sessions
claim only what is known of them (`amr` "pwd")."""

from __future__ import annotations

from tortoise import Tortoise

from backend.db import tortoise_config
from backend.migrate import apply_migrations
from backend.models import EventKind, SecurityEvent, Session, User

_ROWS = (
    "INSERT INTO users (email, display_name, role, password_hash, security_question, "
    "security_answer_hash, email_factor_enabled, app_enrollment_pending, passkeys_enabled, "
    "security_question_reset, is_active, is_support, failed_logins, created_at, public_id) "
    "VALUES ('ann@example.com', '', 'owner', 'h', 'q?', 'a', TRUE, FALSE, FALSE, FALSE, TRUE, "
    "FALSE, 0, '2026-01-01 00:00:00+00:00', '2b1f7c4e-8f0a-4c39-9d4e-0a5b7c1d2e3f');"
    "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, "
    "second_factor_at, user_agent, client_ip) SELECT 'tok', id, '2026-01-01 00:00:00+00:00', "
    "'2026-01-01 00:00:00+00:00', '2099-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00', "
    "'', '' FROM users;"
    "INSERT INTO security_events (user_id, kind, detail, created_at, user_agent, client_ip) "
    "SELECT id, 'signed_in', 'email code', '2026-01-01 00:00:00+00:00', '', '' FROM users"
)


async def test_i4_upgrade_keeps_sessions_and_events(empty_database: str) -> None:
    await Tortoise.init(config=tortoise_config(empty_database))
    try:
        await apply_migrations(up_to="0003_stable_user_ids")
        await Tortoise.get_connection("default").execute_script(_ROWS)
        assert "0004_oidc_provider" in await apply_migrations()
        session = await Session.get(token_hash="tok")
        assert session.amr == "pwd"
        assert await SecurityEvent.filter(kind=EventKind.SIGNED_IN).count() == 1
        assert await User.filter(email="ann@example.com").count() == 1
    finally:
        await Tortoise.close_connections()
