"""The end of a login (L2, S1, SE3, PK3, I4): what a sign-in proved is its assurance level,
and the session's freshness and `amr` follow from it."""

from __future__ import annotations

import pytest

from backend.deps import Deps
from backend.models import EventKind, Factor, SecurityEvent, Session, User
from backend.services.activity_details import of_event
from backend.services.login import freshness, sign_in
from backend.services.login.sign_in import Proof
from backend.services.sessions import Assurance
from tests.services.login.conftest import BROWSER


async def signed_in_with(deps: Deps, user: User, proof: Proof) -> tuple[Session, str]:
    """The session `proof` opens, and the activity entry it leaves (SE3)."""
    signed_in = await sign_in.signed_in(deps, user, BROWSER, proof)
    event = await SecurityEvent.get(user_id=user.id, kind=EventKind.SIGNED_IN)
    return await Session.get(id=signed_in.session.id), str(of_event(event))


async def test_l2_a_remembered_device_signs_in_at_aal1_and_the_next_guarded_change_asks(
    deps: Deps, jane: User
) -> None:
    """L2, S1: the password alone (the device skipped step 2) is AAL1: OIDC clients see
    only `pwd`, and a password change asks for a code at once."""
    assert sign_in.REMEMBERED_DEVICE.assurance == Assurance.AAL1
    session, detail = await signed_in_with(deps, jane, sign_in.REMEMBERED_DEVICE)
    assert session.amr == "pwd"
    assert detail == "with a remembered device"
    assert freshness.reason(deps, session) == (
        "You signed in with a remembered device, so this session has not had a code yet."
    )


@pytest.mark.parametrize(
    ("factor", "amr", "detail"),
    [
        (Factor.EMAIL, "pwd otp mfa", "email code"),
        (Factor.APP, "pwd otp mfa", "authenticator app"),
        (Factor.RECOVERY_CODE, "pwd otp mfa", "recovery code"),
        (Factor.PASSKEY, "pwd hwk mfa", "passkey"),
    ],
)
async def test_l3_a_password_and_a_second_factor_sign_in_at_aal2_and_fresh(
    deps: Deps, jane: User, factor: Factor, amr: str, detail: str
) -> None:
    """L3-L7, S1, I4: two factors: the session may make guarded changes for 15 minutes."""
    session, logged = await signed_in_with(deps, jane, Proof.two_factors(factor))
    assert (session.amr, logged) == (amr, detail)
    assert freshness.reason(deps, session) is None


async def test_pk3_a_passkey_alone_signs_in_at_aal2_without_a_password(
    deps: Deps, jane: User
) -> None:
    """PK3: a user-verified passkey is two factors with no password."""
    assert sign_in.PASSKEY_ALONE.assurance == Assurance.AAL2
    session, detail = await signed_in_with(deps, jane, sign_in.PASSKEY_ALONE)
    assert (session.amr, detail) == ("hwk user mfa", "passkey, no password")
    assert freshness.reason(deps, session) is None
