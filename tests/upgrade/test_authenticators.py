"""Issue 16 + O1: factors held before 0011 (columns of `users`) still sign in after 0011 moved them
to `authenticators`, and no row that references a user is lost on the way (on SQLite the
columns are dropped in place: rebuilding `users` would cascade-delete sessions, passkeys...)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import argon2
import pyotp
from tortoise import Tortoise
from webauthn.helpers import bytes_to_base64url

from backend.app import create_app
from backend.db import tortoise_config
from backend.migrate import apply_migrations
from backend.models import (
    Authenticator,
    EventKind,
    LoginAttempt,
    Passkey,
    SecurityEvent,
    Session,
    TrustedDevice,
)
from backend.services import recovery_codes
from backend.services.secret_box import SecretBox
from backend.services.tokens import hash_token
from tests.api.app_flows import CHOOSE
from tests.api.flows import ME, login, verify
from tests.api.test_passkeys import OPTIONS
from tests.api.webauthn_device import SoftPasskey
from tests.conftest import STRONG_PASSWORD, TEST_ARGON2, asgi_client, code_from, gql
from tests.upgrade.conftest import SECRET_KEY
from tests.upgrade.old_release import row_counts
from tests.upgrade.test_invitation_address import _ROW
from tests.upgrade.test_upgrade import _settings

HOLDER, PLAIN = "all@example.com", "plain@example.com"
SESSION_TOKEN = "a-session-made-before-0011"


async def _users_before_0011(totp_secret: str, recovery: str, passkey: SoftPasskey) -> None:
    """HOLDER with every factor (email, app with its last step, recovery code, a passkey), and
    PLAIN with email codes only; each with rows in the tables that reference users."""
    password = argon2.PasswordHasher(
        time_cost=TEST_ARGON2.time_cost,
        memory_cost=TEST_ARGON2.memory_cost_kib,
        parallelism=TEST_ARGON2.parallelism,
    ).hash(STRONG_PASSWORD)
    connection = Tortoise.get_connection("default")
    for email in (HOLDER, PLAIN):
        await connection.execute_script(
            _ROW.format(
                email=email, role="owner", owner="NULL", password=password, public_id=uuid4()
            )
        )
    sealed = SecretBox(SECRET_KEY).seal(totp_secret)
    await connection.execute_script(
        f"UPDATE users SET totp_secret_encrypted = '{sealed}', totp_last_step = 1, "  # noqa: S608
        f"recovery_code_hash = '{recovery_codes.hash_of(SECRET_KEY, recovery)}', "
        f"passkeys_enabled = TRUE WHERE email = '{HOLDER}'"
    )
    now = datetime.now(UTC)
    rows = await connection.execute_query_dict("SELECT id, email FROM users")
    ids = {row["email"]: row["id"] for row in rows}
    await Passkey.create(
        user_id=ids[HOLDER],
        name="Laptop",
        credential_id=bytes_to_base64url(passkey.credential_id),
        public_key=bytes_to_base64url(passkey._cose_key()),
        created_at=now,
    )
    for email, user_id in ids.items():
        await Session.create(
            token_hash=hash_token(SESSION_TOKEN if email == HOLDER else uuid4().hex),
            user_id=user_id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(days=1),
            second_factor_at=now,
        )
        await TrustedDevice.create(
            token_hash=hash_token(uuid4().hex),
            user_id=user_id,
            created_at=now,
            expires_at=now + timedelta(days=30),
            last_used_at=now,
        )
        await SecurityEvent.create(user_id=user_id, kind=EventKind.SIGNED_IN, created_at=now)
        await LoginAttempt.create(
            token_hash=hash_token(uuid4().hex),
            user_id=user_id,
            email=email,
            created_at=now,
            expires_at=now + timedelta(minutes=10),
        )


async def test_issue16_factors_held_before_0011_still_sign_in_and_no_row_is_lost(
    empty_database: str,
) -> None:
    settings = _settings(empty_database)
    totp_secret, recovery = pyotp.random_base32(), recovery_codes.new_code()
    passkey = SoftPasskey(rp_id=settings.rp_id, origin=settings.origin)
    await Tortoise.init(config=tortoise_config(empty_database))
    try:
        await apply_migrations(up_to="0010_activity_detail_kinds")
        await _users_before_0011(totp_secret, recovery, passkey)
        before = await row_counts(empty_database)

        # Every later migration too: the models (used below) are the newest release's.
        assert (await apply_migrations())[0] == "0011_authenticators"

        after = await row_counts(empty_database)
        assert {table: after[table] for table in before} == before
        held = await Authenticator.all().values_list("user__email", "kind")
        every = [(HOLDER, kind) for kind in ("email", "app", "recovery", "passkey")]
        assert sorted(held) == sorted([*every, (PLAIN, "email")])
    finally:
        await Tortoise.close_connections()

    app = create_app(settings)
    async with app.router.lifespan_context(app), asgi_client(app) as http:
        me = await gql(http, ME, bearer=SESSION_TOKEN)  # a session from before still works
        assert me["me"]["email"] == HOLDER and me["me"]["factors"] == {"email": True, "app": True}

        async def started_with(method: str) -> str:
            started = await login(http, email=HOLDER)
            assert started["method"] == "PASSKEY", started  # PK2: preferred
            assert set(started["otherMethods"]) == {"APP", "EMAIL", "RECOVERY_CODE"}, started
            if method != "PASSKEY":
                chosen = await gql(http, CHOOSE, token=started["loginToken"], method=method)
                assert chosen["chooseLoginMethod"]["method"] == method, chosen
            token: str = started["loginToken"]
            return token

        token = await started_with("EMAIL")
        done = await verify(http, token, code_from(app.state.mailbox, HOLDER))
        assert done["__typename"] == "LoginSuccess", done

        token = await started_with("APP")
        done = await verify(http, token, pyotp.TOTP(totp_secret).now())
        assert done["__typename"] == "LoginSuccess", done

        token = await started_with("PASSKEY")
        options = (await gql(http, OPTIONS, token=token))["passkeyLoginOptions"]
        done = await verify(http, token, passkey.get(options["optionsJson"]))
        assert done["__typename"] == "LoginSuccess", done

        token = await started_with("RECOVERY_CODE")
        done = await verify(http, token, recovery)
        assert done["__typename"] == "RecoveryCodeIssued", done  # L7: then a new one

        plain = await login(http, email=PLAIN)
        assert plain["method"] == "EMAIL" and plain["otherMethods"] == [], plain
