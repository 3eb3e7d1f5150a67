"""I1: every user gets an immutable opaque ID (`users.public_id`), existing rows included.

The column arrives nullable, every existing row is given a random UUID in one statement, and
then PostgreSQL makes it NOT NULL. SQLite cannot add NOT NULL to a column without rebuilding
the table, and rebuilding `users` (DROP TABLE with foreign keys on) would cascade-delete every
session, code and event that points at it: there the column stays nullable in the database,
while the model's default gives every new row its ID.
"""

from uuid import uuid4

from tortoise import fields, migrations
from tortoise.migrations import operations as ops
from tortoise.migrations.schema_editor import BaseSchemaEditor
from tortoise.migrations.schema_generator.state import State

# A random version-4 UUID per row, lower case with dashes (how Tortoise stores UUIDField text).
_SQLITE_UUID4 = (
    "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || "
    "substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + abs(random()) % 4, 1) || "
    "substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
)


def _is_sqlite(editor: BaseSchemaEditor) -> bool:
    return bool(editor.client.capabilities.dialect == "sqlite")


async def _give_every_user_an_id(_apps: object, editor: BaseSchemaEditor) -> None:
    fresh = _SQLITE_UUID4 if _is_sqlite(editor) else "gen_random_uuid()"
    await editor.client.execute_script(
        f"UPDATE users SET public_id = {fresh} WHERE public_id IS NULL"  # noqa: S608 (constant)
    )


class _NotNullWhereTheDatabaseCan(ops.AlterField):
    """AlterField everywhere in the migration state; in the database only off SQLite."""

    async def database_forward(
        self,
        app_label: str,
        old_state: State,
        new_state: State,
        state_editor: BaseSchemaEditor | None = None,
    ) -> None:
        if state_editor is not None and not _is_sqlite(state_editor):
            await super().database_forward(app_label, old_state, new_state, state_editor)

    # AlterField undoes itself with the same statement (the models' states swap roles).
    database_backward = database_forward


class Migration(migrations.Migration):
    dependencies = [("models", "0002_outbox_and_expiry_indexes")]

    initial = False

    operations = [
        ops.AddField(
            model_name="User",
            name="public_id",
            field=fields.UUIDField(null=True, unique=True),
        ),
        ops.RunPython(_give_every_user_an_id, ops.RunPython.noop),
        _NotNullWhereTheDatabaseCan(
            model_name="User",
            name="public_id",
            field=fields.UUIDField(default=uuid4, unique=True),
        ),
    ]
