"""Team management (T1, T2, T3): thin resolvers over services/team.py."""

from __future__ import annotations

from typing import Annotated

import strawberry

from backend.models import Role
from backend.resolvers.ids import number
from backend.resolvers.outcome import user_errors
from backend.schema.context import Context
from backend.schema.errors import (
    FactorState,
    Forbidden,
    InvalidCredentials,
    InvalidInput,
    InvalidLink,
    NotAuthenticated,
    NotFound,
    RateLimited,
)
from backend.schema.return_to import ReturnToArgument, after_sign_in
from backend.schema.team import (
    Invitation,
    InvitationAccepted,
    Team,
    TeamMember,
    TeamMemberChanged,
    TeamMemberRemoved,
)
from backend.services import team

Info = strawberry.Info[Context, None]
NO_MEMBER = "There is no such team member."

TeamResult = Annotated[Team | Forbidden | NotAuthenticated, strawberry.union("TeamResult")]
Refusals = Forbidden | NotFound | InvalidInput | NotAuthenticated
TeamMemberResult = Annotated[
    TeamMemberChanged | FactorState | InvalidCredentials | RateLimited | Refusals,
    strawberry.union("TeamMemberResult"),
]
TeamMemberRemovedResult = Annotated[
    TeamMemberRemoved | Refusals, strawberry.union("TeamMemberRemovedResult")
]
InvitationResult = Annotated[Invitation | InvalidLink, strawberry.union("InvitationResult")]
AcceptInvitationResult = Annotated[
    InvitationAccepted | InvalidLink | InvalidInput, strawberry.union("AcceptInvitationResult")
]


@user_errors
async def team_query(info: Info) -> TeamResult:
    """T2: the owner and every member, with status and last sign-in (owner and admins)."""
    session = await info.context.signed_in()
    owner, members = await team.list_members(session.user)
    return Team(owner_email=owner.email, members=[TeamMember.of(m) for m in members])


@user_errors
async def invite_team_member(info: Info, name: str, email: str, role: Role) -> TeamMemberResult:
    """T1: the member gets an emailed link to set their own password and question."""
    ctx = info.context
    session = await ctx.signed_in()
    member = await team.invite(ctx.deps, session.user, name, email, role)
    return TeamMemberChanged(member=TeamMember.of(member))


@user_errors
async def resend_invitation(info: Info, member_id: strawberry.ID) -> TeamMemberResult:
    ctx = info.context
    session = await ctx.signed_in()
    member = await team.resend_invitation(ctx.deps, session.user, number(member_id, NO_MEMBER))
    return TeamMemberChanged(member=TeamMember.of(member))


@user_errors
async def revoke_invitation(info: Info, member_id: strawberry.ID) -> TeamMemberRemovedResult:
    session = await info.context.signed_in()
    await team.revoke_invitation(session.user, number(member_id, NO_MEMBER))
    return TeamMemberRemoved(id=member_id)


@user_errors
async def set_team_member_active(
    info: Info, member_id: strawberry.ID, active: bool
) -> TeamMemberResult:
    """T2: deactivating ends the member's sessions at once."""
    ctx = info.context
    session = await ctx.signed_in()
    member = await team.set_member_active(
        ctx.deps, session.user, number(member_id, NO_MEMBER), active, ctx.client
    )
    return TeamMemberChanged(member=TeamMember.of(member))


@user_errors
async def change_team_member_role(
    info: Info, member_id: strawberry.ID, role: Role
) -> TeamMemberResult:
    session = await info.context.signed_in()
    member = await team.change_role(session.user, number(member_id, NO_MEMBER), role)
    return TeamMemberChanged(member=TeamMember.of(member))


@user_errors
async def remove_team_member(info: Info, member_id: strawberry.ID) -> TeamMemberRemovedResult:
    """T2: the login is deleted; the owner can never be removed."""
    session = await info.context.signed_in()
    await team.remove_member(session.user, number(member_id, NO_MEMBER))
    return TeamMemberRemoved(id=member_id)


@user_errors
async def reset_team_member_app(
    info: Info, member_id: strawberry.ID, password: str
) -> TeamMemberResult:
    """T3: after confirming your own password; you never see the member's secrets."""
    ctx = info.context
    session = await ctx.signed_in()
    member = await team.reset_member_app(
        ctx.deps, session.user, number(member_id, NO_MEMBER), password, ctx.client
    )
    return TeamMemberChanged(member=TeamMember.of(member))


@user_errors
async def invitation(info: Info, token: str) -> InvitationResult:
    member, owner = await team.invitation_for(info.context.deps, token)
    return Invitation(
        email=team.Member(member).email, name=member.display_name, owner_email=owner.email
    )


@user_errors
async def accept_invitation(
    info: Info,
    token: str,
    password: str,
    security_question: str,
    security_answer: str,
    return_to: ReturnToArgument = None,
) -> AcceptInvitationResult:
    """T1: your own password and security question; the link then stops working."""
    member = await team.accept_invitation(
        info.context.deps, token, password, security_question, security_answer
    )
    return InvitationAccepted(email=member.email, return_to=after_sign_in(info, return_to))
