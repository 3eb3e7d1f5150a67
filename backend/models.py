"""Database tables. Secrets appear here only as hashes (or, later, ciphertext)."""

from __future__ import annotations

import uuid
from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class LoginState(StrEnum):
    """Where a login attempt stands (a Kratos-style flow state)."""

    SECOND_FACTOR = "second_factor"
    ENROLL_APP = "enroll_app"
    ACK_RECOVERY_CODE = "ack_recovery_code"
    DONE = "done"


class AttemptKind(StrEnum):
    """What a login attempt is for (backend/services/login/attempts.py TRANSITIONS)."""

    SIGN_IN = "sign_in"  # step 2 of a login: it ends in a new session
    STEP_UP = "step_up"  # S1: a signed-in session's fresh code; it never signs anyone in


class Factor(StrEnum):
    """The ways to pass step 2."""

    EMAIL = "email"
    APP = "app"
    RECOVERY_CODE = "recovery"
    PASSKEY = "passkey"


class Role(StrEnum):
    """T1: what a login may do in its account's team."""

    OWNER = "owner"  # signed up; manages everyone
    ADMIN = "admin"  # manages members, never the owner
    MEMBER = "member"  # no team management


class User(Model):
    id = fields.IntField(primary_key=True)
    # I1: how other systems name the user (`Me.id`, OIDC `sub`, forward-auth `Remote-User`):
    # opaque and never changed, unlike the email; the row number stays inside Latchkey.
    public_id = fields.UUIDField(unique=True, default=uuid.uuid4)
    email = fields.CharField(max_length=254, unique=True)
    display_name = fields.CharField(max_length=100, default="")
    # X1: the language pages and emails use for this person (set at sign-up from the
    # language they signed up in, changed from the profile); None: never chosen (English
    # emails, pages follow the browser).
    language = fields.CharField(max_length=8, null=True)
    role = fields.CharEnumField(Role, max_length=10, default=Role.OWNER)
    # T1: a team member works in the account of this owner (None for owners).
    account_owner: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="team_members", null=True, on_delete=fields.CASCADE
    )
    account_owner_id: int | None
    # T1: an invited member has no password until the single-use link is used. Until then
    # the invited address waits here and `email` holds a placeholder that is no address, so
    # an invitation never takes an address from anyone (sign-up stays open; inviting an
    # address that has a login looks like any other invitation).
    invite_email = fields.CharField(max_length=254, null=True)
    invite_token_hash = fields.CharField(max_length=64, null=True, unique=True)
    invite_expires_at = fields.DatetimeField(null=True)
    # Signed links (reset, email change, helper confirmation) carry this number; ending the
    # user's access (password change or reset, "This wasn't me", deactivation) raises it, so
    # every link mailed before stops working at once.
    security_epoch = fields.IntField(default=0, db_default=0)
    last_signed_in_at = fields.DatetimeField(null=True)
    password_hash = fields.CharField(max_length=255)
    security_question = fields.CharField(max_length=200)
    security_answer_hash = fields.CharField(max_length=255)
    # The factors a user holds are rows of `authenticators`; what stays here is what is under
    # way, not held: M2, set by "Enable authenticator app" (enrollment happens at the next
    # login), and PK1, the challenge of a passkey registration in progress (public, single
    # use, short-lived).
    app_enrollment_pending = fields.BooleanField(default=False)
    passkey_challenge = fields.CharField(max_length=128, null=True)
    passkey_challenge_expires_at = fields.DatetimeField(null=True)
    # S2: support reset the question; the user must set a new one before anything else.
    security_question_reset = fields.BooleanField(default=False)
    email_verified_at = fields.DatetimeField(null=True)
    is_active = fields.BooleanField(default=True)
    # S2, A4: staff who may use the support console at /support.
    is_support = fields.BooleanField(default=False)
    # R2 / NIST 800-63B 5.2.2: consecutive failed passwords or codes; 100 require a reset.
    failed_logins = fields.IntField(default=0)
    locked_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "users"


class Authenticator(Model):
    """A second factor a user holds (issue 16): one row per factor kind, so a new factor needs
    no column. `data` is the factor's own: an authenticator app's secret sealed with
    LATCHKEY_SECRET_KEY (R5), a recovery code's hash, empty for emailed codes and passkeys
    (whose credentials are rows of `passkeys`). `counter` is the app's newest accepted time
    step (L5: only later steps are accepted).
    """

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="authenticators", on_delete=fields.CASCADE
    )
    user_id: int
    kind = fields.CharField(max_length=20)  # the factor's kind: "email", "app", ...
    data = fields.CharField(max_length=255, default="")
    counter = fields.BigIntField(null=True)
    created_at = fields.DatetimeField()
    last_used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "authenticators"
        unique_together = (("user", "kind"),)


