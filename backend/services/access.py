"""Ending a user's access at once: sessions, trusted devices and open login attempts (SE1, L6).

Password changes and resets, "This wasn't me" and deactivation all call this, so none of
them can forget one of the three. A lock ends the attempts only (`end_attempts`).
"""

from __future__ import annotations

from backend.models import LoginAttempt, Session, TrustedDevice


async def end_attempts(user_id: int) -> None:
    """Every open login attempt and step-up of the user ends: one opened before a lock or
    with an old password must not finish afterwards."""
    await LoginAttempt.filter(user_id=user_id).delete()


async def revoke_all(user_id: int, keep_session_id: int | None = None) -> None:
    """Every session (but `keep_session_id`, the one making a change), trusted device and
    open login attempt or step-up ends."""
    sessions = Session.filter(user_id=user_id)
    if keep_session_id is not None:
        sessions = sessions.exclude(id=keep_session_id)
    await sessions.delete()
    await TrustedDevice.filter(user_id=user_id).delete()
    await end_attempts(user_id)
