"""The helper (H1, S2), the new question after a reset, and the support console (A4)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from backend.i18n import N_
from backend.models import RequestKind, RequestStatus, SupportRequest, User
from backend.resolvers.ids import number
from backend.schema.captcha import CAPTCHA_HELP
from backend.schema.context import Context
from backend.schema.errors import (
    CaptchaRequired,
    FactorState,
    Forbidden,
    InvalidInput,
    InvalidLink,
    NotAuthenticated,
    NotConfirmed,
    NotFound,
    RateLimited,
    StepUpRequired,
)
from backend.schema.support import (
    AccountStatusChanged,
    HelpRequestConfirmed,
    HelpRequestFiled,
    SupportRequestItem,
    SupportRequestList,
    SupportRequestUpdated,
)
from backend.schema.types import Me, SecurityQuestionChanged
from backend.services import help_requests, profile_changes, support_console

Info = strawberry.Info[Context, None]
NO_REQUEST = "There is no such request."

FILED = N_(
    "Thank you. If an account uses that address, our support team will get back to you there. "
    "For a security question reset, we also emailed the account's address a link: the request "
    "counts only once it is confirmed from there."
)

FileHelpRequestResult = Annotated[
    HelpRequestFiled | InvalidInput | RateLimited | CaptchaRequired,
    strawberry.union("FileHelpRequestResult"),
]
ConfirmHelpRequestResult = Annotated[
    HelpRequestConfirmed | InvalidLink, strawberry.union("ConfirmHelpRequestResult")
]
SetNewQuestionResult = Annotated[
    SecurityQuestionChanged | InvalidInput | FactorState | StepUpRequired | NotAuthenticated,
    strawberry.union("SetNewSecurityQuestionResult"),
]
SupportRequestsResult = Annotated[
    SupportRequestList | Forbidden | NotAuthenticated, strawberry.union("SupportRequestsResult")
]
SupportRequestActionResult = Annotated[
    SupportRequestUpdated | NotConfirmed | NotFound | InvalidInput | Forbidden | NotAuthenticated,
    strawberry.union("SupportRequestActionResult"),
]
AccountStatusResult = Annotated[
    AccountStatusChanged | NotFound | InvalidInput | FactorState | Forbidden | NotAuthenticated,
    strawberry.union("AccountStatusResult"),
]


async def file_help_request(
    info: Info,
    email: str,
    kind: RequestKind,
    message: str = "",
    captcha: Annotated[str, strawberry.argument(description=CAPTCHA_HELP)] = "",
) -> FileHelpRequestResult:
    """H1, S2: the same answer whether or not an account uses the address."""
    ctx = info.context
    await help_requests.file_request(ctx.deps, email, kind, message, ctx.client, captcha)
    return HelpRequestFiled(message=FILED.translate(ctx.language))


async def confirm_help_request(info: Info, token: str) -> ConfirmHelpRequestResult:
    """S2: the link mailed to the registered address; works once."""
    await help_requests.confirm_request(info.context.deps, token)
    return HelpRequestConfirmed(
        message=N_(
            "Thank you: your request is confirmed. Our support team will reset your "
            "security question, and you will choose a new one at your next login."
        ).translate(info.context.language)
    )


async def set_new_security_question(
    info: Info, new_question: str, new_answer: str
) -> SetNewQuestionResult:
    """S2: after support reset it, choose a new question (needed before anything else)."""
    ctx = info.context
    session = await ctx.signed_in()
    user = await profile_changes.set_new_security_question(
        ctx.deps, session, new_question, new_answer, ctx.client
    )
    return SecurityQuestionChanged(me=Me.of(user))


async def support_requests(
    info: Info, status: RequestStatus | None = None, after: strawberry.ID | None = None
) -> SupportRequestsResult:
    """The console's list, newest first (support role only)."""
    session = await info.context.signed_in()
    cursor = number(after, NO_REQUEST) if after is not None else None
    rows = await support_console.list_requests(session.user, status, cursor)
    return SupportRequestList(requests=[SupportRequestItem.of(row) for row in rows])


async def _handling(info: Info, request_id: strawberry.ID) -> tuple[User, int]:
    """Which staff member acts (signed in, else NotAuthenticated) on which request."""
    session = await info.context.signed_in()
    return session.user, number(request_id, NO_REQUEST)


def _updated(request: SupportRequest) -> SupportRequestUpdated:
    return SupportRequestUpdated(request=SupportRequestItem.of(request))


async def support_reset_security_question(
    info: Info, request_id: strawberry.ID
) -> SupportRequestActionResult:
    """S2: only for a request its owner confirmed."""
    ctx = info.context
    staff, request = await _handling(info, request_id)
    return _updated(
        await support_console.reset_security_question(ctx.deps, staff, request, ctx.client)
    )


async def support_close_request(
    info: Info, request_id: strawberry.ID
) -> SupportRequestActionResult:
    staff, request = await _handling(info, request_id)
    return _updated(await support_console.close_request(info.context.deps, staff, request))


async def support_set_account_active(info: Info, email: str, active: bool) -> AccountStatusResult:
    """A4: deactivate (sessions and devices end at once) or reactivate (password kept)."""
    ctx = info.context
    session = await ctx.signed_in()
    user = await support_console.set_account_active(
        ctx.deps, session.user, email, active, ctx.client
    )
    return AccountStatusChanged(email=user.email, active=user.is_active)
