"""GraphQL types of team management (T1, T2, T3)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from backend.models import Role, User
from backend.services.factors import authenticator_app, passkey, registry
from backend.services.team import Member

strawberry.enum(Role, name="TeamRole")


@strawberry.type(description="T1: the account a login works in, and its role there.")
class TeamAccount:
    owner_id: strawberry.ID = strawberry.field(
        description="I1: the stable ID of the account's owner (your own `Me.id` if you own it)."
    )
    owner_email: str
    role: Role


async def _has_passkeys(root: TeamMember) -> bool:
    return passkey.FACTOR.held(await registry.holdings_of(root.user))


@strawberry.type(description="T2: a login of the team; `status` is invited, active or deactivated.")
class TeamMember:
    id: strawberry.ID
    name: str
    email: str
    role: Role
    status: str
    last_signed_in_at: datetime | None
    user: strawberry.Private[User]

    @strawberry.field
    async def authenticator_app(self) -> bool:
        return authenticator_app.FACTOR.held(await registry.holdings_of(self.user))

    passkeys: bool = strawberry.field(
        resolver=_has_passkeys,
        description="T3: the member has passkeys (resetTeamMemberApp removes them too).",
    )

    @classmethod
    def of(cls, member: Member) -> TeamMember:
        user = member.user
        return cls(
            id=strawberry.ID(str(user.id)),
            name=user.display_name,
            email=member.email,
            role=Role(user.role),
            status=member.status,
            last_signed_in_at=user.last_signed_in_at,
            user=user,
        )


@strawberry.type
class Team:
    owner_email: str
    members: list[TeamMember]


@strawberry.type
class TeamMemberChanged:
    member: TeamMember


@strawberry.type
class TeamMemberRemoved:
    id: strawberry.ID


@strawberry.type(description="T1: who invited you, to set your password and question.")
class Invitation:
    email: str
    name: str
    owner_email: str


@strawberry.type(description="T1: your login is ready: log in with your email and password.")
class InvitationAccepted:
    email: str
    return_to: str = strawberry.field(
        description="I2: the checked returnTo (else /profile): pass it to `login` as returnTo."
    )