class LoginAttempt(Model):
    """Step 1 passed, step 2 pending. A decoy attempt has no user and never succeeds."""

    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="login_attempts", null=True, on_delete=fields.CASCADE
    )
    user_id: int | None
    email = fields.CharField(max_length=254)
    state = fields.CharEnumField(LoginState, max_length=20, default=LoginState.SECOND_FACTOR)
    # The kind of the factor asked for (backend/services/factors/registry.py: a Factor value,
    # or a factor registered later, which the enum does not list).
    method = fields.CharField(max_length=20, default=Factor.EMAIL.value)
    # Held only while the attempt waits for them, encrypted, then cleared.
    pending_totp_secret_encrypted = fields.CharField(max_length=255, null=True)
    pending_recovery_code_encrypted = fields.CharField(max_length=255, null=True)
    # PK2: the WebAuthn challenge handed out for this attempt (single use).
    webauthn_challenge = fields.CharField(max_length=128, null=True)
    code_guesses = fields.IntField(default=0)
    # L6: "Remember this device" was ticked on the code screen; honoured when the login ends.
    remember_device = fields.BooleanField(default=False)
    codes_sent = fields.IntField(default=0)
    # I2: where the browser goes once this login is complete (checked by
    # backend/services/return_to.py when the attempt opened; None means the profile).
    return_to = fields.CharField(max_length=2000, null=True)
    last_code_sent_at = fields.DatetimeField(null=True)
    # S1 step-up: the session that asked for a fresh second factor; such an attempt never
    # signs anyone in, it only refreshes that session.
    step_up_of: fields.ForeignKeyNullableRelation[Session] = fields.ForeignKeyField(
        "models.Session", related_name="step_ups", null=True, on_delete=fields.CASCADE
    )
    step_up_of_id: int | None
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "login_attempts"

    @property
    def kind(self) -> AttemptKind:
        return AttemptKind.SIGN_IN if self.step_up_of_id is None else AttemptKind.STEP_UP


class EmailCode(Model):
    """A 6-digit code mailed for one login attempt; only the newest unused one counts."""

    id = fields.IntField(primary_key=True)
    attempt: fields.ForeignKeyRelation[LoginAttempt] = fields.ForeignKeyField(
        "models.LoginAttempt", related_name="email_codes", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="email_codes", null=True, on_delete=fields.CASCADE
    )
    user_id: int | None
    code_hash = fields.CharField(max_length=64)
    sent_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(db_index=True)  # housekeeping
    used_at = fields.DatetimeField(null=True)
    superseded = fields.BooleanField(default=False)

    class Meta:
        table = "email_codes"


class Session(Model):
    """A signed-in browser or API client; the token itself is never stored."""

    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="sessions", on_delete=fields.CASCADE
    )
    user_id: int
    created_at = fields.DatetimeField()
    last_seen_at = fields.DatetimeField(db_index=True)  # housekeeping
    expires_at = fields.DatetimeField(db_index=True)  # housekeeping
    second_factor_at = fields.DatetimeField()
    user_agent = fields.CharField(max_length=300, default="")
    client_ip = fields.CharField(max_length=64, default="")
    # I4: how this sign-in was proved, as OIDC `amr` values (RFC 8176), space-separated.
    amr = fields.CharField(max_length=40, default="pwd")

    class Meta:
        table = "sessions"


class RateCounter(Model):
    """A fixed-window counter shared by every app instance (R2)."""

    key = fields.CharField(max_length=200, primary_key=True)
    window_start = fields.BigIntField(db_index=True)  # housekeeping
    hits = fields.IntField()

    class Meta:
        table = "rate_counters"


class TrustedDevice(Model):
    """L6: a browser (or API client) that may skip step 2 until 30 days after it was trusted."""

    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="trusted_devices", on_delete=fields.CASCADE
    )
    user_id: int
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(db_index=True)  # housekeeping
    last_used_at = fields.DatetimeField()
    user_agent = fields.CharField(max_length=300, default="")
    client_ip = fields.CharField(max_length=64, default="")

    class Meta:
        table = "trusted_devices"


class EventKind(StrEnum):
    """What the security activity log (SE3) records."""

    SIGNED_IN = "signed_in"
    SIGN_IN_FAILED = "sign_in_failed"
    CODE_FAILED = "code_failed"
    RECOVERY_CODE_USED = "recovery_code_used"
    FACTOR_ENABLED = "factor_enabled"
    FACTOR_DISABLED = "factor_disabled"
    DEVICE_REMEMBERED = "device_remembered"
    DEVICE_FORGOTTEN = "device_forgotten"
    SESSION_ENDED = "session_ended"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 (an event name)
    EMAIL_CHANGED = "email_changed"
    SECURITY_QUESTION_CHANGED = "security_question_changed"
    ACCOUNT_LOCKED = "account_locked"
    ACCOUNT_SECURED = "account_secured"
    ACCOUNT_DEACTIVATED = "account_deactivated"
    ACCOUNT_REACTIVATED = "account_reactivated"
    MEMBER_APP_RESET = "member_app_reset"
    APP_AUTHORIZED = "app_authorized"  # I4: consent given to an OIDC client
    APP_TOKENS_ISSUED = "app_tokens_issued"  # I4: an OIDC client received tokens


