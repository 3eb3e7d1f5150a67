"""The shape of a typed one-time code (an emailed code, an authenticator app's code)."""

from __future__ import annotations

import re

from backend.errors import InvalidInput
from backend.i18n import N_

SIX_DIGITS = re.compile(r"^\d{6}$")


def six_digits(code: str) -> str:
    """The code without spaces; InvalidInput unless six digits remain."""
    digits = "".join(code.split())
    if not SIX_DIGITS.match(digits):
        raise InvalidInput(N_("Enter the 6-digit code."), field="code")
    return digits
