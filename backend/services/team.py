"""Team members (T1, T2, T3): owner-created logins with their own credentials and MFA.

The owner (or an admin) invites a member by email; the member sets their own password and
security question from a single-use link, then signs in like anyone (the email factor is on;
they may add the app). Who may do what is decided here only, so pages and GraphQL agree:
owners manage everyone, admins manage members and admins but never the owner, members
manage nobody.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tortoise.exceptions import IntegrityError

from backend.deps import Deps
from backend.errors import Forbidden, InvalidInput, InvalidLink, NotFound
from backend.i18n import N_
from backend.models import EventKind, Passkey, Role, User
from backend.services import access, account_status, activity, rate_limits, security_alerts
from backend.services.activity_details import Detail, DetailKind, named
from backend.services.client_info import ClientInfo
from backend.services.credentials import new_credentials
from backend.services.factors import authenticator_app, authenticators, email_code, registry
from backend.services.factors import passkey as passkey_factor
from backend.services.identity import normalize_email
from backend.services.password_confirmation import confirm_password
from backend.services.tokens import hash_token, new_token
from backend.transaction import transaction

INVITE_DAYS = 7
TAKEN = (
    "This address already has its own login, so it cannot join this team with it. "
    "Ask whoever invited you to invite another address."
)
MAX_NAME = 100


class MemberStatus:
    INVITED = "invited"
    ACTIVE = "active"
    DEACTIVATED = "deactivated"


INVITED_PLACEHOLDER = "invitation:"  # + random hex: never a valid address, never looked up


@dataclass(frozen=True)
class Member:
    user: User

    @property
    def email(self) -> str:
        """The member's address (for an invitation, the address it was sent to)."""
        return self.user.invite_email or self.user.email

    @property
    def status(self) -> str:
        if not self.user.password_hash:
            return MemberStatus.INVITED
        return MemberStatus.ACTIVE if self.user.is_active else MemberStatus.DEACTIVATED


def account_owner_id(user: User) -> int:
    """The account a login works in: its own, or its owner's (T1)."""
    return user.account_owner_id or user.id


def _require_manager(actor: User) -> None:
    if Role(actor.role) not in (Role.OWNER, Role.ADMIN):
        raise Forbidden(N_("Only the account owner or an admin can manage the team."))


async def _member_of(actor: User, member_id: int) -> User:
    """A member of the actor's account that the actor may manage (never the owner)."""
    _require_manager(actor)
    if member_id == actor.id:
        raise InvalidInput(N_("You cannot do that to your own login."))
    member = await User.get_or_none(id=member_id, account_owner_id=account_owner_id(actor))
    if member is None:
        raise NotFound(N_("There is no such team member."))
    return member


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > MAX_NAME or not cleaned.isprintable():
        raise InvalidInput(
            N_("Give the member's name (up to %(count)s characters).", count=MAX_NAME),
            field="name",
        )
    return cleaned


def _member_role(role: Role) -> Role:
    if role == Role.OWNER:
        raise InvalidInput(N_("An account has one owner; choose admin or member."), field="role")
    return role


async def _mail_invitation(deps: Deps, member: User, owner: User) -> None:
    """A new single-use link (an earlier one stops working), mailed with the same commit."""
    token = new_token()
    expires_at = deps.clock.now() + timedelta(days=INVITE_DAYS)
    await User.filter(id=member.id).update(
        invite_token_hash=hash_token(token), invite_expires_at=expires_at
    )
    await deps.mailer.send(
        Member(member).email,
        N_(
            "You are invited to %(owner)s's %(service_name)s account",
            owner=owner.email,
            service_name=deps.settings.service_name,
        ),
        "team_invitation",
        # A new member has chosen no language yet: the owner's is the better guess.
        language=member.language or owner.language,
        expires_at=expires_at,
        name=member.display_name,
        owner=owner.email,
        link=f"{deps.settings.base_url}/invite?token={token}",
        days=INVITE_DAYS,
    )


async def list_members(actor: User) -> tuple[User, list[Member]]:
    """The account's owner and its members, for those who manage the team."""
    _require_manager(actor)
    owner = await User.get(id=account_owner_id(actor))
    members = await User.filter(account_owner_id=owner.id).order_by("display_name", "id")
    return owner, [Member(m) for m in members]


async def invite(deps: Deps, actor: User, name: str, email: str, role: Role) -> Member:
    """T1: a login for someone else, who sets their own password from the emailed link."""
    _require_manager(actor)
    display_name, address, role = _clean_name(name), normalize_email(email), _member_role(role)
    owner = await User.get(id=account_owner_id(actor))
    await rate_limits.hit(deps, rate_limits.INVITATION_EMAILS_PER_ACCOUNT, str(owner.id))
    if await User.filter(invite_email=address, account_owner_id=owner.id).exists():
        raise InvalidInput(
            N_("That address is already invited: resend the invitation."), field="email"
        )
    async with transaction():
        member = await User.create(
            email=INVITED_PLACEHOLDER + new_token()[:32],
            invite_email=address,
            display_name=display_name,
            role=role,
            account_owner_id=owner.id,
            password_hash="",
            security_question="",
            security_answer_hash="",
            created_at=deps.clock.now(),
        )
        await email_code.FACTOR.turn_on(member.id, deps.clock.now())
        await _mail_invitation(deps, member, owner)
    return Member(member)


