"""Deactivating and reactivating accounts (A4): the console and the CLI both call this.

A deactivated account cannot log in and its sessions and trusted devices end at once;
reactivation keeps the password (and everything else) as it was.
"""

from __future__ import annotations

from backend.deps import Deps
from backend.errors import FactorState
from backend.i18n import N_
from backend.models import EventKind, User
from backend.services import access, activity
from backend.services.activity_details import Detail
from backend.services.client_info import ClientInfo
from backend.transaction import transaction


async def set_active(
    deps: Deps,
    user: User,
    active: bool,
    client: ClientInfo | None = None,
    by: Detail | None = None,
) -> User:
    """Switch the account on or off; FactorState if it is already so."""
    async with transaction():
        changed = await User.filter(id=user.id, is_active=not active).update(is_active=active)
        if not changed:
            raise FactorState(
                N_("That account is already active.")
                if active
                else N_("That account is already deactivated.")
            )
        if not active:
            await access.revoke_all(user.id)
        kind = EventKind.ACCOUNT_REACTIVATED if active else EventKind.ACCOUNT_DEACTIVATED
        await activity.record(deps, user.id, kind, client, by)
    return await User.get(id=user.id)
