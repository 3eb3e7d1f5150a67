"""The emailed code (L4): six digits mailed for the attempt; on for every new account."""

from __future__ import annotations

from datetime import datetime

from backend.deps import Deps
from backend.i18n import N_
from backend.models import LoginAttempt
from backend.services import email_codes
from backend.services.client_info import ClientInfo
from backend.services.factors import authenticators
from backend.services.factors.base import Check, Factor
from backend.services.factors.six_digits import six_digits


class EmailCode(Factor):
    kind = "email"
    name = "EMAIL"
    label = N_("Email")
    instead = N_("Use email instead")
    noun = N_("email code")
    amr = "otp"
    template = "partials/factors/email.html"
    switchable = True

    async def prepare(self, deps: Deps, attempt: LoginAttempt, client: ClientInfo) -> None:
        await email_codes.send_login_code(deps, attempt, client)

    def check(self, deps: Deps, attempt: LoginAttempt, answer: str) -> Check:
        code = six_digits(answer)

        async def consume() -> int:
            await email_codes.consume_login_code(deps, attempt, code)
            return 0

        return consume

    async def turn_off(self, user_id: int) -> None:
        await authenticators.drop(user_id, self.kind)

    async def turn_on(self, user_id: int, now: datetime) -> None:
        """M4: emailed codes work again (on for every new account)."""
        await authenticators.keep(user_id, self.kind, now)


FACTOR = EmailCode()
