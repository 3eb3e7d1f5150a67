"""SE3: the security activity log as GraphQL types, read page by page."""

from __future__ import annotations

from datetime import datetime

import strawberry

from backend.i18n import Text
from backend.models import EventKind, SecurityEvent
from backend.schema.context import Context
from backend.services import activity_details
from backend.services.activity import DESCRIPTIONS, ActivityPage
from backend.services.user_agents import describe

strawberry.enum(EventKind, name="ActivityKind")


def _description(root: ActivityEvent, info: strawberry.Info[Context, None]) -> str:
    return DESCRIPTIONS[root.kind].translate(info.context.language)


def _detail(root: ActivityEvent, info: strawberry.Info[Context, None]) -> str:
    return _worded(root.shown_detail, info)


def _device(root: ActivityEvent, info: strawberry.Info[Context, None]) -> str:
    return _worded(root.shown_device, info)


def _worded(shown: Text | str, info: strawberry.Info[Context, None]) -> str:
    return shown.translate(info.context.language) if isinstance(shown, Text) else shown


@strawberry.type(description="One entry of the security activity log.")
class ActivityEvent:
    id: strawberry.ID
    kind: EventKind
    description: str = strawberry.field(
        resolver=_description, description="What happened, for people, in their language (X1)."
    )
    detail: str = strawberry.field(
        resolver=_detail,
        description="Which factor, device or address, when it says; in the reader's language.",
    )
    device: str = strawberry.field(
        resolver=_device, description="The browser, in the reader's language (X1)."
    )
    ip_address: str
    at: datetime
    shown_detail: strawberry.Private[Text | str]
    shown_device: strawberry.Private[Text | str]

    @classmethod
    def of(cls, event: SecurityEvent) -> ActivityEvent:
        return cls(
            id=strawberry.ID(str(event.id)),
            kind=EventKind(event.kind),
            shown_detail=activity_details.of_event(event),
            shown_device=describe(event.user_agent) if event.user_agent else "",
            ip_address=event.client_ip,
            at=event.created_at,
        )


@strawberry.type(description="Newest first; pass `nextCursor` as `after` for older entries.")
class ActivityConnection:
    events: list[ActivityEvent]
    next_cursor: strawberry.ID | None

    @classmethod
    def of(cls, page: ActivityPage) -> ActivityConnection:
        cursor = page.next_cursor
        return cls(
            events=[ActivityEvent.of(event) for event in page.events],
            next_cursor=strawberry.ID(str(cursor)) if cursor is not None else None,
        )
