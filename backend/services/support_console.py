"""The support console (H1, S2, A4): staff see requests and act on confirmed ones only.

Every function takes the acting user and refuses anyone without the support role, so the
pages and the GraphQL API cannot disagree about who may do what.
"""

from __future__ import annotations

from backend.deps import Deps
from backend.errors import Forbidden, InvalidInput, NotConfirmed, NotFound
from backend.i18n import N_
from backend.models import EventKind, RequestKind, RequestStatus, SupportRequest, User
from backend.services import account_status, security_alerts
from backend.services.activity_details import Detail, DetailKind
from backend.services.client_info import ClientInfo
from backend.services.identity import normalize_email
from backend.transaction import transaction

PAGE_SIZE = 50


def _require_support(staff: User) -> None:
    if not staff.is_support or not staff.is_active:
        raise Forbidden(N_("Only support staff can use the support console."))


async def list_requests(
    staff: User, status: RequestStatus | None = None, after: int | None = None
) -> list[SupportRequest]:
    """Newest first, PAGE_SIZE at a time (`after` is the last id seen)."""
    _require_support(staff)
    query = SupportRequest.all()
    if status is not None:
        query = query.filter(status=status)
    if after is not None:
        query = query.filter(id__lt=after)
    return await query.order_by("-id").limit(PAGE_SIZE)


async def _open_request(request_id: int) -> SupportRequest:
    request = await SupportRequest.get_or_none(id=request_id)
    if request is None:
        raise NotFound(N_("There is no such request."))
    return request


async def reset_security_question(
    deps: Deps, staff: User, request_id: int, client: ClientInfo
) -> SupportRequest:
    """S2: only for a confirmed request; the user sets a new question at the next login."""
    _require_support(staff)
    request = await _open_request(request_id)
    if request.kind != RequestKind.RESET_SECURITY_QUESTION:
        raise InvalidInput(N_("This request did not ask for a security question reset."))
    if request.status == RequestStatus.UNCONFIRMED or request.user_id is None:
        raise NotConfirmed()
    async with transaction():
        done = await SupportRequest.filter(id=request.id, status=RequestStatus.OPEN).update(
            status=RequestStatus.DONE, resolved_at=deps.clock.now(), resolved_by_id=staff.id
        )
        if not done:
            raise InvalidInput(N_("This request was already handled."))
        await User.filter(id=request.user_id).update(
            security_question_reset=True, security_answer_hash=""
        )
        # SE2: the person is told (issue 22 #16), and that it was not them.
        await security_alerts.notify(
            deps,
            await User.get(id=request.user_id),
            EventKind.SECURITY_QUESTION_CHANGED,
            client,
            Detail(DetailKind.RESET_BY_SUPPORT),
            done_by=N_("Our support team"),
        )
    return await _open_request(request.id)


async def close_request(deps: Deps, staff: User, request_id: int) -> SupportRequest:
    """Mark a request handled (for example after helping by email)."""
    _require_support(staff)
    request = await _open_request(request_id)
    if request.status == RequestStatus.DONE:
        raise InvalidInput(N_("This request was already handled."))
    await SupportRequest.filter(id=request.id).update(
        status=RequestStatus.DONE, resolved_at=deps.clock.now(), resolved_by_id=staff.id
    )
    return await _open_request(request.id)


async def set_account_active(
    deps: Deps, staff: User, email: str, active: bool, client: ClientInfo
) -> User:
    """A4 from the console: staff cannot switch off their own account by mistake."""
    _require_support(staff)
    user = await User.get_or_none(email=normalize_email(email))
    if user is None:
        raise NotFound(N_("No account uses that email address."))
    if user.id == staff.id:
        raise InvalidInput(N_("You cannot deactivate your own account here."))
    return await account_status.set_active(
        deps, user, active, client, Detail(DetailKind.BY_SUPPORT, {"email": staff.email})
    )
