"""Server-side sessions (SE1): opaque token out, its hash in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from backend.deps import Deps
from backend.models import EventKind, Session, User
from backend.services import activity, oidc_grants
from backend.services.activity_details import Detail, DetailKind
from backend.services.client_info import ClientInfo
from backend.services.session_lookup import session_with_user
from backend.services.tokens import hash_token, new_token
from backend.transaction import transaction

TOUCH_EVERY = timedelta(seconds=60)
NO_SECOND_FACTOR = datetime(1970, 1, 1, tzinfo=UTC)


class Assurance(StrEnum):
    """How much a sign-in proved (NIST SP 800-63B authenticator assurance levels)."""

    AAL1 = "aal1"  # the password; a remembered device (L2) stood in for the second factor
    AAL2 = "aal2"  # two factors: password and code, or a user-verified passkey (PK3)


def amr_of(second_factor: str | None, *, password: bool = True) -> str:
    """`amr` of a sign-in: the password, plus the second factor's RFC 8176 method reference
    (its `Factor.amr`: "otp" for a code, "hwk" for a passkey) and `mfa` when there was one.

    PK3: a passkey alone is a hardware key whose authenticator verified the user (`user`),
    two factors without a password.
    """
    if second_factor is None:
        return "pwd"
    if not password:
        return f"{second_factor} user mfa"
    return f"pwd {second_factor} mfa"


@dataclass(frozen=True)
class SignedIn:
    token: str
    session: Session
    user: User
    device_token: str | None = None
    # I2: the login attempt's checked return-to (None: the profile).
    return_to: str | None = None


async def create_session(
    deps: Deps,
    user: User,
    client: ClientInfo,
    *,
    assurance: Assurance,
    amr: str,
) -> SignedIn:
    """A new token at every login; it is shown once and stored only as a hash.

    A session at AAL1 (a trusted device skipped step 2) has no recent second factor, so
    guarded changes (S1) ask for a code first; OIDC clients read what was proved in `amr`.
    """
    now = deps.clock.now()
    token = new_token()
    session = await Session.create(
        token_hash=hash_token(token),
        user=user,
        created_at=now,
        last_seen_at=now,
        expires_at=now + timedelta(hours=deps.settings.session_absolute_hours),
        second_factor_at=now if assurance == Assurance.AAL2 else NO_SECOND_FACTOR,
        amr=amr,
        user_agent=client.user_agent[:300],
        client_ip=client.ip[:64],
    )
    return SignedIn(token=token, session=session, user=user)


async def session_for_token(deps: Deps, token: str) -> Session | None:
    """The live session for a token: one indexed lookup; idle and absolute limits apply."""
    if not token or len(token) > 200:
        return None
    session = await session_with_user(hash_token(token))
    if session is None:
        return None
    now = deps.clock.now()
    idle_limit = timedelta(minutes=deps.settings.session_idle_minutes)
    if now >= session.expires_at or now - session.last_seen_at >= idle_limit:
        await Session.filter(id=session.id).delete()
        return None
    if not session.user.is_active:
        return None
    if now - session.last_seen_at >= TOUCH_EVERY:
        await Session.filter(id=session.id).update(last_seen_at=now)
        session.last_seen_at = now
    return session


async def end_session(token: str) -> None:
    """Logout: the token stops working at once, on every instance."""
    await Session.filter(token_hash=hash_token(token)).delete()


async def list_for(deps: Deps, user_id: int) -> list[Session]:
    """SE1: the user's live sessions, most recently used first."""
    now = deps.clock.now()
    idle_since = now - timedelta(minutes=deps.settings.session_idle_minutes)
    return (
        await Session.filter(user_id=user_id, expires_at__gt=now, last_seen_at__gt=idle_since)
        .order_by("-last_seen_at", "-id")
        .limit(100)
    )


async def revoke(deps: Deps, current: Session, session_id: int, client: ClientInfo) -> bool:
    """End one of the user's own sessions (never anyone else's); False if there is none."""
    async with transaction():
        ended = await Session.filter(id=session_id, user_id=current.user_id).delete() == 1
        if ended:
            await activity.record(deps, current.user_id, EventKind.SESSION_ENDED, client)
    return ended


async def end_others(deps: Deps, current: Session, client: ClientInfo) -> int:
    """ "Sign out everywhere else": every session of the user but this one ends, and so do
    the tokens applications hold for the user (they must sign the person in again)."""
    async with transaction():
        ended = await Session.filter(user_id=current.user_id).exclude(id=current.id).delete()
        await oidc_grants.revoke_for_user(current.user_id)  # I4: applications sign in again
        if ended:
            detail = Detail(DetailKind.OTHER_SESSIONS, {"count": ended})
            await activity.record(deps, current.user_id, EventKind.SESSION_ENDED, client, detail)
    return ended
