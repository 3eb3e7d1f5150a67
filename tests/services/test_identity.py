"""Email normalising and masking (A1, L3) and answer normalising (A3)."""

from __future__ import annotations

import pytest

from backend.errors import InvalidInput
from backend.services.identity import mask_email, normalize_answer, normalize_email


@pytest.mark.parametrize(
    ("email", "masked"),
    [
        ("jane@example.com", "j•••@e•••.com"),
        ("bob.smith@mail.company.co.uk", "b•••@m•••.uk"),
    ],
)
def test_l3_masked_email_shows_only_first_letters(email: str, masked: str) -> None:
    """L3: the code screen shows j•••@e•••.com, never the address."""
    assert mask_email(email) == masked


def test_a3_answers_ignore_case_and_spacing() -> None:
    """A3."""
    assert normalize_answer("  The   Blue\tDOG ") == normalize_answer("the blue dog")
    assert normalize_answer("blue dog") != normalize_answer("bluedog")


def test_a1_email_is_normalised_or_refused() -> None:
    """A1: one spelling per mailbox; malformed addresses are an input error."""
    assert normalize_email("  Jane@Example.COM ") == "jane@example.com"
    for bad in ("", "jane", "jane@", "@example.com", "a" * 250 + "@x.com"):
        with pytest.raises(InvalidInput):
            normalize_email(bad)
