"""TOTP (L5) against RFC 6238's published vectors, and the recovery-code shape (L7)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from backend.services import recovery_codes, totp
from backend.services.secret_box import SecretBox

RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of "12345678901234567890" (SHA-1 seed)


@pytest.mark.parametrize(
    ("unix_time", "eight_digits"),
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ],
)
def test_l5_rfc6238_sha1_vectors(unix_time: int, eight_digits: str) -> None:
    """L5: RFC 6238 appendix B (SHA-1); our 6-digit codes are the last six digits."""
    now = datetime.fromtimestamp(unix_time, UTC)
    step = totp.matching_step(RFC_SECRET, eight_digits[-6:], now)
    assert step == unix_time // 30


def test_l5_one_step_of_drift_either_way_and_no_more() -> None:
    """L5: the previous and next 30 s codes work; two steps away does not."""
    now = datetime.fromtimestamp(1_700_000_000, UTC)
    import pyotp

    app = pyotp.TOTP(RFC_SECRET)
    current = app.timecode(now)
    for offset in (-1, 0, 1):
        code = app.generate_otp(current + offset)
        assert totp.matching_step(RFC_SECRET, code, now) == current + offset
    for offset in (-2, 2):
        code = app.generate_otp(current + offset)
        if code not in {app.generate_otp(current + o) for o in (-1, 0, 1)}:
            assert totp.matching_step(RFC_SECRET, code, now) is None


def test_m2_otpauth_uri_names_issuer_and_account() -> None:
    """M2: issuer and email in the label, so several accounts in one app stay apart."""
    enrollment = totp.enrollment_for(RFC_SECRET, "jane@example.com", "Latchkey")
    assert enrollment.otpauth_uri.startswith("otpauth://totp/Latchkey:jane%40example.com?")
    assert "issuer=Latchkey" in enrollment.otpauth_uri
    assert f"secret={RFC_SECRET}" in enrollment.otpauth_uri
    assert enrollment.setup_key == "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"
    assert enrollment.qr_svg_data_uri.startswith("data:image/svg+xml")


def test_r5_secret_box_round_trips_and_refuses_another_key() -> None:
    """R5: TOTP secrets are sealed with a key derived from LATCHKEY_SECRET_KEY."""
    box = SecretBox("one key that is long enough for the tests")
    sealed = box.seal(RFC_SECRET)
    assert RFC_SECRET not in sealed and box.open(sealed) == RFC_SECRET
    with pytest.raises(ValueError, match="decrypted"):
        SecretBox("another key that is long enough too").open(sealed)


def test_l7_recovery_codes_are_readable_and_forgiving_to_type() -> None:
    """L7: XXXXX-XXXXX-XXXXX-XXXXX; dashes, spaces and case do not matter."""
    code = recovery_codes.new_code()
    assert len(code) == 23 and code.count("-") == 3
    assert recovery_codes.canonical(code.lower().replace("-", " ")) == code.replace("-", "")
    assert recovery_codes.canonical("not a code") is None
    assert recovery_codes.new_code() != code
