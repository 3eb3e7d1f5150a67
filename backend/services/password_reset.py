"""Forgot password (P1): a signed, expiring, single-use link sent to the account's address.

The link carries a fingerprint of the current password hash, so it stops working the moment
the password changes; the change itself is a conditional UPDATE on that hash, so two
concurrent uses cannot both succeed.
"""

from __future__ import annotations

from datetime import timedelta

from backend.deps import Deps
from backend.errors import InvalidLink
from backend.i18n import N_
from backend.models import EventKind, User
from backend.services import access, captcha, rate_limits, security_alerts, signed_links
from backend.services.activity_details import Detail, DetailKind
from backend.services.client_info import ClientInfo
from backend.services.identity import normalize_email
from backend.services.passwords import check_password_policy
from backend.services.tokens import hash_token
from backend.transaction import transaction

SALT = "latchkey.password-reset"
SUBJECT = N_("Reset your password")


def _fingerprint(password_hash: str) -> str:
    return hash_token(password_hash)[:24]


async def request_reset(
    deps: Deps, email: str, client: ClientInfo, captcha_solution: str = ""
) -> None:
    """Email a reset link if the account exists; the caller learns nothing either way."""
    await rate_limits.hit(
        deps, rate_limits.EMAILS_PER_ADDRESS, rate_limits.address_of(deps, client)
    )
    await captcha.guard(deps, captcha.Action.PASSWORD_RESET, client, captcha_solution)
    address = normalize_email(email)
    user = await User.get_or_none(email=address, is_active=True)
    if user is not None and user.password_hash:  # an invited member accepts the invitation
        await send_link(deps, user)


async def send_link(deps: Deps, user: User, to: str | None = None) -> None:
    """Mail `user` a link that sets a new password (also used by "This wasn't me", SE2, which
    sends it to the address its alert went to)."""
    token = signed_links.make_for(deps, SALT, user, {"f": _fingerprint(user.password_hash)})
    await deps.mailer.send(
        to or user.email,
        SUBJECT,
        "password_reset",
        language=user.language,
        expires_at=deps.clock.now() + timedelta(minutes=deps.settings.reset_link_minutes),
        link=f"{deps.settings.base_url}/reset?token={token}",
        minutes=deps.settings.reset_link_minutes,
    )


async def _user_for(deps: Deps, token: str) -> User:
    max_age = deps.settings.reset_link_minutes * 60
    user, payload = await signed_links.read_for(deps, SALT, token, max_age)
    if _fingerprint(user.password_hash) != payload.get("f"):
        raise InvalidLink()
    return user


async def check_link(deps: Deps, token: str) -> str:
    """The email a valid link is for (to show on the form); InvalidLink otherwise."""
    return (await _user_for(deps, token)).email


async def reset_password(deps: Deps, token: str, new_password: str, client: ClientInfo) -> None:
    """Set a new password (A2 rules); every session ends; the next login still asks for MFA."""
    await rate_limits.hit(
        deps, rate_limits.CODE_CHECKS_PER_ADDRESS, rate_limits.address_of(deps, client)
    )
    user = await _user_for(deps, token)
    check_password_policy(new_password, user.email)
    new_hash = await deps.passwords.hash(new_password)
    async with transaction():
        changed = await User.filter(id=user.id, password_hash=user.password_hash).update(
            password_hash=new_hash,
            email_verified_at=user.email_verified_at or deps.clock.now(),
            failed_logins=0,
            locked_at=None,
        )
        if not changed:
            raise InvalidLink()
        await access.revoke_all(user.id)
        await security_alerts.notify(
            deps, user, EventKind.PASSWORD_CHANGED, client, Detail(DetailKind.RESET_LINK)
        )
