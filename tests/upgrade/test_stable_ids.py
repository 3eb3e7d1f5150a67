"""I1 + O1: a database from before stable IDs is upgraded; every existing user gets one."""

from __future__ import annotations

from uuid import UUID

from tortoise import Tortoise

from backend.db import tortoise_config
from backend.migrate import apply_migrations
from backend.models import Session, User

_OLD_USER = (
    "INSERT INTO users (email, display_name, role, password_hash, security_question, "
    "security_answer_hash, email_factor_enabled, app_enrollment_pending, passkeys_enabled, "
    "security_question_reset, is_active, is_support, failed_logins, created_at) VALUES "
    "('{email}', '', 'owner', 'h', 'q?', 'a', TRUE, FALSE, FALSE, FALSE, TRUE, FALSE, 0, "
    "'2026-01-01 00:00:00+00:00')"
)
_OLD_SESSION = (
    "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, "
    "second_factor_at, user_agent, client_ip) SELECT 'tok', id, '2026-01-01 00:00:00+00:00', "
    "'2026-01-01 00:00:00+00:00', '2099-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00', "
    "'', '' FROM users WHERE email = 'ann@example.com'"
)


async def test_i1_upgrade_gives_existing_users_distinct_ids_and_keeps_their_rows(
    empty_database: str,
) -> None:
    await Tortoise.init(config=tortoise_config(empty_database))
    try:
        await apply_migrations(up_to="0002_outbox_and_expiry_indexes")
        connection = Tortoise.get_connection("default")
        for email in ("ann@example.com", "bob@example.com"):
            await connection.execute_script(_OLD_USER.format(email=email))
        await connection.execute_script(_OLD_SESSION)

        assert await apply_migrations(up_to="0003_stable_user_ids") == ["0003_stable_user_ids"]
        await apply_migrations()  # the later ones too, so today's models can read the rows

        users = await User.all().order_by("id")
        assert [user.email for user in users] == ["ann@example.com", "bob@example.com"]
        ids = [user.public_id for user in users]
        assert all(isinstance(value, UUID) and value.version == 4 for value in ids)
        assert ids[0] != ids[1]
        assert await Session.filter(user=users[0]).count() == 1  # nothing cascaded away

        newcomer = await User.create(
            email="cy@example.com",
            password_hash="h",
            security_question="q?",
            security_answer_hash="a",
            created_at=users[0].created_at,
        )
        assert newcomer.public_id not in ids
        assert (await User.get(id=newcomer.id)).public_id == newcomer.public_id
    finally:
        await Tortoise.close_connections()
