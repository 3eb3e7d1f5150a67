"""The authenticator app (L5, M2): RFC 6238 codes from a secret kept encrypted (R5).

The app is enrolled at a login after "Enable authenticator app" on the profile, once the
user's existing factor passed; each time step is accepted once.
"""

from __future__ import annotations

from backend.deps import Deps
from backend.errors import InvalidCode
from backend.i18n import N_
from backend.models import LoginAttempt, User
from backend.services import totp
from backend.services.factors.base import Check, Factor, Holdings
from backend.services.factors.six_digits import six_digits


class AuthenticatorApp(Factor):
    kind = "app"
    name = "APP"
    label = N_("Authenticator app")
    instead = N_("Use authenticator app instead")
    noun = "authenticator app"
    amr = "otp"
    template = "partials/factors/app.html"
    switchable = True

    def held(self, holdings: Holdings) -> bool:
        return holdings.user.totp_secret_encrypted is not None

    def enrollment_pending(self, holdings: Holdings) -> bool:
        """M2: asked for on the profile, to be set up after the next login's second factor."""
        return holdings.user.app_enrollment_pending and not self.held(holdings)

    async def schedule_enrollment(self, user_id: int) -> None:
        """M2: the next login enrolls the app once its existing factor passed."""
        await User.filter(id=user_id).update(app_enrollment_pending=True)

    async def turn_off(self, user_id: int) -> None:
        """The secret is deleted outright; the recovery code stands in for the app, so it
        goes with it."""
        await User.filter(id=user_id).update(
            totp_secret_encrypted=None, totp_last_step=None, recovery_code_hash=None
        )

    def check(self, deps: Deps, attempt: LoginAttempt, answer: str) -> Check:
        code = six_digits(answer)
        user = attempt.user

        async def accept_step() -> int:
            if user is None or not user.totp_secret_encrypted:
                raise InvalidCode()
            secret = deps.box.open(user.totp_secret_encrypted)
            step = totp.matching_step(secret, code, deps.clock.now())
            if step is None or not await totp.claim_step(user.id, step):
                raise InvalidCode()
            return step

        return accept_step

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
