""" "This wasn't me" (SE2): the owner answers a security email.

Answering ends every session and trusted device of the user and emails a password-reset
link. A link works once (a conditional UPDATE marks its event as reported) and for
REPORT_DAYS after the email.
"""

from __future__ import annotations

from backend.deps import Deps
from backend.errors import InvalidLink
from backend.models import EventKind, SecurityEvent, User
from backend.services import access, activity, password_reset, signed_links
from backend.services.client_info import ClientInfo
from backend.services.security_alerts import SALT
from backend.transaction import transaction

REPORT_DAYS = 14


async def report(deps: Deps, token: str, client: ClientInfo) -> None:
    """ "This wasn't me": sign out everywhere, forget devices, and send a reset link.

    Raises InvalidLink for a forged, expired or already answered link.
    """
    payload = signed_links.read(deps, SALT, token, REPORT_DAYS * 24 * 3600)
    event_id, user_id = payload.get("e"), payload.get("u")
    if not isinstance(event_id, int) or not isinstance(user_id, int):
        raise InvalidLink()
    async with transaction():
        claimed = await SecurityEvent.filter(
            id=event_id, user_id=user_id, reported_at__isnull=True
        ).update(reported_at=deps.clock.now())
        if not claimed:
            raise InvalidLink()
        user = await User.get(id=user_id)
        await access.revoke_all(user.id)
        await activity.record(deps, user.id, EventKind.ACCOUNT_SECURED, client)
        if user.is_active:
            await password_reset.send_link(deps, user)
