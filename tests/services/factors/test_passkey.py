"""Passkeys (PK1, PK2) as a factor: held while one is registered, answered by the browser."""

from __future__ import annotations

import pytest
from webauthn.helpers import bytes_to_base64url

from backend.deps import Deps
from backend.errors import InvalidCode, InvalidInput
from backend.models import LoginAttempt, Passkey, User
from backend.services import passkeys
from backend.services.factors import authenticators, email_code, passkey
from tests.api.webauthn_device import SoftPasskey
from tests.services.factors.conftest import asking, held

FACTOR = passkey.FACTOR


async def registered(deps: Deps, jane: User) -> SoftPasskey:
    """A passkey of Jane's, as services/passkeys.register leaves it."""
    device = SoftPasskey(rp_id=deps.settings.rp_id, origin=deps.settings.origin)
    await Passkey.create(
        user_id=jane.id,
        name="Laptop",
        credential_id=bytes_to_base64url(device.credential_id),
        public_key=bytes_to_base64url(device._cose_key()),
        created_at=deps.clock.now(),
    )
    await authenticators.keep(jane.id, FACTOR.kind, deps.clock.now())
    return device


async def test_pk2_preferred_first_and_answered_by_the_browser_once(deps: Deps, jane: User) -> None:
    device = await registered(deps, jane)
    assert await held(jane) == (FACTOR, email_code.FACTOR)
    assert not FACTOR.typed and FACTOR.amr == "hwk"
    attempt = await asking(deps)
    assert attempt.method == FACTOR.kind
    with pytest.raises(InvalidInput):
        FACTOR.check(deps, attempt, " ")
    answer = device.get(await passkeys.login_options(deps, attempt))
    attempt = await LoginAttempt.get(id=attempt.id)  # with the challenge handed out
    assert await FACTOR.check(deps, attempt, answer)() == 0
    with pytest.raises(InvalidCode):
        await FACTOR.check(deps, attempt, answer)()  # the challenge was used


async def test_pk1_the_last_passkey_removed_it_is_no_longer_held(deps: Deps, jane: User) -> None:
    await registered(deps, jane)
    await authenticators.drop(jane.id, FACTOR.kind)
    assert await held(jane) == (email_code.FACTOR,)
