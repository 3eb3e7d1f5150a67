"""The authenticator app (L5, M2): RFC 6238 codes from a secret kept encrypted (R5).

The app is enrolled at a login after "Enable authenticator app" on the profile, once the
user's existing factor passed; each time step is accepted once. Its authenticator holds the
sealed secret (`data`) and the newest accepted time step (`counter`).
"""

from __future__ import annotations

from tortoise.expressions import Q

from backend.deps import Deps
from backend.errors import InvalidCode
from backend.i18n import N_
from backend.models import Authenticator, LoginAttempt, User
from backend.services import totp
from backend.services.factors import authenticators, recovery_code
from backend.services.factors.base import Check, Factor, Holdings
from backend.services.factors.six_digits import six_digits


class AuthenticatorApp(Factor):
    kind = "app"
    name = "APP"
    label = N_("Authenticator app")
    instead = N_("Use authenticator app instead")
    noun = N_("authenticator app")
    amr = "otp"
    template = "partials/factors/app.html"
    switchable = True

    def enrollment_pending(self, holdings: Holdings) -> bool:
        """M2: asked for on the profile, to be set up after the next login's second factor."""
        return holdings.user.app_enrollment_pending and not self.held(holdings)

    async def schedule_enrollment(self, user_id: int) -> None:
        """M2: the next login enrolls the app once its existing factor passed."""
        await User.filter(id=user_id).update(app_enrollment_pending=True)

    async def enroll(self, deps: Deps, user_id: int, sealed_secret: str, step: int) -> None:
        """M2: the newly scanned app proved itself with the code of time step `step`."""
        await authenticators.put(
            user_id, self.kind, deps.clock.now(), data=sealed_secret, counter=step
        )
        await User.filter(id=user_id).update(app_enrollment_pending=False)

    async def turn_off(self, user_id: int) -> None:
        """The secret is deleted outright; the recovery code stands in for the app, so it
        goes with it."""
        await authenticators.drop(user_id, self.kind, recovery_code.FACTOR.kind)

    def check(self, deps: Deps, attempt: LoginAttempt, answer: str) -> Check:
        code = six_digits(answer)
        user_id = attempt.user_id

        async def accept_step() -> int:
            app = None if user_id is None else await authenticators.get(user_id, self.kind)
            if app is None or not app.data:
                raise InvalidCode()
            step = totp.matching_step(deps.box.open(app.data), code, deps.clock.now())
            if step is None or not await self._claim_step(app, step):
                raise InvalidCode()
            return step

        return accept_step

    async def _claim_step(self, app: Authenticator, step: int) -> bool:
        """L5: accept a time step once per user, atomically (one conditional UPDATE)."""
        claimed = await Authenticator.filter(
            Q(counter__isnull=True) | Q(counter__lt=step), id=app.id
        ).update(counter=step)
        return claimed == 1

    def enrollment_check(self, deps: Deps, secret: str, answer: str) -> Check:
        """M2: the first code from a newly scanned app; returns its time step."""
        code = six_digits(answer)

        async def first_step() -> int:
            step = totp.matching_step(secret, code, deps.clock.now())
            if step is None:
                raise InvalidCode()
            return step

        return first_step


FACTOR = AuthenticatorApp()
