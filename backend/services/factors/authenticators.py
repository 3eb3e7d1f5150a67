"""Where factors keep what a user holds (issue 16): rows of `authenticators`, one per kind.

A factor module decides what its row's `data` and `counter` mean; these functions only store
them, so a new factor needs no column and no migration.
"""

from __future__ import annotations

from datetime import datetime

from backend.models import Authenticator


async def held_by(user_id: int) -> dict[str, Authenticator]:
    """Every authenticator of a user, by kind, in one query."""
    return {row.kind: row for row in await Authenticator.filter(user_id=user_id)}


async def held_by_each(user_ids: list[int]) -> dict[int, dict[str, Authenticator]]:
    """Every authenticator of several users, by user and kind, in one query."""
    held: dict[int, dict[str, Authenticator]] = {user_id: {} for user_id in user_ids}
    for row in await Authenticator.filter(user_id__in=user_ids):
        held[row.user_id][row.kind] = row
    return held


async def get(user_id: int, kind: str) -> Authenticator | None:
    return await Authenticator.get_or_none(user_id=user_id, kind=kind)


async def put(
    user_id: int, kind: str, now: datetime, *, data: str = "", counter: int | None = None
) -> None:
    """Hold `kind` from now on, replacing what was held of it (a new recovery code replaces
    the old one at once). One upsert, so two requests holding it at once (a double-submitted
    enrolment) both succeed and leave one row."""
    row = Authenticator(user_id=user_id, kind=kind, data=data, counter=counter, created_at=now)
    await Authenticator.bulk_create(
        [row],
        on_conflict=["user_id", "kind"],
        update_fields=["data", "counter", "created_at", "last_used_at"],
    )


async def keep(user_id: int, kind: str, now: datetime) -> None:
    """Hold `kind` (with no data of its own) unless it is held already."""
    await Authenticator.get_or_create(user_id=user_id, kind=kind, defaults={"created_at": now})


async def drop(user_id: int, *kinds: str) -> None:
    """Forget these factors of a user outright, secrets and all."""
    await Authenticator.filter(user_id=user_id, kind__in=kinds).delete()


async def used(user_id: int, kind: str, now: datetime) -> None:
    """A check by this factor passed (the profile and the support console may show when)."""
    await Authenticator.filter(user_id=user_id, kind=kind).update(last_used_at=now)
