"""PK3 "Sign in with a passkey": no email, no password, a discoverable passkey with user
verification, under the abuse rules of the password path (R1, R2).

The login captcha guards the challenge (the login page asks for one at each view, for the
browser's autofill, under a looser per-address limit of its own); the answer spends the
per-address login limit as a password does, and a refused answer counts towards the captcha
and, when it named someone's passkey, towards that user's lock. A passkey sign-in never
skips anything, so "remember this device" does not apply.
"""

from __future__ import annotations

from backend.deps import Deps
from backend.errors import DomainError
from backend.models import EventKind
from backend.observability.metrics import LOGINS_FAILED, LOGINS_STARTED
from backend.services import activity, captcha, lockout, passkeys, rate_limits
from backend.services import return_to as return_to_urls
from backend.services.client_info import ClientInfo
from backend.services.identity import email_key
from backend.services.login.password_step import refuse_if_switched_off
from backend.services.login.sign_in import passwordless_sign_in
from backend.services.sessions import SignedIn
from backend.transaction import transaction


async def options(
    deps: Deps, client: ClientInfo, captcha_solution: str = "", return_to: str | None = None
) -> str:
    """The WebAuthn request (JSON) for navigator.credentials.get(), any passkey of this site;
    `return_to` (I2) is checked now and kept with the challenge, like a login attempt's."""
    address = rate_limits.address_of(deps, client)
    await rate_limits.hit(deps, rate_limits.PASSKEY_REQUESTS_PER_ADDRESS, address)
    await captcha.guard(deps, captcha.Action.LOGIN, client, captcha_solution)
    checked = return_to_urls.checked(deps.settings, return_to)
    return await passkeys.sign_in_options(deps, checked)


async def sign_in(deps: Deps, response: str, client: ClientInfo) -> SignedIn:
    """The authenticator's answer signs its user in, with both factors (PK3)."""
    LOGINS_STARTED.inc()
    try:
        return await _sign_in(deps, response, client)
    except Exception as refused:
        LOGINS_FAILED.labels(refused.code if isinstance(refused, DomainError) else "error").inc()
        raise


async def _sign_in(deps: Deps, response: str, client: ClientInfo) -> SignedIn:
    address = rate_limits.address_of(deps, client)
    await rate_limits.hit(deps, rate_limits.LOGIN_PER_ADDRESS, address)
    user = await passkeys.user_of(response)
    try:
        # Not in the sign-in's transaction: the challenge is spent even when the answer fails.
        answered = await passkeys.check_sign_in(deps, user, response)
    except passkeys.PasskeyRefused as refused:
        await captcha.login_failed(deps, client, email_key(user.email) if user else "")
        if refused.user_id is not None:
            await activity.record(deps, refused.user_id, EventKind.SIGN_IN_FAILED, client)
            await lockout.record_failure(deps, refused.user_id)
        raise
    assert user is not None  # check_sign_in found this user's passkey
    await refuse_if_switched_off(deps, user)
    async with transaction():
        return await passwordless_sign_in(deps, user, client, answered.return_to)
