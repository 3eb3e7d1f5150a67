"""The recovery code (L7): one high-entropy code, stored as a keyed hash, used once."""

from __future__ import annotations

import re
import secrets

from backend.services.tokens import hash_code

ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: easy to copy by hand
GROUPS, GROUP_LENGTH = 4, 5
SHAPE = re.compile(rf"^[{ALPHABET}]{{{GROUPS * GROUP_LENGTH}}}$")


def new_code() -> str:
    """About 98 bits: 20 characters from 30, shown as XXXXX-XXXXX-XXXXX-XXXXX."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH))
    return "-".join(raw[i : i + GROUP_LENGTH] for i in range(0, len(raw), GROUP_LENGTH))


def canonical(code: str) -> str | None:
    """What a person typed, without dashes, spaces or case; None when it cannot be a code."""
    cleaned = re.sub(r"[\s-]", "", code).upper()
    return cleaned if SHAPE.match(cleaned) else None


def hash_of(secret_key: str, code: str) -> str:
    return hash_code(secret_key, "recovery:" + (canonical(code) or ""))
