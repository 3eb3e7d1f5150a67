"""Issue 16: a factor is a unit. A fifth one, made and registered here (a PIN kept as its
authenticator), is offered, checked and signed in with by the login service unchanged."""

from __future__ import annotations

import hmac

import pytest

from backend.deps import Deps
from backend.errors import InvalidCode
from backend.i18n import Text
from backend.models import LoginAttempt, User
from backend.services.factors import authenticators, email_code, registry
from backend.services.factors.base import Check, Factor
from backend.services.login import password_step, second_factor
from backend.services.sessions import SignedIn
from tests.conftest import STRONG_PASSWORD
from tests.services.login.conftest import BROWSER, JANE


class Pin(Factor):
    kind, name, amr, template = "pin", "PIN", "pin", "partials/factors/pin.html"
    label, instead, noun = Text("PIN"), Text("Use PIN instead"), Text("PIN")

    def check(self, deps: Deps, attempt: LoginAttempt, answer: str) -> Check:
        async def compare() -> int:
            row = await authenticators.get(attempt.user_id or 0, self.kind)
            if row is None or not hmac.compare_digest(row.data, answer):
                raise InvalidCode()
            return 0

        return compare


async def test_issue16_a_factor_registered_in_a_test_signs_in(deps: Deps, jane: User) -> None:
    with registry.registered(Pin(), before=email_code.FACTOR) as pin:
        await authenticators.put(jane.id, pin.kind, deps.clock.now(), data="4321")
        step = await password_step.start_login(deps, JANE, STRONG_PASSWORD, BROWSER)
        assert (step.method, step.other_methods) == ("pin", ("email",))
        with pytest.raises(InvalidCode):
            await second_factor.verify_code(deps, step.token, "1234", BROWSER)
        done = await second_factor.verify_code(deps, step.token, "4321", BROWSER)
    assert isinstance(done, SignedIn) and done.session.amr == "pwd pin mfa"
    held = await authenticators.get(jane.id, "pin")
    assert held is not None and held.last_used_at == deps.clock.now()
