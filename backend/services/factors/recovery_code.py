"""The recovery code (L7): stands in for a lost authenticator app; works once, then a new
one is shown. It is never a factor of its own (M3) and a step-up does not ask for it (S1)."""

from __future__ import annotations

from backend.deps import Deps
from backend.errors import InvalidCode, InvalidInput
from backend.i18n import N_
from backend.models import LoginAttempt
from backend.services import recovery_codes
from backend.services.factors.base import Check, Factor, Holdings


class RecoveryCode(Factor):
    kind = "recovery"
    name = "RECOVERY_CODE"
    label = N_("Recovery code")
    instead = N_("Use recovery code instead")
    noun = "recovery code"
    amr = "otp"
    template = "partials/factors/recovery.html"
    stands_alone = False
    for_step_up = False

    def held(self, holdings: Holdings) -> bool:
        return holdings.user.recovery_code_hash is not None

    def check(self, deps: Deps, attempt: LoginAttempt, answer: str) -> Check:
        if recovery_codes.canonical(answer) is None:
            raise InvalidInput(
                N_("Enter your recovery code (20 letters and digits)."), field="code"
            )
        user_id = attempt.user_id

        async def consume() -> int:
            if user_id is None or not await recovery_codes.consume(
                deps.settings.secret_key, user_id, answer
            ):
                raise InvalidCode()
            return 0

        return consume


FACTOR = RecoveryCode()
