"""The emailed code (L4): six digits mailed for the attempt; on for every new account."""

from __future__ import annotations

from backend.deps import Deps
from backend.i18n import N_
from backend.models import LoginAttempt, User
from backend.services import email_codes
from backend.services.client_info import ClientInfo
from backend.services.factors.base import Check, Factor, Holdings
from backend.services.factors.six_digits import six_digits


class EmailCode(Factor):
    kind = "email"
    name = "EMAIL"
    label = N_("Email")
    instead = N_("Use email instead")
    noun = "email code"
    amr = "otp"
    template = "partials/factors/email.html"
    switchable = True

    def held(self, holdings: Holdings) -> bool:
        return holdings.user.email_factor_enabled

    async def prepare(self, deps: Deps, attempt: LoginAttempt, client: ClientInfo) -> None:
        await email_codes.send_login_code(deps, attempt, client)

    def check(self, deps: Deps, attempt: LoginAttempt, answer: str) -> Check:
        code = six_digits(answer)

        async def consume() -> int:
            await email_codes.consume_login_code(deps, attempt, code)
            return 0

        return consume

    async def turn_off(self, user_id: int) -> None:
        await User.filter(id=user_id).update(email_factor_enabled=False)

    async def turn_on(self, user_id: int) -> None:
        """M4: emailed codes work again."""
        await User.filter(id=user_id).update(email_factor_enabled=True)


FACTOR = EmailCode()