class SecurityEvent(Model):
    """One line of a user's security activity log (SE3); alerts (SE2) point at one."""

    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="security_events", on_delete=fields.CASCADE
    )
    user_id: int
    kind = fields.CharEnumField(EventKind, max_length=40)
    # X1: what it was about, as a stable kind and values (activity_details); the sentence is
    # made in the reader's language. `detail` holds the English sentence of rows before 0010.
    detail_kind = fields.CharField(max_length=40, default="", db_default="")
    detail_params: dict[str, str | int] | None = fields.JSONField(null=True)
    detail = fields.CharField(max_length=200, default="")
    created_at = fields.DatetimeField(db_index=True)
    user_agent = fields.CharField(max_length=300, default="")
    client_ip = fields.CharField(max_length=64, default="")
    # SE2: set once, when the owner answers the alert with "This wasn't me".
    reported_at = fields.DatetimeField(null=True)

    class Meta:
        table = "security_events"
        indexes = (("user_id", "id"),)


class RequestKind(StrEnum):
    """H1, S2: what a "Can't login?" request asks for."""

    CANT_LOGIN = "cant_login"
    RESET_SECURITY_QUESTION = "reset_security_question"


class RequestStatus(StrEnum):
    UNCONFIRMED = "unconfirmed"  # S2: waiting for the link sent to the registered address
    OPEN = "open"
    DONE = "done"


class SupportRequest(Model):
    """H1: filed from the login screen; whether an account matched is never shown to the asker."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(RequestKind, max_length=40)
    status = fields.CharEnumField(RequestStatus, max_length=20, db_index=True)
    email = fields.CharField(max_length=254)
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="support_requests", null=True, on_delete=fields.SET_NULL
    )
    user_id: int | None
    message = fields.CharField(max_length=1000, default="")
    client_ip = fields.CharField(max_length=64, default="")
    created_at = fields.DatetimeField()
    confirmed_at = fields.DatetimeField(null=True)
    resolved_at = fields.DatetimeField(null=True)
    resolved_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="resolved_requests", null=True, on_delete=fields.SET_NULL
    )
    resolved_by_id: int | None

    class Meta:
        table = "support_requests"


class UsedCaptcha(Model):
    """R1: a solved captcha is accepted once; its signature's hash is kept until it expires."""

    key = fields.CharField(max_length=64, primary_key=True)
    expires_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "used_captchas"


