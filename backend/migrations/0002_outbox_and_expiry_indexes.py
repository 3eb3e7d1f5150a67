from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='OutboxMessage',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(max_length=40)),
                ('recipient', fields.CharField(max_length=254)),
                ('subject', fields.CharField(max_length=300)),
                ('body_text', fields.TextField(unique=False)),
                ('body_html', fields.TextField(null=True, unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('not_before', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('attempts', fields.IntField(default=0)),
                ('last_error', fields.CharField(default='', max_length=300)),
                ('sent_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'mail_outbox', 'app': 'models', 'indexes': [Index(fields=['sent_at', 'not_before'])], 'pk_attr': 'id', 'table_description': 'O4: a rendered email, stored with the step that needs it and sent after that commits.'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='EmailCode',
            name='expires_at',
            field=fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False),
        ),
        ops.AlterField(
            model_name='RateCounter',
            name='window_start',
            field=fields.BigIntField(db_index=True),
        ),
        ops.AlterField(
            model_name='Session',
            name='expires_at',
            field=fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False),
        ),
        ops.AlterField(
            model_name='Session',
            name='last_seen_at',
            field=fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False),
        ),
        ops.AlterField(
            model_name='TrustedDevice',
            name='expires_at',
            field=fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False),
        ),
        # AlterField records db_index in the state but creates no index on SQLite (and not
        # every one on PostgreSQL): the housekeeping indexes, by Tortoise's own names.
        ops.RunSQL(
            "CREATE INDEX IF NOT EXISTS idx_email_codes_expires_987b22 ON email_codes (expires_at)",
            reverse_sql="DROP INDEX IF EXISTS idx_email_codes_expires_987b22",
        ),
        ops.RunSQL(
            "CREATE INDEX IF NOT EXISTS idx_rate_counte_window__dd4df8 ON rate_counters (window_start)",
            reverse_sql="DROP INDEX IF EXISTS idx_rate_counte_window__dd4df8",
        ),
        ops.RunSQL(
            "CREATE INDEX IF NOT EXISTS idx_sessions_expires_6bcc94 ON sessions (expires_at)",
            reverse_sql="DROP INDEX IF EXISTS idx_sessions_expires_6bcc94",
        ),
        ops.RunSQL(
            "CREATE INDEX IF NOT EXISTS idx_sessions_last_se_94574f ON sessions (last_seen_at)",
            reverse_sql="DROP INDEX IF EXISTS idx_sessions_last_se_94574f",
        ),
        ops.RunSQL(
            "CREATE INDEX IF NOT EXISTS idx_trusted_dev_expires_853142 ON trusted_devices (expires_at)",
            reverse_sql="DROP INDEX IF EXISTS idx_trusted_dev_expires_853142",
        ),
    ]