async def resend_invitation(deps: Deps, actor: User, member_id: int) -> Member:
    """A new link (the old one stops working) for a member who has not accepted yet."""
    member = await _member_of(actor, member_id)
    if Member(member).status != MemberStatus.INVITED:
        raise InvalidInput(N_("This member has already accepted the invitation."))
    owner = await User.get(id=account_owner_id(actor))
    await rate_limits.hit(deps, rate_limits.INVITATION_EMAILS_PER_MEMBER, str(member.id))
    await rate_limits.hit(deps, rate_limits.INVITATION_EMAILS_PER_ACCOUNT, str(owner.id))
    async with transaction():
        await _mail_invitation(deps, member, owner)
    return Member(await User.get(id=member.id))


async def revoke_invitation(actor: User, member_id: int) -> None:
    member = await _member_of(actor, member_id)
    if Member(member).status != MemberStatus.INVITED:
        raise InvalidInput(N_("This member already accepted; deactivate or remove them instead."))
    await User.filter(id=member.id, password_hash="").delete()


async def invitation_for(deps: Deps, token: str) -> tuple[User, User]:
    """The invited member and the owner behind a live link; InvalidLink otherwise."""
    if not token or len(token) > 200:
        raise InvalidLink()
    member = await User.get_or_none(invite_token_hash=hash_token(token), password_hash="")
    if member is None or member.invite_expires_at is None:
        raise InvalidLink()
    if deps.clock.now() >= member.invite_expires_at or member.account_owner_id is None:
        raise InvalidLink()
    return member, await User.get(id=member.account_owner_id)


async def accept_invitation(
    deps: Deps, token: str, password: str, question: str, answer: str
) -> User:
    """T1: the member's own password and question (A1-A3 rules); the link works once.

    The invited address becomes the login's address now; if it has a login of its own by
    then (it had one all along, or signed up meanwhile), the invitation cannot be used.
    """
    member, _ = await invitation_for(deps, token)
    address = Member(member).email
    credentials = await new_credentials(deps, address, password, question, answer)
    if await User.filter(email=address).exclude(id=member.id).exists():
        raise InvalidLink(TAKEN)
    try:
        accepted = await User.filter(
            id=member.id, invite_token_hash=hash_token(token), password_hash=""
        ).update(
            email=address,
            invite_email=None,
            **credentials.columns(),
            invite_token_hash=None,
            invite_expires_at=None,
            email_verified_at=deps.clock.now(),  # the link came to this mailbox
        )
    except IntegrityError:
        raise InvalidLink(TAKEN) from None  # the address signed up a moment ago
    if not accepted:
        raise InvalidLink()
    return await User.get(id=member.id)


async def set_member_active(
    deps: Deps, actor: User, member_id: int, active: bool, client: ClientInfo
) -> Member:
    """T2: a deactivated member's sessions and devices end at once; reactivation keeps all."""
    member = await _member_of(actor, member_id)
    user = await account_status.set_active(
        deps, member, active, client, Detail(DetailKind.BY_PERSON, {"email": actor.email})
    )
    return Member(user)


async def change_role(actor: User, member_id: int, role: Role) -> Member:
    member = await _member_of(actor, member_id)
    await User.filter(id=member.id).update(role=_member_role(role))
    return Member(await User.get(id=member.id))


async def remove_member(actor: User, member_id: int) -> None:
    """T2: the login is deleted with its sessions, devices and codes."""
    member = await _member_of(actor, member_id)
    async with transaction():
        await access.revoke_all(member.id)
        await User.filter(id=member.id).delete()


async def reset_member_app(
    deps: Deps, actor: User, member_id: int, actor_password: str, client: ClientInfo
) -> Member:
    """T3: a member lost their phone. The actor confirms their own password; the member's
    app secret, recovery code and passkeys (issue 19: the phone may hold those too) are
    deleted (email codes are turned on so a factor stays), the member is emailed, and both
    activity logs say so. No secret or code is shown."""
    member = await _member_of(actor, member_id)
    await confirm_password(deps, actor, actor_password)
    holdings = await registry.holdings_of(member)
    app, passkey = authenticator_app.FACTOR, passkey_factor.FACTOR
    has_app = app.held(holdings) or app.enrollment_pending(holdings)
    has_passkeys = passkey.held(holdings)
    if not has_app and not has_passkeys:
        raise InvalidInput(N_("This member has no authenticator app or passkey to reset."))
    reset = Detail(
        DetailKind.FACTORS_RESET,
        {"app": int(has_app), "passkeys": int(has_passkeys), "by": actor.email},
    )
    async with transaction():
        await Passkey.filter(user_id=member.id).delete()
        await app.turn_off(member.id)  # the recovery code too
        await authenticators.drop(member.id, passkey.kind)
        await User.filter(id=member.id).update(app_enrollment_pending=False)
        await email_code.FACTOR.turn_on(member.id, deps.clock.now())
        await security_alerts.notify(
            deps,
            member,
            EventKind.FACTOR_DISABLED,
            client,
            reset,
            done_by=actor.email,
        )
        await activity.record(
            deps, actor.id, EventKind.MEMBER_APP_RESET, client, named(member.email)
        )
    return Member(await User.get(id=member.id))
