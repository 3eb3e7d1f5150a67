from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.migrations.schema_editor import BaseSchemaEditor
from tortoise.migrations.schema_generator.state import State
import functools
from backend.models import EventKind
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class _AddColumnWithDatabaseDefault(ops.AddField):
    """Sessions that exist already get 'pwd' (the claim known to be true of them); Tortoise's
    AddField has no database default, which SQLite refuses for NOT NULL on a table with rows."""

    async def database_forward(
        self,
        app_label: str,
        old_state: State,
        new_state: State,
        state_editor: BaseSchemaEditor | None = None,
    ) -> None:
        assert state_editor is not None
        await state_editor.client.execute_script(
            "ALTER TABLE sessions ADD COLUMN amr VARCHAR(40) NOT NULL DEFAULT 'pwd'"
        )

    async def database_backward(
        self,
        app_label: str,
        old_state: State,
        new_state: State,
        state_editor: BaseSchemaEditor | None = None,
    ) -> None:
        assert state_editor is not None
        await state_editor.client.execute_script("ALTER TABLE sessions DROP COLUMN amr")


class Migration(migrations.Migration):
    dependencies = [('models', '0003_stable_user_ids')]

    initial = False

    operations = [
        ops.CreateModel(
            name='OAuthClient',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('client_id', fields.CharField(unique=True, max_length=64)),
                ('name', fields.CharField(max_length=100)),
                ('secret_hash', fields.CharField(null=True, max_length=64)),
                ('redirect_uris', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('post_logout_redirect_uris', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('is_public', fields.BooleanField(default=False)),
                ('first_party', fields.BooleanField(default=False)),
                ('owner', fields.ForeignKeyField('models.User', source_field='owner_id', null=True, db_constraint=True, to_field='id', related_name='oauth_clients', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'oauth_clients', 'app': 'models', 'pk_attr': 'id', 'table_description': 'I5: an application that signs people in through Latchkey (an OIDC relying party).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuthorizationCode',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code_hash', fields.CharField(unique=True, max_length=64)),
                ('client', fields.ForeignKeyField('models.OAuthClient', source_field='client_id', db_constraint=True, to_field='id', related_name='codes', on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='oauth_codes', on_delete=OnDelete.CASCADE)),
                ('redirect_uri', fields.CharField(max_length=2000)),
                ('scope', fields.CharField(max_length=500)),
                ('nonce', fields.CharField(null=True, max_length=500)),
                ('code_challenge', fields.CharField(null=True, max_length=128)),
                ('code_challenge_method', fields.CharField(null=True, max_length=10)),
                ('auth_time', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('amr', fields.CharField(max_length=40)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'oauth_codes', 'app': 'models', 'pk_attr': 'id', 'table_description': 'I4: a single-use code (60 s) bound to its client, redirect URI and PKCE challenge.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Consent',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='consents', on_delete=OnDelete.CASCADE)),
                ('client', fields.ForeignKeyField('models.OAuthClient', source_field='client_id', db_constraint=True, to_field='id', related_name='consents', on_delete=OnDelete.CASCADE)),
                ('scope', fields.CharField(max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'oauth_consents', 'app': 'models', 'unique_together': (('user', 'client'),), 'pk_attr': 'id', 'table_description': 'I4: a person allowed a (non-first-party) client these scopes; asked once.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OAuthToken',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('chain', fields.CharField(db_index=True, max_length=64)),
                ('client', fields.ForeignKeyField('models.OAuthClient', source_field='client_id', db_constraint=True, to_field='id', related_name='tokens', on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='oauth_tokens', on_delete=OnDelete.CASCADE)),
                ('access_token_hash', fields.CharField(unique=True, max_length=64)),
                ('refresh_token_hash', fields.CharField(null=True, unique=True, max_length=64)),
                ('scope', fields.CharField(max_length=500)),
                ('auth_time', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('amr', fields.CharField(max_length=40)),
                ('issued_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('access_expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('refresh_expires_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('rotated_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'oauth_tokens', 'app': 'models', 'pk_attr': 'id', 'table_description': 'I4: an access token and its refresh token, both stored as hashes.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SigningKey',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kid', fields.CharField(unique=True, max_length=64)),
                ('private_key_sealed', fields.TextField(unique=False)),
                ('public_jwk', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('retired_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'oidc_signing_keys', 'app': 'models', 'pk_attr': 'id', 'table_description': 'I4: a key that signs ID tokens; the private half sealed with LATCHKEY_SECRET_KEY (R5).'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='SecurityEvent',
            name='kind',
            field=fields.CharEnumField(description='SIGNED_IN: signed_in\nSIGN_IN_FAILED: sign_in_failed\nCODE_FAILED: code_failed\nRECOVERY_CODE_USED: recovery_code_used\nFACTOR_ENABLED: factor_enabled\nFACTOR_DISABLED: factor_disabled\nDEVICE_REMEMBERED: device_remembered\nDEVICE_FORGOTTEN: device_forgotten\nSESSION_ENDED: session_ended\nPASSWORD_CHANGED: password_changed\nEMAIL_CHANGED: email_changed\nSECURITY_QUESTION_CHANGED: security_question_changed\nACCOUNT_LOCKED: account_locked\nACCOUNT_SECURED: account_secured\nACCOUNT_DEACTIVATED: account_deactivated\nACCOUNT_REACTIVATED: account_reactivated\nMEMBER_APP_RESET: member_app_reset\nAPP_AUTHORIZED: app_authorized\nAPP_TOKENS_ISSUED: app_tokens_issued', enum_type=EventKind, max_length=40),
        ),
        _AddColumnWithDatabaseDefault(
            model_name='Session',
            name='amr',
            field=fields.CharField(default='pwd', max_length=40),
        ),
    ]
