"""Random tokens and the one-way forms we store instead of them."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def new_token() -> str:
    """An opaque bearer token: 256 bits from the OS."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """Tokens carry 256 bits, so a plain SHA-256 is enough to make a stolen table useless."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_numeric_code(digits: int = 6) -> str:
    return f"{secrets.randbelow(10**digits):0{digits}d}"


def hash_code(secret_key: str, code: str) -> str:
    """Short codes are keyed (HMAC) so a leaked table cannot be brute-forced offline."""
    return hmac.new(secret_key.encode(), code.encode(), hashlib.sha256).hexdigest()


def same_hash(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)
