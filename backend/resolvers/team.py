"""Team management (T1, T2, T3): thin resolvers over services/team.py."""

from __future__ import annotations

from typing import Annotated

import strawberry

from backend.models import Role, User
from backend.resolvers.ids import number
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
from backend.services.factors import registry

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


async def team_query(info: Info) -> TeamResult:
    """T2: the owner and every member, with status and last sign-in (owner and admins)."""
    session = await info.context.signed_in()
    owner, members = await team.list_members(session.user)
    holdings = await registry.holdings_of_each([m.user for m in members])
    return Team(
        owner_email=owner.email,
        members=[TeamMember.of(m, holdings[m.user.id]) for m in members],
    )


async def _acting(info: Info, member_id: strawberry.ID) -> tuple[User, int]:
    """Who acts (signed in, else NotAuthenticated) and on which member (else NotFound)."""
    session = await info.context.signed_in()
    return session.user, number(member_id, NO_MEMBER)


async def _changed(member: team.Member) -> TeamMemberChanged:
    return TeamMemberChanged(member=TeamMember.of(member, await registry.holdings_of(member.user)))


async def invite_team_member(info: Info, name: str, email: str, role: Role) -> TeamMemberResult:
    """T1: the member gets an emailed link to set their own password and question."""
    ctx = info.context
    session = await ctx.signed_in()
    return await _changed(await team.invite(ctx.deps, session.user, name, email, role))


async def resend_invitation(info: Info, member_id: strawberry.ID) -> TeamMemberResult:
    deps = info.context.deps
    return await _changed(await team.resend_invitation(deps, *await _acting(info, member_id)))


async def revoke_invitation(info: Info, member_id: strawberry.ID) -> TeamMemberRemovedResult:
    await team.revoke_invitation(*await _acting(info, member_id))
    return TeamMemberRemoved(id=member_id)


async def set_team_member_active(
    info: Info, member_id: strawberry.ID, active: bool
) -> TeamMemberResult:
    """T2: deactivating ends the member's sessions at once."""
    ctx = info.context
    actor, member = await _acting(info, member_id)
    return await _changed(await team.set_member_active(ctx.deps, actor, member, active, ctx.client))


async def change_team_member_role(
    info: Info, member_id: strawberry.ID, role: Role
) -> TeamMemberResult:
    return await _changed(await team.change_role(*await _acting(info, member_id), role))


async def remove_team_member(info: Info, member_id: strawberry.ID) -> TeamMemberRemovedResult:
    """T2: the login is deleted; the owner can never be removed."""
    await team.remove_member(*await _acting(info, member_id))
    return TeamMemberRemoved(id=member_id)


async def reset_team_member_app(
    info: Info, member_id: strawberry.ID, password: str
) -> TeamMemberResult:
    """T3: after confirming your own password; you never see the member's secrets."""
    ctx = info.context
    actor, member = await _acting(info, member_id)
    return await _changed(
        await team.reset_member_app(ctx.deps, actor, member, password, ctx.client)
    )


async def invitation(info: Info, token: str) -> InvitationResult:
    member, owner = await team.invitation_for(info.context.deps, token)
    return Invitation(
        email=team.Member(member).email, name=member.display_name, owner_email=owner.email
    )


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
