"""GraphQL types of the helper (H1, S2) and the support console (A4)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from backend.models import RequestKind, RequestStatus, SupportRequest

strawberry.enum(RequestKind, name="HelpRequestKind")
strawberry.enum(RequestStatus, name="HelpRequestStatus")


@strawberry.type(description="Filed; the answer is the same whether or not an account matched.")
class HelpRequestFiled:
    message: str


@strawberry.type
class HelpRequestConfirmed:
    message: str


@strawberry.type(description="A request as support staff see it.")
class SupportRequestItem:
    id: strawberry.ID
    kind: RequestKind
    status: RequestStatus
    email: str
    account_found: bool = strawberry.field(description="Whether the address has an account.")
    message: str
    created_at: datetime
    confirmed_at: datetime | None
    resolved_at: datetime | None

    @classmethod
    def of(cls, request: SupportRequest) -> SupportRequestItem:
        return cls(
            id=strawberry.ID(str(request.id)),
            kind=RequestKind(request.kind),
            status=RequestStatus(request.status),
            email=request.email,
            account_found=request.user_id is not None,
            message=request.message,
            created_at=request.created_at,
            confirmed_at=request.confirmed_at,
            resolved_at=request.resolved_at,
        )


@strawberry.type
class SupportRequestList:
    requests: list[SupportRequestItem]


@strawberry.type
class SupportRequestUpdated:
    request: SupportRequestItem


@strawberry.type
class AccountStatusChanged:
    email: str
    active: bool