class Passkey(Model):
    """PK1: a WebAuthn credential: its public key and counter, nothing secret."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="passkeys", on_delete=fields.CASCADE
    )
    user_id: int
    name = fields.CharField(max_length=60)
    credential_id = fields.CharField(max_length=1400, unique=True)  # base64url
    public_key = fields.TextField()  # base64url COSE key
    sign_count = fields.BigIntField(default=0)
    created_at = fields.DatetimeField()
    last_used_at = fields.DatetimeField(null=True)
    # PK3: made with a resident key and the stable user ID as its user handle, so it can sign
    # in without a password; older passkeys stay a second factor only.
    discoverable = fields.BooleanField(default=False, db_default=False)

    class Meta:
        table = "passkeys"


class PasskeySignIn(Model):
    """PK3: a challenge handed out for "Sign in with a passkey" before anyone is known.

    Found by the challenge the authenticator signed and deleted as it is checked (single use);
    expired rows are purged.
    """

    id = fields.IntField(primary_key=True)
    challenge = fields.CharField(max_length=128, unique=True)  # base64url
    expires_at = fields.DatetimeField(db_index=True)
    # I2: checked when the challenge was handed out; None means the profile.
    return_to = fields.CharField(max_length=2000, null=True)

    class Meta:
        table = "passkey_sign_ins"


class OutboxMessage(Model):
    """O4: a rendered email, stored with the step that needs it and sent after that commits.

    Bodies are sealed (R5: a login code or a link is a secret until delivered) and emptied
    once sent, except in development where the dev mailbox shows them. `not_before` is when
    a worker may next try it (a claim pushes it past the send timeout, a failure by the
    backoff); a message not sent by `expires_at` is never sent, as its content is dead.
    """

    id = fields.BigIntField(primary_key=True)
    kind = fields.CharField(max_length=40)
    recipient = fields.CharField(max_length=254)
    subject = fields.CharField(max_length=300)
    body_text = fields.TextField()
    body_html = fields.TextField(null=True)
    created_at = fields.DatetimeField()
    not_before = fields.DatetimeField()
    expires_at = fields.DatetimeField(db_index=True)
    attempts = fields.IntField(default=0)
    # For operators (logs, metrics); never shown to a client, as it names the mail server.
    last_error = fields.CharField(max_length=300, default="")
    sent_at = fields.DatetimeField(null=True, db_index=True)

    class Meta:
        table = "mail_outbox"
        indexes = (("sent_at", "not_before"),)


class OAuthClient(Model):
    """I5: an application that signs people in through Latchkey (an OIDC relying party).

    Redirect URIs are compared exactly. A confidential client's secret is stored only as a
    hash (256 random bits, so SHA-256 suffices); a public client (SPA, mobile) has none and
    must use PKCE.
    """

    id = fields.IntField(primary_key=True)
    client_id = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=100)
    secret_hash = fields.CharField(max_length=64, null=True)
    redirect_uris: list[str] = fields.JSONField(default=list)
    post_logout_redirect_uris: list[str] = fields.JSONField(default=list)
    is_public = fields.BooleanField(default=False)
    # First-party apps (the operator's own) skip the consent screen.
    first_party = fields.BooleanField(default=False)
    owner: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="oauth_clients", null=True, on_delete=fields.CASCADE
    )
    owner_id: int | None
    created_at = fields.DatetimeField()

    class Meta:
        table = "oauth_clients"


class AuthorizationCode(Model):
    """I4: a single-use code (60 s) bound to its client, redirect URI and PKCE challenge."""

    id = fields.IntField(primary_key=True)
    code_hash = fields.CharField(max_length=64, unique=True)
    client: fields.ForeignKeyRelation[OAuthClient] = fields.ForeignKeyField(
        "models.OAuthClient", related_name="codes", on_delete=fields.CASCADE
    )
    client_id: int
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="oauth_codes", on_delete=fields.CASCADE
    )
    user_id: int
    redirect_uri = fields.CharField(max_length=2000)
    scope = fields.CharField(max_length=500)
    nonce = fields.CharField(max_length=500, null=True)
    code_challenge = fields.CharField(max_length=128, null=True)
    code_challenge_method = fields.CharField(max_length=10, null=True)
    auth_time = fields.DatetimeField()
    amr = fields.CharField(max_length=40)
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(db_index=True)  # housekeeping
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "oauth_codes"


class OAuthToken(Model):
    """I4: an access token and its refresh token, both stored as hashes.

    Every token issued from one authorization code shares a `chain`: refreshing marks the
    old row rotated and adds the next one; presenting a rotated refresh token again revokes
    the whole chain (reuse detection).
    """

    id = fields.BigIntField(primary_key=True)
    chain = fields.CharField(max_length=64, db_index=True)
    client: fields.ForeignKeyRelation[OAuthClient] = fields.ForeignKeyField(
        "models.OAuthClient", related_name="tokens", on_delete=fields.CASCADE
    )
    client_id: int
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="oauth_tokens", on_delete=fields.CASCADE
    )
    user_id: int
    access_token_hash = fields.CharField(max_length=64, unique=True)
    refresh_token_hash = fields.CharField(max_length=64, null=True, unique=True)
    scope = fields.CharField(max_length=500)
    auth_time = fields.DatetimeField()
    amr = fields.CharField(max_length=40)
    issued_at = fields.DatetimeField()
    access_expires_at = fields.DatetimeField()
    refresh_expires_at = fields.DatetimeField(null=True, db_index=True)  # housekeeping
    rotated_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "oauth_tokens"


class Consent(Model):
    """I4: a person allowed a (non-first-party) client these scopes; asked once."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="consents", on_delete=fields.CASCADE
    )
    user_id: int
    client: fields.ForeignKeyRelation[OAuthClient] = fields.ForeignKeyField(
        "models.OAuthClient", related_name="consents", on_delete=fields.CASCADE
    )
    client_id: int
    scope = fields.CharField(max_length=500)
    created_at = fields.DatetimeField()

    class Meta:
        table = "oauth_consents"
        unique_together = (("user", "client"),)


class SigningKey(Model):
    """I4: a key that signs ID tokens; the private half sealed with LATCHKEY_SECRET_KEY (R5).

    The newest unretired key signs. A retired key's public half stays in the JWKS until
    every ID token it signed has expired.
    """

    id = fields.IntField(primary_key=True)
    kid = fields.CharField(max_length=64, unique=True)
    private_key_sealed = fields.TextField()
    public_jwk = fields.TextField()
    created_at = fields.DatetimeField()
    retired_at = fields.DatetimeField(null=True)

    class Meta:
        table = "oidc_signing_keys"
