"""Turning second factors on and off from the profile (M2, M3, M4)."""

from __future__ import annotations

from tortoise.expressions import Q

from backend.deps import Deps
from backend.errors import FactorState, LastFactor
from backend.models import EventKind, Factor, Session, User
from backend.services import security_alerts, step_up
from backend.services.client_info import ClientInfo
from backend.services.login_steps import methods_of
from backend.services.password_confirmation import confirm_password

FACTOR_NAMES = {Factor.APP: "authenticator app", Factor.EMAIL: "email code"}


def only_one_factor(user: User) -> bool:
    """M3: exactly one factor is on, so none can be disabled (the profile says so up front)."""
    enabled = [m for m in methods_of(user) if m in (Factor.APP, Factor.EMAIL, Factor.PASSKEY)]
    return len(enabled) <= 1


async def schedule_app_enrollment(deps: Deps, session: Session, password: str) -> None:
    """M2: after the password, log out; enrollment follows the next login's existing factor.

    So someone who has only the password cannot put their own phone on the account; and,
    as for every new factor, the session must have passed a second factor within 15
    minutes (S1: a remembered browser alone is not enough).
    """
    user = session.user
    if user.totp_secret_encrypted:
        raise FactorState("The authenticator app is already on.")
    step_up.require_fresh(deps, session)
    await confirm_password(deps, user, password)
    await User.filter(id=user.id).update(app_enrollment_pending=True)
    await Session.filter(id=session.id).delete()


async def disable(
    deps: Deps, user: User, factor: Factor, password: str, client: ClientInfo
) -> User:
    """M3: needs the password; never the last factor. The app's secret is deleted outright."""
    if factor not in (Factor.APP, Factor.EMAIL) or factor not in methods_of(user):
        raise FactorState("That factor is already off.")
    await confirm_password(deps, user, password)
    if only_one_factor(user):
        raise LastFactor()
    if factor == Factor.APP:
        # The recovery code stands in for the app, so it goes with it.
        changed = await User.filter(
            Q(email_factor_enabled=True) | Q(passkeys_enabled=True), id=user.id
        ).update(totp_secret_encrypted=None, totp_last_step=None, recovery_code_hash=None)
    else:
        changed = await User.filter(
            Q(totp_secret_encrypted__isnull=False) | Q(passkeys_enabled=True), id=user.id
        ).update(email_factor_enabled=False)
    if not changed:  # the other factor went off in a racing request
        raise LastFactor()
    await security_alerts.notify(
        deps, user, EventKind.FACTOR_DISABLED, client, FACTOR_NAMES[factor]
    )
    return await User.get(id=user.id)


async def enable_email(deps: Deps, user: User, password: str, client: ClientInfo) -> User:
    """M4: with only the app on, the emailed code can be turned back on."""
    if user.email_factor_enabled:
        raise FactorState("Email codes are already on.")
    await confirm_password(deps, user, password)
    await User.filter(id=user.id).update(email_factor_enabled=True)
    await security_alerts.notify(
        deps, user, EventKind.FACTOR_ENABLED, client, FACTOR_NAMES[Factor.EMAIL]
    )
    return await User.get(id=user.id)
