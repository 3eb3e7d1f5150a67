"""Issue 16: the factors a user holds move from columns of `users` to rows of `authenticators`.

Each enrolled factor becomes one row (its `created_at` is the account's: when a factor was
added was never recorded), then the columns go. On SQLite the columns are dropped with
`ALTER TABLE … DROP COLUMN` (backend/migrate.py), never by rebuilding `users`, which would
delete the sessions, passkeys and every other row that references a user. What is under way
rather than held (`app_enrollment_pending`, the passkey registration challenge) stays on
`users`.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0010_activity_detail_kinds')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Authenticator',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='authenticators', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=20)),
                ('data', fields.CharField(default='', max_length=255)),
                ('counter', fields.BigIntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'authenticators', 'app': 'models', 'unique_together': (('user', 'kind'),), 'pk_attr': 'id', 'table_description': 'A second factor a user holds (issue 16): one row per factor kind, so a new factor needs'},
            bases=['Model'],
        ),
        ops.RunSQL(
            [
                "INSERT INTO authenticators (user_id, kind, data, counter, created_at) "
                "SELECT id, 'email', '', NULL, created_at FROM users WHERE email_factor_enabled",
                "INSERT INTO authenticators (user_id, kind, data, counter, created_at) "
                "SELECT id, 'app', totp_secret_encrypted, totp_last_step, created_at FROM users "
                "WHERE totp_secret_encrypted IS NOT NULL",
                "INSERT INTO authenticators (user_id, kind, data, counter, created_at) "
                "SELECT id, 'recovery', recovery_code_hash, NULL, created_at FROM users "
                "WHERE recovery_code_hash IS NOT NULL",
                "INSERT INTO authenticators (user_id, kind, data, counter, created_at) "
                "SELECT id, 'passkey', '', NULL, created_at FROM users WHERE passkeys_enabled",
            ],
            [
                "UPDATE users SET "
                "email_factor_enabled = EXISTS (SELECT 1 FROM authenticators a "
                "WHERE a.user_id = users.id AND a.kind = 'email'), "
                "passkeys_enabled = EXISTS (SELECT 1 FROM authenticators a "
                "WHERE a.user_id = users.id AND a.kind = 'passkey'), "
                "totp_secret_encrypted = (SELECT a.data FROM authenticators a "
                "WHERE a.user_id = users.id AND a.kind = 'app'), "
                "totp_last_step = (SELECT a.counter FROM authenticators a "
                "WHERE a.user_id = users.id AND a.kind = 'app'), "
                "recovery_code_hash = (SELECT a.data FROM authenticators a "
                "WHERE a.user_id = users.id AND a.kind = 'recovery')",
            ],
        ),
        ops.RemoveField(model_name='User', name='email_factor_enabled'),
        ops.RemoveField(model_name='User', name='passkeys_enabled'),
        ops.RemoveField(model_name='User', name='recovery_code_hash'),
        ops.RemoveField(model_name='User', name='totp_last_step'),
        ops.RemoveField(model_name='User', name='totp_secret_encrypted'),
    ]
