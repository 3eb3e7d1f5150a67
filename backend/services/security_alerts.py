"""Security emails (SE2): tell the owner what changed, with a "This wasn't me" link.

The link is signed and names one logged event; `activity_reports.report` acts on it.
"""

from __future__ import annotations

from backend.deps import Deps
from backend.i18n import N_, Text
from backend.models import EventKind, SecurityEvent, User
from backend.services import activity, signed_links
from backend.services.activity_details import Detail, of_event
from backend.services.client_info import ClientInfo
from backend.services.user_agents import describe
from backend.transaction import transaction

SALT = "latchkey.report-activity"
# How long a "This wasn't me" link works (and so how long an email change can be undone).
REPORT_DAYS = 14

SUBJECTS = {
    EventKind.SIGNED_IN: N_("New sign-in to your account"),
    EventKind.RECOVERY_CODE_USED: N_("Your recovery code was used"),
    EventKind.FACTOR_ENABLED: N_("A sign-in factor was turned on"),
    EventKind.FACTOR_DISABLED: N_("A sign-in factor was turned off"),
    EventKind.PASSWORD_CHANGED: N_("Your password was changed"),
    EventKind.EMAIL_CHANGED: N_("Your email address was changed"),
    EventKind.SECURITY_QUESTION_CHANGED: N_("Your security question was changed"),
}


async def notify(
    deps: Deps,
    user: User,
    kind: EventKind,
    client: ClientInfo,
    detail: Detail | None = None,
    to: str | None = None,
    done_by: str | Text = "",
) -> SecurityEvent:
    """Log the event (SE3) and email the owner about it (SE2), at `to` if given.

    `done_by` names someone else who made the change (an account owner, T3): the email then
    cannot say "if this was you, there is nothing to do".
    """
    async with transaction():
        event = await activity.record(deps, user.id, kind, client, detail)
        await _mail_alert(deps, user, event, client, to or user.email, done_by)
    return event


async def _mail_alert(
    deps: Deps,
    user: User,
    event: SecurityEvent,
    client: ClientInfo,
    to: str,
    done_by: str | Text,
) -> None:
    # "a": the address this alert goes to; for an email change, the one from before it.
    token = signed_links.make(deps, SALT, {"e": event.id, "u": user.id, "a": to})
    kind = EventKind(event.kind)
    subject = SUBJECTS[kind]
    detail = of_event(event)  # X1: in the recipient's language
    what = N_("%(what)s: %(detail)s", what=subject, detail=detail) if detail else subject
    await deps.mailer.send(
        to,
        subject,
        "security_alert",
        language=user.language,
        what=what,
        when=event.created_at,  # written in the recipient's language, with its time zone
        device=describe(client.user_agent),
        ip_address=client.ip or N_("unknown"),
        report_link=f"{deps.settings.base_url}/secure-account?token={token}",
        undo_days=REPORT_DAYS if kind == EventKind.EMAIL_CHANGED else None,
        done_by=done_by,
    )
