"""T1 + O1: invitations made before 0008 stop holding the invited address (issue 23 #5)."""

from __future__ import annotations

from uuid import uuid4

from tortoise import Tortoise

from backend.db import tortoise_config
from backend.migrate import apply_migrations
from backend.models import User
from backend.services.team import Member

_ROW = (
    "INSERT INTO users (email, display_name, role, account_owner_id, password_hash, "
    "security_question, security_answer_hash, email_factor_enabled, app_enrollment_pending, "
    "passkeys_enabled, security_question_reset, is_active, is_support, failed_logins, "
    "created_at, security_epoch, public_id) SELECT '{email}', '', '{role}', {owner}, "
    "'{password}', '', '', TRUE, FALSE, FALSE, FALSE, TRUE, FALSE, 0, "
    "'2026-01-01 00:00:00+00:00', 0, '{public_id}'"
)


async def test_t1_upgrade_frees_the_addresses_of_pending_invitations(empty_database: str) -> None:
    await Tortoise.init(config=tortoise_config(empty_database))
    try:
        await apply_migrations(up_to="0007_passkey_sign_in")
        connection = Tortoise.get_connection("default")
        await connection.execute_script(
            _ROW.format(
                email="owner@example.com",
                role="owner",
                owner="NULL",
                password="h",
                public_id=uuid4(),
            )
        )
        owner_id = (await connection.execute_query_dict("SELECT id FROM users"))[0]["id"]
        for email, password in (("max@example.com", ""), ("ann@example.com", "h")):
            await connection.execute_script(
                _ROW.format(
                    email=email, role="member", owner=owner_id, password=password, public_id=uuid4()
                )
            )

        # Every later migration too: the models (read below) are the newest release's.
        assert (await apply_migrations())[0] == "0008_invitation_address"

        invited = await User.get(invite_email="max@example.com")
        assert (
            invited.email.startswith("invitation:")
            and Member(invited).email == invited.invite_email
        )
        assert (await User.get(email="ann@example.com")).invite_email is None  # accepted: as is
        assert not await User.filter(email="max@example.com").exists()  # free to sign up
    finally:
        await Tortoise.close_connections()
