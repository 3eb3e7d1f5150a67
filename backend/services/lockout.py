"""Consecutive-failure lock (R2; NIST SP 800-63B 5.2.2): 100 failures in a row need a reset.

Failed passwords and failed second-factor codes both count; a successful login resets the
count. The owner is emailed once, when the lock happens. A stranger cannot do this quickly
(wrong passwords are also limited per email and address), and the owner gets back in with
the emailed reset link, which clears the lock.
"""

from __future__ import annotations

from tortoise.expressions import F

from backend.deps import Deps
from backend.i18n import N_
from backend.models import EventKind, User
from backend.services import access, activity
from backend.transaction import transaction

LOCK_AFTER = 100
SUBJECT = N_("Your account was locked")


async def record_failure(deps: Deps, user_id: int) -> bool:
    """Count one failure; the one that reaches the limit locks and emails (exactly once).
    True when this failure locked the account (which ends its logins under way)."""
    async with transaction():
        await User.filter(id=user_id).update(failed_logins=F("failed_logins") + 1)
        locked = await User.filter(
            id=user_id, failed_logins__gte=LOCK_AFTER, locked_at__isnull=True
        ).update(locked_at=deps.clock.now())
        if locked:
            await access.end_attempts(user_id)
            user = await User.get(id=user_id)
            await activity.record(deps, user_id, EventKind.ACCOUNT_LOCKED)
            await deps.mailer.send(
                user.email,
                SUBJECT,
                "account_locked",
                language=user.language,
                failures=LOCK_AFTER,
            )
    return bool(locked)


async def record_success(user_id: int) -> None:
    await User.filter(id=user_id, failed_logins__gt=0).update(failed_logins=0)
