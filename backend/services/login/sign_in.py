"""The end of a login (SE2, SE3, L6, PK3): the session, its activity entry, a remembered device.

What the sign-in proved is explicit (a `Proof` with its assurance level), so the session's
freshness (S1) and `amr` (I4) follow from it rather than from how it is described.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from backend.deps import Deps
from backend.models import EventKind, Factor, User
from backend.observability.metrics import LOGINS_SUCCEEDED
from backend.services import activity, lockout, security_alerts, trusted_devices
from backend.services.activity_details import Detail, DetailKind
from backend.services.client_info import ClientInfo
from backend.services.login import factor_checks
from backend.services.sessions import Assurance, SignedIn, amr_of, create_session


@dataclass(frozen=True)
class Proof:
    """What a sign-in proved: its assurance level and, at AAL2, the second factor."""

    assurance: Assurance
    second_factor: str | None = None  # its kind
    password: bool = True

    @classmethod
    def two_factors(cls, second_factor: str) -> Proof:
        """The password, then a second factor (L3-L7)."""
        return cls(Assurance.AAL2, second_factor)

    @property
    def how(self) -> Detail:
        """How the activity log (SE3) and the new-device email (SE2) say it was done."""
        if self.second_factor is None:
            return Detail(DetailKind.REMEMBERED_DEVICE)
        kind = DetailKind.FACTOR if self.password else DetailKind.WITHOUT_PASSWORD
        return Detail(kind, {"factor": str(self.second_factor)})


REMEMBERED_DEVICE = Proof(Assurance.AAL1)  # L2: the password; the device skipped step 2
PASSKEY_ALONE = Proof(Assurance.AAL2, Factor.PASSKEY, password=False)  # PK3


async def passwordless_sign_in(
    deps: Deps, user: User, client: ClientInfo, return_to: str | None
) -> SignedIn:
    """PK3: a user-verified passkey proved both factors; the sign-in is like any other, without
    "remember this device" (there is no second step to skip). `return_to` was checked (I2)."""
    return await signed_in(deps, user, client, PASSKEY_ALONE, return_to=return_to)


async def signed_in(
    deps: Deps,
    user: User,
    client: ClientInfo,
    proof: Proof,
    *,
    remember: bool = False,
    return_to: str | None = None,
) -> SignedIn:
    """Open the session; log the sign-in (SE3) and tell the owner when the browser is new (SE2).

    `remember` (L6) trusts this browser for the next sign-ins.
    `return_to` was checked when the login began (I2); it rides along to the caller.
    """
    LOGINS_SUCCEEDED.inc()
    await lockout.record_success(user.id)
    now = deps.clock.now()
    first_proof = {"email_verified_at": now} if user.email_verified_at is None else {}
    await User.filter(id=user.id).update(last_signed_in_at=now, **first_proof)
    fresh = await User.get(id=user.id)
    if await activity.is_new_browser(user.id, client):
        await security_alerts.notify(
            deps, fresh, EventKind.SIGNED_IN, client, proof.how.with_new_device()
        )
    else:
        await activity.record(deps, user.id, EventKind.SIGNED_IN, client, proof.how)
    second = None if proof.second_factor is None else factor_checks.amr_of(proof.second_factor)
    amr = amr_of(second, password=proof.password)
    session = replace(
        await create_session(deps, fresh, client, assurance=proof.assurance, amr=amr),
        return_to=return_to,
    )
    if not remember:
        return session
    device_token = await trusted_devices.remember(deps, user.id, client)
    await activity.record(deps, user.id, EventKind.DEVICE_REMEMBERED, client)
    return replace(session, device_token=device_token)
