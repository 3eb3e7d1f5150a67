"""S1: whether a session passed a second factor recently enough for a guarded change.

A session remembers when its user last passed a second factor. Changing the password or the
email address, or adding a factor, needs that to be within FRESH_FOR; otherwise the session
asks for a new code through a step-up (backend/services/login/step_up.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from backend.deps import Deps
from backend.errors import StepUpRequired
from backend.models import Session
from backend.services.sessions import NO_SECOND_FACTOR

FRESH_FOR = timedelta(minutes=15)


def fresh_until(session: Session) -> datetime:
    return session.second_factor_at + FRESH_FOR


def reason(deps: Deps, session: Session) -> str | None:
    """Why a guarded change asks this session for a code now (None: it does not).

    A session signed in by a remembered device has had no code at all, however recent the
    sign-in: saying "your last code was 15 minutes ago" there would be false.
    """
    if deps.clock.now() < fresh_until(session):
        return None
    if session.second_factor_at == NO_SECOND_FACTOR:
        return "You signed in with a remembered device, so this session has not had a code yet."
    minutes = int(FRESH_FOR.total_seconds() // 60)
    return f"Your last code in this session was more than {minutes} minutes ago."


def require_fresh(deps: Deps, session: Session) -> None:
    """StepUpRequired unless this session passed a second factor in the last 15 minutes."""
    why = reason(deps, session)
    if why is not None:
        raise StepUpRequired(f"{why} For your security, confirm it's you with a code first.")
