"""GraphQL types of team management (T1, T2, T3)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from backend.models import Role
from backend.services.factors import authenticator_app, passkey
from backend.services.factors.base import Holdings
from backend.services.team import Member

strawberry.enum(Role, name="TeamRole")


@strawberry.type(description="T1: the account a login works in, and its role there.")
class TeamAccount:
    owner_id: strawberry.ID = strawberry.field(
        description="I1: the stable ID of the account's owner (your own `Me.id` if you own it)."
    )
    owner_email: str
    role: Role


@strawberry.type(description="T2: a login of the team; `status` is invited, active or deactivated.")
class TeamMember:
    id: strawberry.ID
    name: str
    email: str
    role: Role
    status: str
    last_signed_in_at: datetime | None
    authenticator_app: bool
    passkeys: bool = strawberry.field(
        description="T3: the member has passkeys (resetTeamMemberApp removes them too)."
    )

    @classmethod
    def of(cls, member: Member, holdings: Holdings) -> TeamMember:
        """`holdings`: what the member holds (read for all members at once for a list)."""
        user = member.user
        return cls(
            id=strawberry.ID(str(user.id)),
            name=user.display_name,
            email=member.email,
            role=Role(user.role),
            status=member.status,
            last_signed_in_at=user.last_signed_in_at,
            authenticator_app=authenticator_app.FACTOR.held(holdings),
            passkeys=passkey.FACTOR.held(holdings),
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
