""" "This wasn't me" (SE2): the owner answers a security email.

Answering ends every session, trusted device, login attempt and mailed link of the user and
emails a password-reset link. A link works once (a conditional UPDATE marks its event as
reported) and for REPORT_DAYS after the email.

The alert about an email change goes to the address from before the change, and answering
it acts there: the account moves back to that address (unless another account took it
meanwhile) and the reset link goes to it, never to the address an intruder put in.
"""

from __future__ import annotations

from backend.deps import Deps
from backend.errors import InvalidLink
from backend.models import EventKind, SecurityEvent, User
from backend.services import access, activity, password_reset, signed_links
from backend.services.activity_details import Detail, DetailKind
from backend.services.client_info import ClientInfo
from backend.services.security_alerts import REPORT_DAYS, SALT
from backend.transaction import transaction


async def report(deps: Deps, token: str, client: ClientInfo) -> None:
    """ "This wasn't me": sign out everywhere, forget devices, and send a reset link.

    Raises InvalidLink for a forged, expired or already answered link.
    """
    payload = signed_links.read(deps, SALT, token, REPORT_DAYS * 24 * 3600)
    event_id, user_id, alerted = payload.get("e"), payload.get("u"), payload.get("a")
    if not isinstance(event_id, int) or not isinstance(user_id, int):
        raise InvalidLink()
    async with transaction():
        claimed = await SecurityEvent.filter(
            id=event_id, user_id=user_id, reported_at__isnull=True
        ).update(reported_at=deps.clock.now())
        if not claimed:
            raise InvalidLink()
        event = await SecurityEvent.get(id=event_id)
        await access.revoke_all(user_id)
        user = await User.get(id=user_id)
        detail = None
        if event.kind == EventKind.EMAIL_CHANGED and isinstance(alerted, str):
            detail = await _move_back(user, alerted)
            user = await User.get(id=user_id)
        await activity.record(deps, user.id, EventKind.ACCOUNT_SECURED, client, detail)
        if user.is_active:
            to = alerted if event.kind == EventKind.EMAIL_CHANGED else None
            await password_reset.send_link(deps, user, to=to if isinstance(to, str) else None)


async def _move_back(user: User, address: str) -> Detail | None:
    """Undo an email change: the account's address is `address` again, if still free."""
    if user.email == address:
        return None
    if await User.filter(email=address).exclude(id=user.id).exists():
        return Detail(DetailKind.EMAIL_NOT_MOVED_BACK, {"email": address})
    await User.filter(id=user.id).update(email=address)
    return Detail(DetailKind.EMAIL_MOVED_BACK, {"email": address})
