"""Accounts as release 8146bf6 stored them, for the upgrade test (O1).

The hashes, the sealed TOTP secret and the passkey were made by that release's own code
(`git archive 8146bf6`; PasswordHasher, SecretBox keyed with tests/upgrade's SECRET_KEY,
hash_token, a P-256 key in COSE form), so a later change to how they are read shows here.
Times are relative to the test's now: a session must still be inside its idle timeout.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

PASSWORD = "correct horse battery staple"
TOTP_SECRET = "XN4WZSXV7WXGCOUSUUG2F6C6CZ7TVBT5"
SESSION_TOKEN = "9iklksscnuVaryKGNgZpL_3AkgbB9GeHmZp97jrmeQ0"
DEVICE_TOKEN = "SXOTaOK8b4TuN1HLQ0X-chDCcGVlg4EMIP5Ft0szBsY"
APP_USER = "app@example.com"
DEVICE_USER = "device@example.com"
PASSKEY_NAME = "Laptop"

_PASSWORD_HASH = (
    "$argon2id$v=19$m=8192,t=1,p=1$EWgpKRhhmW5Df4sb0T+c6w"
    "$MkxrZf74/qfqrlUbz7S6DSgmWfYuWuUP1Iu3+UuW3OE"
)
_ANSWER_HASH = (
    "$argon2id$v=19$m=8192,t=1,p=1$WXtHEumYNsu5ZvPKuFC3IQ"
    "$0mm0hb7YfIFh4ebQPkDSET4LdQcSPFZX9hF5P9OaunE"
)
_TOTP_SEALED = (
    "gAAAAABrBClQXzmjrv2EhgIte0tu0SfB-vwR0-1ab4h7JbjxdhiVOgM95tfEMsfwLKVoYmV7x9VqCmDc15wv7qk0OZSmvR09"
    "h7zT53aw7HF3tuDD22YaHxLMVsw2evnP_xcu6pRBp-0u"
)
_SESSION_HASH = "e9e6bbeb564fc7871e6d89b9e3a77dab63463250e02deb61d9df3c6aa94a24e7"
_DEVICE_HASH = "de589d4cc5da171968fe9a44564a60ed22a72119e4a49cb609328aaf9c6ce3a2"
_PUBLIC_KEY = (
    "pQECAyYgASFYIJcuspzVysnG5VSDBNaTT5vNzFqYalA_0feEcsAAdekOIlggFd8IbtLzm8qSb4eYfULBkBlps6Vsh8pf"
    "eNtj9ZWI2Sw"
)
_CREDENTIAL_ID = "q3yH-auylw00NROhjKOPgl1RhmmPmFJvCroMcbr56FY"


def _user(user_id: int, email: str, created: datetime, **overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": user_id,
        "email": email,
        "display_name": email.split("@")[0],
        "role": "owner",
        "account_owner_id": None,
        "invite_token_hash": None,
        "invite_expires_at": None,
        "last_signed_in_at": created,
        "password_hash": _PASSWORD_HASH,
        "security_question": "What was the name of your first pet?",
        "security_answer_hash": _ANSWER_HASH,
        "email_factor_enabled": True,
        "app_enrollment_pending": False,
        "totp_secret_encrypted": None,
        "totp_last_step": None,
        "recovery_code_hash": None,
        "passkeys_enabled": False,
        "passkey_challenge": None,
        "passkey_challenge_expires_at": None,
        "security_question_reset": False,
        "email_verified_at": created,
        "is_active": True,
        "is_support": False,
        "failed_logins": 0,
        "locked_at": None,
        "created_at": created,
    }
    return row | overrides


def rows(now: datetime) -> list[tuple[str, dict[str, Any]]]:
    """(table, row) in an order the foreign keys accept."""
    week_ago = now - timedelta(days=7)
    hour_ago = now - timedelta(hours=1)
    client = {"user_agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0", "client_ip": "::1"}
    return [
        (
            "users",
            _user(
                1,
                APP_USER,
                week_ago,
                email_factor_enabled=False,
                totp_secret_encrypted=_TOTP_SEALED,
                totp_last_step=int(week_ago.timestamp()) // 30,
                recovery_code_hash="0" * 64,
            ),
        ),
        ("users", _user(2, DEVICE_USER, week_ago, passkeys_enabled=True)),
        (
            "sessions",
            {
                "id": 1,
                "token_hash": _SESSION_HASH,
                "created_at": hour_ago,
                "last_seen_at": now - timedelta(minutes=5),
                "expires_at": hour_ago + timedelta(hours=12),
                "second_factor_at": hour_ago,
                "user_id": 2,
            }
            | client,
        ),
        (
            "trusted_devices",
            {
                "id": 1,
                "token_hash": _DEVICE_HASH,
                "created_at": week_ago,
                "expires_at": week_ago + timedelta(days=30),
                "last_used_at": hour_ago,
                "user_id": 2,
            }
            | client,
        ),
        (
            "passkeys",
            {
                "id": 1,
                "name": PASSKEY_NAME,
                "credential_id": _CREDENTIAL_ID,
                "public_key": _PUBLIC_KEY,
                "sign_count": 3,
                "created_at": week_ago,
                "last_used_at": hour_ago,
                "user_id": 2,
            },
        ),
        (
            "security_events",
            {
                "id": 1,
                "kind": "factor_enabled",
                "detail": "authenticator app",
                "created_at": week_ago,
                "reported_at": None,
                "user_id": 1,
            }
            | client,
        ),
        # DEVICE_USER half-way through a step-up (S1) of session 1 when the upgrade runs: on
        # SQLite a migration that rebuilt `sessions` would cascade-delete this row.
        (
            "login_attempts",
            {
                "id": 1,
                "token_hash": "1" * 64,
                "email": DEVICE_USER,
                "state": "second_factor",
                "method": "email",
                "pending_totp_secret_encrypted": None,
                "pending_recovery_code_encrypted": None,
                "webauthn_challenge": None,
                "code_guesses": 0,
                "remember_device": False,
                "codes_sent": 1,
                "last_code_sent_at": now - timedelta(minutes=1),
                "created_at": now - timedelta(minutes=1),
                "expires_at": now + timedelta(minutes=14),
                "step_up_of_id": 1,
                "user_id": 2,
            },
        ),
        ("rate_counters", {"key": "login:addr:::1", "window_start": 0, "hits": 1}),
    ]
