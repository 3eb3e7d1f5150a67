"""Reading the numeric IDs the schema hands out as opaque `ID`s."""

from __future__ import annotations

import strawberry

from backend.errors import NotFound

MAX_DIGITS = 18  # fits a 64-bit column


def parse(text: str) -> int | None:
    """The row number spelled by `text` in ASCII digits, else None.

    `str.isdigit()` alone is not enough: "²" and "٣" (Arabic-Indic) are digits to it, and
    `int()` raises on the first and reads the second as 3: only 0-9 name a row.
    """
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_DIGITS:
        return None
    return int(text)


def number(id_: strawberry.ID, missing: str | None = None) -> int:
    """The row number behind `id_`; NotFound (with `missing` as its message) for anything else."""
    row = parse(str(id_))
    if row is None:
        raise NotFound(missing)
    return row
