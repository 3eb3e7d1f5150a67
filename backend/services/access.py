"""Ending a user's access at once: sessions and trusted devices together (SE1, L6).

Password changes and resets, "This wasn't me" and deactivation all call this, so none of
them can forget one of the two.
"""

from __future__ import annotations

from backend.models import Session, TrustedDevice


async def revoke_all(user_id: int, keep_session_id: int | None = None) -> None:
    """Every session (but `keep_session_id`, the one making a change) and trusted device ends."""
    sessions = Session.filter(user_id=user_id)
    if keep_session_id is not None:
        sessions = sessions.exclude(id=keep_session_id)
    await sessions.delete()
    await TrustedDevice.filter(user_id=user_id).delete()
