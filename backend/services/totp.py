"""Authenticator-app codes (L5, M2): RFC 6238, SHA-1, 6 digits, 30 s, one step of drift."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

import pyotp
import segno

DRIFT_STEPS = 1


@dataclass(frozen=True)
class Enrollment:
    """What a person needs to add the account to an app: QR, URI, and the key to type."""

    otpauth_uri: str
    setup_key: str
    qr_svg_data_uri: str


def new_secret() -> str:
    return pyotp.random_base32(length=32)


def enrollment_for(secret: str, email: str, issuer: str) -> Enrollment:
    """M2: issuer and account email in the label, so several accounts in one app stay apart."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    qr = segno.make(uri, error="m")
    return Enrollment(
        otpauth_uri=uri,
        setup_key=grouped,
        qr_svg_data_uri=qr.svg_data_uri(scale=5, border=2, title=quote(f"{issuer}: {email}")),
    )


def matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The newest time step within ±1 of now whose code equals `code`, else None."""
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in range(current + DRIFT_STEPS, current - DRIFT_STEPS - 1, -1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None
