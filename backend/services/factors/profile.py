"""Turning second factors on and off from the profile (M2, M3, M4)."""

from __future__ import annotations

from backend.deps import Deps
from backend.errors import FactorState, LastFactor
from backend.i18n import N_
from backend.models import EventKind, Session, User
from backend.services import security_alerts
from backend.services.activity_details import factor_detail
from backend.services.client_info import ClientInfo
from backend.services.factors import authenticator_app, email_code, registry
from backend.services.factors.base import Factor, Holdings
from backend.services.login import freshness
from backend.services.password_confirmation import confirm_password
from backend.transaction import transaction


def only_one_factor(holdings: Holdings) -> bool:
    """M3: at most one factor that stands alone is on, so none can be disabled (the profile
    says so up front)."""
    return sum(1 for f in registry.held(holdings) if f.stands_alone) <= 1


async def schedule_app_enrollment(deps: Deps, session: Session, password: str) -> None:
    """M2: after the password, log out; enrollment follows the next login's existing factor.

    So someone who has only the password cannot put their own phone on the account; and,
    as for every new factor, the session must have passed a second factor within 15
    minutes (S1: a remembered browser alone is not enough).
    """
    user = session.user
    if authenticator_app.FACTOR.held(await registry.holdings_of(user)):
        raise FactorState(N_("The authenticator app is already on."))
    freshness.require_fresh(deps, session)
    await confirm_password(deps, user, password)
    await authenticator_app.FACTOR.schedule_enrollment(user.id)
    await Session.filter(id=session.id).delete()


async def disable(
    deps: Deps, user: User, factor: Factor, password: str, client: ClientInfo
) -> User:
    """M3: needs the password; never the last factor. LastFactor also when another request
    turned the other factor off meanwhile (the user row is locked while this one decides)."""
    if not factor.switchable or not factor.held(await registry.holdings_of(user)):
        raise FactorState(N_("That factor is already off."))
    await confirm_password(deps, user, password)
    async with transaction():
        locked = await User.select_for_update(no_key=True).get(id=user.id)
        holdings = await registry.holdings_of(locked)
        if not factor.held(holdings):
            raise FactorState(N_("That factor is already off."))
        if only_one_factor(holdings):
            raise LastFactor()
        await factor.turn_off(user.id)
    await security_alerts.notify(
        deps, user, EventKind.FACTOR_DISABLED, client, factor_detail(factor.kind)
    )
    return await User.get(id=user.id)


async def enable_email(deps: Deps, user: User, password: str, client: ClientInfo) -> User:
    """M4: with only the app on, the emailed code can be turned back on."""
    if email_code.FACTOR.held(await registry.holdings_of(user)):
        raise FactorState(N_("Email codes are already on."))
    await confirm_password(deps, user, password)
    await email_code.FACTOR.turn_on(user.id, deps.clock.now())
    await security_alerts.notify(
        deps, user, EventKind.FACTOR_ENABLED, client, factor_detail(email_code.FACTOR.kind)
    )
    return await User.get(id=user.id)
