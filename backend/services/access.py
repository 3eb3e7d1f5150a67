"""Ending a user's access at once (SE1, L6, SE2, I4): sessions, trusted devices, open login
attempts, every link mailed for the account (reset, email change, helper confirmation,
invitation) and the tokens applications hold.

Password changes and resets, "This wasn't me" and deactivation all call this, so none of
them can forget one of those. A lock ends the attempts only (`end_attempts`).
"""

from __future__ import annotations

from tortoise.expressions import F

from backend.models import LoginAttempt, Session, TrustedDevice, User
from backend.services import oidc_grants


async def end_attempts(user_id: int) -> None:
    """Every open login attempt and step-up of the user ends: one opened before a lock or
    with an old password must not finish afterwards."""
    await LoginAttempt.filter(user_id=user_id).delete()


async def revoke_all(user_id: int, keep_session_id: int | None = None) -> None:
    """Every session (but `keep_session_id`, the one making a change), trusted device,
    open login attempt or step-up, mailed link (a new security epoch) and application
    token ends."""
    sessions = Session.filter(user_id=user_id)
    if keep_session_id is not None:
        sessions = sessions.exclude(id=keep_session_id)
    await sessions.delete()
    await TrustedDevice.filter(user_id=user_id).delete()
    await end_attempts(user_id)
    await User.filter(id=user_id).update(
        security_epoch=F("security_epoch") + 1, invite_token_hash=None, invite_expires_at=None
    )
    await oidc_grants.revoke_for_user(user_id)
