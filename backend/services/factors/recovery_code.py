"""The recovery code (L7): stands in for a lost authenticator app; works once, then a new
one is shown. It is never a factor of its own (M3) and a step-up does not ask for it (S1)."""

from __future__ import annotations

from backend.deps import Deps
from backend.errors import InvalidCode, InvalidInput
from backend.i18n import N_
from backend.models import Authenticator, LoginAttempt
from backend.services import recovery_codes
from backend.services.factors import authenticators
from backend.services.factors.base import Check, Factor


class RecoveryCode(Factor):
    kind = "recovery"
    name = "RECOVERY_CODE"
    label = N_("Recovery code")
    instead = N_("Use recovery code instead")
    noun = N_("recovery code")
    amr = "otp"
    template = "partials/factors/recovery.html"
    stands_alone = False
    for_step_up = False

    def check(self, deps: Deps, attempt: LoginAttempt, answer: str) -> Check:
        if recovery_codes.canonical(answer) is None:
            raise InvalidInput(
                N_("Enter your recovery code (20 letters and digits)."), field="code"
            )
        user_id = attempt.user_id
        digest = recovery_codes.hash_of(deps.settings.secret_key, answer)

        async def consume() -> int:
            # Works once: of any number of concurrent uses, one deletes the row.
            mine = Authenticator.filter(user_id=user_id, kind=self.kind, data=digest)
            if user_id is None or await mine.delete() != 1:
                raise InvalidCode()
            return 0

        return consume

    async def issue(self, deps: Deps, user_id: int, code: str) -> None:
        """A new code (shown once) replaces any old one at once; only its hash is kept."""
        digest = recovery_codes.hash_of(deps.settings.secret_key, code)
        await authenticators.put(user_id, self.kind, deps.clock.now(), data=digest)


FACTOR = RecoveryCode()
