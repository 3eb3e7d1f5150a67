"""The security activity log (SE3): what happened to an account, newest first."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from backend.deps import Deps
from backend.i18n import DEFAULT_LANGUAGE, N_
from backend.models import EventKind, SecurityEvent
from backend.services.activity_details import Detail
from backend.services.client_info import ClientInfo
from backend.transaction import after_commit

PAGE_SIZE_LIMIT = 50
# O3: one line per event, for log-based alerting; what the activity log shows, no secrets.
security_log = logging.getLogger("latchkey.security")

DESCRIPTIONS = {
    EventKind.SIGNED_IN: N_("Signed in"),
    EventKind.SIGN_IN_FAILED: N_("Failed sign-in: wrong password"),
    EventKind.CODE_FAILED: N_("Failed sign-in: wrong code"),
    EventKind.RECOVERY_CODE_USED: N_("Signed in with the recovery code"),
    EventKind.FACTOR_ENABLED: N_("Second factor turned on"),
    EventKind.FACTOR_DISABLED: N_("Second factor turned off"),
    EventKind.DEVICE_REMEMBERED: N_("Device remembered for 30 days"),
    EventKind.DEVICE_FORGOTTEN: N_("Remembered device forgotten"),
    EventKind.SESSION_ENDED: N_("Signed out elsewhere"),
    EventKind.PASSWORD_CHANGED: N_("Password changed"),
    EventKind.EMAIL_CHANGED: N_("Email address changed"),
    EventKind.SECURITY_QUESTION_CHANGED: N_("Security question changed"),
    EventKind.ACCOUNT_LOCKED: N_("Account locked after too many failures"),
    EventKind.ACCOUNT_SECURED: N_('"This wasn\'t me": signed out everywhere'),
    EventKind.ACCOUNT_DEACTIVATED: N_("Account deactivated"),
    EventKind.ACCOUNT_REACTIVATED: N_("Account reactivated"),
    EventKind.MEMBER_APP_RESET: N_("Reset a team member's authenticator app"),
    EventKind.APP_AUTHORIZED: N_("Allowed an application to sign you in"),
    EventKind.APP_TOKENS_ISSUED: N_("Signed in to an application"),
}


@dataclass(frozen=True)
class ActivityPage:
    events: list[SecurityEvent]
    next_cursor: int | None


async def record(
    deps: Deps,
    user_id: int,
    kind: EventKind,
    client: ClientInfo | None = None,
    detail: Detail | None = None,
) -> SecurityEvent:
    """Append one event; `detail` says which factor, device or address it was about (X1: as a
    stable kind and values, put into words in the language of whoever reads the log).

    The event is also logged, once the step's transaction has committed (a rolled-back step
    did not happen)."""
    client = client or ClientInfo()
    event = await SecurityEvent.create(
        user_id=user_id,
        kind=kind,
        detail_kind=str(detail.kind) if detail else "",
        detail_params=dict(detail.params) if detail else None,
        created_at=deps.clock.now(),
        user_agent=client.user_agent[:300],
        client_ip=client.ip[:64],
    )
    shown = detail.text().translate(DEFAULT_LANGUAGE) if detail else ""
    fields = {"kind": str(kind), "user_id": user_id, "detail": shown, "ip": event.client_ip}
    after_commit(lambda: security_log.info("security event", extra=fields))
    return event


async def page_for(user_id: int, first: int, after: int | None = None) -> ActivityPage:
    """Up to `first` events older than the cursor `after` (an event id), newest first."""
    first = max(1, min(first, PAGE_SIZE_LIMIT))
    query = SecurityEvent.filter(user_id=user_id)
    if after is not None:
        query = query.filter(id__lt=after)
    rows = await query.order_by("-id").limit(first + 1)
    more = len(rows) > first
    rows = rows[:first]
    return ActivityPage(events=rows, next_cursor=rows[-1].id if more else None)


async def is_new_browser(user_id: int, client: ClientInfo) -> bool:
    """SE2: a sign-in is from a new device when this user never signed in with this browser
    before (same user-agent string). The very first sign-in is not news to anyone."""
    signed_in = SecurityEvent.filter(user_id=user_id, kind=EventKind.SIGNED_IN)
    if not await signed_in.exists():
        return False
    return not await signed_in.filter(user_agent=client.user_agent[:300]).exists()
