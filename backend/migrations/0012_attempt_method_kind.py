"""Issue 16: a login attempt stores the kind of the factor it asks for as plain text, so a
factor added to the registry needs no enum member. The column is VARCHAR(20) before and after:
nothing changes in the database (on SQLite the table is not rebuilt, backend/migrate.py)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0011_authenticators')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='LoginAttempt',
            name='method',
            field=fields.CharField(default='email', max_length=20),
        ),
    ]
