from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from backend.models import EventKind, Factor, LoginState, RequestKind, RequestStatus, Role


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name="RateCounter",
            fields=[
                (
                    "key",
                    fields.CharField(primary_key=True, unique=True, db_index=True, max_length=200),
                ),
                ("window_start", fields.BigIntField()),
                ("hits", fields.IntField()),
            ],
            options={
                "table": "rate_counters",
                "app": "models",
                "pk_attr": "key",
                "table_description": "A fixed-window counter shared by every app instance (R2).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="UsedCaptcha",
            fields=[
                (
                    "key",
                    fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64),
                ),
                (
                    "expires_at",
                    fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "used_captchas",
                "app": "models",
                "pk_attr": "key",
                "table_description": "R1: a solved captcha is accepted once; its signature's hash is kept until it expires.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="User",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("email", fields.CharField(unique=True, max_length=254)),
                ("display_name", fields.CharField(default="", max_length=100)),
                (
                    "role",
                    fields.CharEnumField(
                        default=Role.OWNER,
                        description="OWNER: owner\nADMIN: admin\nMEMBER: member",
                        enum_type=Role,
                        max_length=10,
                    ),
                ),
                (
                    "account_owner",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="account_owner_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="team_members",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("invite_token_hash", fields.CharField(null=True, unique=True, max_length=64)),
                (
                    "invite_expires_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                (
                    "last_signed_in_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("password_hash", fields.CharField(max_length=255)),
                ("security_question", fields.CharField(max_length=200)),
                ("security_answer_hash", fields.CharField(max_length=255)),
                ("email_factor_enabled", fields.BooleanField(default=True)),
                ("app_enrollment_pending", fields.BooleanField(default=False)),
                ("totp_secret_encrypted", fields.CharField(null=True, max_length=255)),
                ("totp_last_step", fields.BigIntField(null=True)),
                ("recovery_code_hash", fields.CharField(null=True, max_length=64)),
                ("passkeys_enabled", fields.BooleanField(default=False)),
                ("passkey_challenge", fields.CharField(null=True, max_length=128)),
                (
                    "passkey_challenge_expires_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("security_question_reset", fields.BooleanField(default=False)),
                (
                    "email_verified_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("is_active", fields.BooleanField(default=True)),
                ("is_support", fields.BooleanField(default=False)),
                ("failed_logins", fields.IntField(default=0)),
                ("locked_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={"table": "users", "app": "models", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Passkey",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="passkeys",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("name", fields.CharField(max_length=60)),
                ("credential_id", fields.CharField(unique=True, max_length=1400)),
                ("public_key", fields.TextField(unique=False)),
                ("sign_count", fields.BigIntField(default=0)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "last_used_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "passkeys",
                "app": "models",
                "pk_attr": "id",
                "table_description": "PK1: a WebAuthn credential: its public key and counter, nothing secret.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SecurityEvent",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="security_events",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        description="SIGNED_IN: signed_in\nSIGN_IN_FAILED: sign_in_failed\nCODE_FAILED: code_failed\nRECOVERY_CODE_USED: recovery_code_used\nFACTOR_ENABLED: factor_enabled\nFACTOR_DISABLED: factor_disabled\nDEVICE_REMEMBERED: device_remembered\nDEVICE_FORGOTTEN: device_forgotten\nSESSION_ENDED: session_ended\nPASSWORD_CHANGED: password_changed\nEMAIL_CHANGED: email_changed\nSECURITY_QUESTION_CHANGED: security_question_changed\nACCOUNT_LOCKED: account_locked\nACCOUNT_SECURED: account_secured\nACCOUNT_DEACTIVATED: account_deactivated\nACCOUNT_REACTIVATED: account_reactivated\nMEMBER_APP_RESET: member_app_reset",
                        enum_type=EventKind,
                        max_length=40,
                    ),
                ),
                ("detail", fields.CharField(default="", max_length=200)),
                (
                    "created_at",
                    fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False),
                ),
                ("user_agent", fields.CharField(default="", max_length=300)),
                ("client_ip", fields.CharField(default="", max_length=64)),
                (
                    "reported_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "security_events",
                "app": "models",
                "indexes": [Index(fields=["user_id", "id"])],
                "pk_attr": "id",
                "table_description": "One line of a user's security activity log (SE3); alerts (SE2) point at one.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Session",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("token_hash", fields.CharField(unique=True, max_length=64)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="sessions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("last_seen_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("second_factor_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("user_agent", fields.CharField(default="", max_length=300)),
                ("client_ip", fields.CharField(default="", max_length=64)),
            ],
            options={
                "table": "sessions",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A signed-in browser or API client; the token itself is never stored.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="LoginAttempt",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("token_hash", fields.CharField(unique=True, max_length=64)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="login_attempts",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("email", fields.CharField(max_length=254)),
                (
                    "state",
                    fields.CharEnumField(
                        default=LoginState.SECOND_FACTOR,
                        description="SECOND_FACTOR: second_factor\nENROLL_APP: enroll_app\nACK_RECOVERY_CODE: ack_recovery_code\nDONE: done",
                        enum_type=LoginState,
                        max_length=20,
                    ),
                ),
                (
                    "method",
                    fields.CharEnumField(
                        default=Factor.EMAIL,
                        description="EMAIL: email\nAPP: app\nRECOVERY_CODE: recovery\nPASSKEY: passkey",
                        enum_type=Factor,
                        max_length=20,
                    ),
                ),
                ("pending_totp_secret_encrypted", fields.CharField(null=True, max_length=255)),
                ("pending_recovery_code_encrypted", fields.CharField(null=True, max_length=255)),
                ("webauthn_challenge", fields.CharField(null=True, max_length=128)),
                ("code_guesses", fields.IntField(default=0)),
                ("remember_device", fields.BooleanField(default=False)),
                ("codes_sent", fields.IntField(default=0)),
                (
                    "last_code_sent_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                (
                    "step_up_of",
                    fields.ForeignKeyField(
                        "models.Session",
                        source_field="step_up_of_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="step_ups",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "expires_at",
                    fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "login_attempts",
                "app": "models",
                "pk_attr": "id",
                "table_description": "Step 1 passed, step 2 pending. A decoy attempt has no user and never succeeds.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="EmailCode",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "attempt",
                    fields.ForeignKeyField(
                        "models.LoginAttempt",
                        source_field="attempt_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="email_codes",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="email_codes",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("code_hash", fields.CharField(max_length=64)),
                ("sent_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("used_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("superseded", fields.BooleanField(default=False)),
            ],
            options={
                "table": "email_codes",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A 6-digit code mailed for one login attempt; only the newest unused one counts.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SupportRequest",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        description="CANT_LOGIN: cant_login\nRESET_SECURITY_QUESTION: reset_security_question",
                        enum_type=RequestKind,
                        max_length=40,
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        db_index=True,
                        description="UNCONFIRMED: unconfirmed\nOPEN: open\nDONE: done",
                        enum_type=RequestStatus,
                        max_length=20,
                    ),
                ),
                ("email", fields.CharField(max_length=254)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="support_requests",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("message", fields.CharField(default="", max_length=1000)),
                ("client_ip", fields.CharField(default="", max_length=64)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "confirmed_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                (
                    "resolved_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                (
                    "resolved_by",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="resolved_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="resolved_requests",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
            ],
            options={
                "table": "support_requests",
                "app": "models",
                "pk_attr": "id",
                "table_description": "H1: filed from the login screen; whether an account matched is never shown to the asker.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="TrustedDevice",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("token_hash", fields.CharField(unique=True, max_length=64)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="trusted_devices",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("last_used_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("user_agent", fields.CharField(default="", max_length=300)),
                ("client_ip", fields.CharField(default="", max_length=64)),
            ],
            options={
                "table": "trusted_devices",
                "app": "models",
                "pk_attr": "id",
                "table_description": "L6: a browser (or API client) that may skip step 2 until 30 days after it was trusted.",
            },
            bases=["Model"],
        ),
    ]
