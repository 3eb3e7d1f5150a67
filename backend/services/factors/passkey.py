"""Passkeys as a second factor (PK2): the browser signs this attempt's WebAuthn challenge.

Registration, removal and signing in with a passkey alone live in services/passkeys.py, which
keeps this factor's authenticator (no data: the credentials are rows of `passkeys`) in step with
the user's passkeys.
"""

from __future__ import annotations

from backend.deps import Deps
from backend.errors import InvalidInput
from backend.i18n import N_
from backend.models import LoginAttempt
from backend.services.factors.base import Check, Factor


class Passkey(Factor):
    kind = "passkey"
    name = "PASSKEY"
    label = N_("Passkey")
    instead = N_("Use passkey instead")
    noun = N_("passkey")
    amr = "hwk"
    template = "partials/factors/passkey.html"
    typed = False  # the browser answers once the passkey is used

    def check(self, deps: Deps, attempt: LoginAttempt, answer: str) -> Check:
        if not answer.strip():
            raise InvalidInput(N_("Use your passkey first."), field="code")

        async def assertion() -> int:
            # Imported here: services/passkeys reaches the login flow (through accounts),
            # which reads this registry, so importing it at the top makes a cycle.
            from backend.services import passkeys

            await passkeys.check_assertion(deps, attempt, answer)
            return 0

        return assertion


FACTOR = Passkey()
