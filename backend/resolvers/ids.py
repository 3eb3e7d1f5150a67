"""Reading the numeric IDs the schema hands out as opaque `ID`s."""

from __future__ import annotations

import strawberry

from backend.errors import NotFound

MAX_DIGITS = 18  # fits a 64-bit column


def number(id_: strawberry.ID, missing: str | None = None) -> int:
    """The row number behind `id_`; NotFound (with `missing` as its message) for anything else."""
    text = str(id_)
    if not text.isdigit() or len(text) > MAX_DIGITS:
        raise NotFound(missing)
    return int(text)
