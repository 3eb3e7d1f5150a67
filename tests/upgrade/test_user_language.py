"""X1 + O1: accounts made before 0009 keep working and have no stored language yet."""

from __future__ import annotations

from uuid import uuid4

from tortoise import Tortoise

from backend.db import tortoise_config
from backend.i18n import use_language
from backend.migrate import apply_migrations
from backend.models import User
from tests.upgrade.test_invitation_address import _ROW


async def test_x1_upgrade_keeps_accounts_without_a_language(empty_database: str) -> None:
    await Tortoise.init(config=tortoise_config(empty_database))
    try:
        await apply_migrations(up_to="0008_invitation_address")
        connection = Tortoise.get_connection("default")
        await connection.execute_script(
            _ROW.format(
                email="old@example.com", role="owner", owner="NULL", password="h", public_id=uuid4()
            )
        )

        # Every later migration too: the models (read below) are the newest release's.
        assert (await apply_migrations())[0] == "0009_user_language"

        old = await User.get(email="old@example.com")
        assert old.language is None
        with use_language(old.language) as language:  # their emails stay in English
            assert language == "en"
    finally:
        await Tortoise.close_connections()
