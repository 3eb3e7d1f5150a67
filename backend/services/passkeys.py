"""Passkeys (PK1-PK3) with py_webauthn: registration from the profile, a second factor at login,
and signing in with a discoverable passkey alone.

Challenges are made here, stored server-side, short-lived and single use (a conditional UPDATE
clears them as they are checked). The relying party ID and origin come from configuration
(`LATCHKEY_BASE_URL`, `LATCHKEY_WEBAUTHN_RP_ID`); sign counters are checked and stored; only
public keys are kept.
"""

from __future__ import annotations

import json
import re
import secrets
from datetime import timedelta
from typing import Any

import webauthn
from tortoise.exceptions import IntegrityError
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import InvalidAuthenticationResponse, InvalidRegistrationResponse
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from backend.deps import Deps
from backend.errors import InvalidCode, InvalidCredentials, InvalidInput, LastFactor, NotFound
from backend.i18n import N_, Text
from backend.models import EventKind, Factor, LoginAttempt, Passkey, PasskeySignIn, Session, User
from backend.services import accounts, security_alerts
from backend.services.activity_details import Detail, DetailKind
from backend.services.client_info import ClientInfo
from backend.services.factors import authenticators, registry
from backend.services.login import freshness
from backend.services.password_confirmation import confirm_password

CHALLENGE_MINUTES = 5
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+")
MAX_RESPONSE = 16_000
MAX_NAME = 60


def _new_challenge() -> bytes:
    return secrets.token_bytes(32)


def _credential_json(response: str) -> dict[str, Any]:
    if not response or len(response) > MAX_RESPONSE:
        raise InvalidInput(N_("That passkey response could not be read."), field="credential")
    try:
        parsed = json.loads(response)
    except ValueError:
        raise InvalidInput(
            N_("That passkey response could not be read."), field="credential"
        ) from None
    if not isinstance(parsed, dict):
        raise InvalidInput(N_("That passkey response could not be read."), field="credential")
    return parsed


async def list_for(user_id: int) -> list[Passkey]:
    return await Passkey.filter(user_id=user_id).order_by("created_at", "id")


async def registration_options(deps: Deps, session: Session, password: str) -> str:
    """PK1: after the password, the options (JSON) for navigator.credentials.create().

    A new factor needs a fresh second factor too (S1): a session that skipped the code on a
    remembered browser, or passed it over 15 minutes ago, steps up first (StepUpRequired).
    """
    freshness.require_fresh(deps, session)
    user = session.user
    await confirm_password(deps, user, password)
    challenge = _new_challenge()
    await User.filter(id=user.id).update(
        passkey_challenge=bytes_to_base64url(challenge),
        passkey_challenge_expires_at=deps.clock.now() + timedelta(minutes=CHALLENGE_MINUTES),
    )
    existing = await list_for(user.id)
    options = webauthn.generate_registration_options(
        rp_id=deps.settings.rp_id,
        rp_name=deps.settings.service_name,
        # PK3: the user handle is the stable user ID, which finds the user at a passkey sign-in.
        user_id=str(user.public_id).encode(),
        user_name=user.email,
        challenge=challenge,
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=webauthn.base64url_to_bytes(p.credential_id))
            for p in existing
        ],
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,  # PK3: discoverable
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
    )
    return webauthn.options_to_json(options)


async def register(deps: Deps, user: User, name: str, response: str, client: ClientInfo) -> Passkey:
    """PK1: check the authenticator's answer to our challenge and keep its public key."""
    label = " ".join(name.split())[:MAX_NAME] or "Passkey"
    credential = _credential_json(response)
    fresh = await User.get(id=user.id)
    challenge = fresh.passkey_challenge
    expires = fresh.passkey_challenge_expires_at
    if not challenge or expires is None or deps.clock.now() >= expires:
        raise InvalidInput(N_("The passkey request expired. Please try again."), field="credential")
    claimed = await User.filter(id=user.id, passkey_challenge=challenge).update(
        passkey_challenge=None, passkey_challenge_expires_at=None
    )
    if not claimed:
        raise InvalidInput(N_("The passkey request expired. Please try again."), field="credential")
    try:
        verified = webauthn.verify_registration_response(
            credential=credential,
            expected_challenge=webauthn.base64url_to_bytes(challenge),
            expected_rp_id=deps.settings.rp_id,
            expected_origin=deps.settings.origin,
        )
    except (InvalidRegistrationResponse, ValueError, KeyError, TypeError):
        raise InvalidInput(N_("That passkey could not be verified."), field="credential") from None
    try:
        passkey = await Passkey.create(
            user_id=user.id,
            name=label,
            credential_id=bytes_to_base64url(verified.credential_id),
            public_key=bytes_to_base64url(verified.credential_public_key),
            sign_count=verified.sign_count,
            created_at=deps.clock.now(),
            discoverable=True,  # the options required a resident key
        )
    except IntegrityError:
        raise InvalidInput(N_("That passkey is already registered."), field="credential") from None
    await authenticators.keep(user.id, Factor.PASSKEY, deps.clock.now())
    added = Detail(DetailKind.PASSKEY, {"name": label})
    await security_alerts.notify(deps, user, EventKind.FACTOR_ENABLED, client, added)
    return passkey


async def remove(
    deps: Deps, user: User, passkey_id: int, password: str, client: ClientInfo
) -> None:
    """PK1 with M3: never the last factor (another passkey or another factor that stands
    alone, such as the app or email codes, must stay)."""
    passkey = await Passkey.get_or_none(id=passkey_id, user_id=user.id)
    if passkey is None:
        raise NotFound(N_("There is no such passkey."))
    await confirm_password(deps, user, password)
    held = registry.held(await registry.holdings_of(user))
    others = await Passkey.filter(user_id=user.id).exclude(id=passkey.id).count()
    if not others and not any(f.stands_alone and f.kind != Factor.PASSKEY for f in held):
        raise LastFactor()
    await Passkey.filter(id=passkey.id).delete()
    if not others:
        await authenticators.drop(user.id, Factor.PASSKEY)
    await security_alerts.notify(
        deps,
        user,
        EventKind.FACTOR_DISABLED,
        client,
        Detail(DetailKind.PASSKEY, {"name": passkey.name}),
    )


async def login_options(deps: Deps, attempt: LoginAttempt) -> str:
    """PK2: options (JSON) for navigator.credentials.get(), bound to this login attempt."""
    assert attempt.user_id is not None
    challenge = _new_challenge()
    await LoginAttempt.filter(id=attempt.id).update(
        webauthn_challenge=bytes_to_base64url(challenge)
    )
    options = webauthn.generate_authentication_options(
        rp_id=deps.settings.rp_id,
        challenge=challenge,
        allow_credentials=[
            PublicKeyCredentialDescriptor(id=webauthn.base64url_to_bytes(p.credential_id))
            for p in await list_for(attempt.user_id)
        ],
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    return webauthn.options_to_json(options)


async def check_assertion(deps: Deps, attempt: LoginAttempt, response: str) -> None:
    """PK2: the signed answer to this attempt's challenge from one of the user's passkeys.

    The challenge is used up first (a replayed answer finds none); the sign counter must grow
    (when the authenticator keeps one), and is stored with a conditional UPDATE.
    """
    credential = _credential_json(response)
    challenge = attempt.webauthn_challenge
    if not challenge or attempt.user_id is None:
        raise InvalidCode(N_("Use your passkey again: that request was already answered."))
    used = await LoginAttempt.filter(id=attempt.id, webauthn_challenge=challenge).update(
        webauthn_challenge=None
    )
    if not used:
        raise InvalidCode(N_("Use your passkey again: that request was already answered."))
    passkey = await Passkey.get_or_none(
        user_id=attempt.user_id, credential_id=_credential_id(credential)
    )
    if passkey is None:
        raise InvalidCode(N_("That passkey is not registered for this account."))
    if not await _verified(deps, passkey, credential, challenge, user_verified=False):
        raise InvalidCode(N_("That passkey could not be verified."))


async def _verified(
    deps: Deps, passkey: Passkey, credential: dict[str, Any], challenge: str, *, user_verified: bool
) -> bool:
    """The signature, origin, RP ID and challenge (and user verification when asked) of an
    answer from this passkey; the sign counter must grow (when the authenticator keeps one) and
    is stored with a conditional UPDATE, so of two answers racing only one counts."""
    try:
        verified = webauthn.verify_authentication_response(
            credential=credential,
            expected_challenge=webauthn.base64url_to_bytes(challenge),
            expected_rp_id=deps.settings.rp_id,
            expected_origin=deps.settings.origin,
            credential_public_key=webauthn.base64url_to_bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=user_verified,
        )
    except (InvalidAuthenticationResponse, ValueError, KeyError, TypeError):
        return False
    stored = await Passkey.filter(id=passkey.id, sign_count=passkey.sign_count).update(
        sign_count=verified.new_sign_count, last_used_at=deps.clock.now()
    )
    return bool(stored)


async def sign_in_options(deps: Deps, return_to: str | None = None) -> str:
    """PK3: options (JSON) for navigator.credentials.get() with no user known yet: any
    discoverable passkey of this site, with user verification (it stands for the password).
    `return_to` (already checked, I2) is kept with the challenge."""
    challenge = _new_challenge()
    await PasskeySignIn.create(
        challenge=bytes_to_base64url(challenge),
        expires_at=deps.clock.now() + timedelta(minutes=CHALLENGE_MINUTES),
        return_to=return_to,
    )
    options = webauthn.generate_authentication_options(
        rp_id=deps.settings.rp_id,
        challenge=challenge,
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    return webauthn.options_to_json(options)


class PasskeyRefused(InvalidCredentials):
    """PK3: the answer did not sign anyone in; `user_id` is whose passkey it named, if anyone's
    (their failure counts towards the lock)."""

    default_message = N_("That passkey could not be verified. Please try again.")

    def __init__(self, message: Text | str | None = None, *, user_id: int | None = None) -> None:
        super().__init__(message)
        self.user_id = user_id


async def user_of(response: str) -> User | None:
    """PK3: the user the answer's user handle (the stable user ID) names, if any."""
    answer = _credential_json(response).get("response")
    handle = answer.get("userHandle") if isinstance(answer, dict) else None
    if not handle or not isinstance(handle, str):
        return None
    try:
        public_id = webauthn.base64url_to_bytes(handle).decode()
    except ValueError:  # not base64url, or not text
        return None
    return await accounts.find_by_public_id(public_id)


def _base64url(value: object, longest: int) -> str:
    """`value` if it is base64url text of at most `longest` characters, else "": what a client
    sent is looked up only in that shape (PostgreSQL refuses NUL bytes in text)."""
    if isinstance(value, str) and _BASE64URL.fullmatch(value) and len(value) <= longest:
        return value
    return ""


def _credential_id(credential: dict[str, Any]) -> str:
    return _base64url(credential.get("id"), 1400)


def _signed_challenge(credential: dict[str, Any]) -> str:
    """The challenge the browser put in clientDataJSON (checked again by the signature)."""
    try:
        client_data = json.loads(
            webauthn.base64url_to_bytes(credential["response"]["clientDataJSON"])
        )
        return _base64url(client_data["challenge"], 128)
    except (ValueError, KeyError, TypeError):
        return ""


async def check_sign_in(deps: Deps, user: User | None, response: str) -> PasskeySignIn:
    """PK3: a discoverable passkey's answer to one of our sign-in challenges, user verified;
    returns the challenge it answered (with its return-to).

    The challenge is used up first and for good (a replayed or racing answer finds none),
    whatever the signature then shows.
    """
    credential = _credential_json(response)
    challenge = _signed_challenge(credential)
    asked = await PasskeySignIn.get_or_none(challenge=challenge, expires_at__gt=deps.clock.now())
    used = asked is not None and await PasskeySignIn.filter(id=asked.id).delete()
    if asked is None or not used:
        raise PasskeyRefused(
            N_("That passkey request expired or was already used. Please try again.")
        )
    credential_id = _credential_id(credential)
    passkey = None
    if user is not None:
        passkey = await Passkey.get_or_none(user_id=user.id, credential_id=credential_id)
    if passkey is None:
        raise PasskeyRefused(N_("This passkey is not registered here. Sign in with your password."))
    if not await _verified(deps, passkey, credential, challenge, user_verified=True):
        raise PasskeyRefused(user_id=passkey.user_id)
    return asked
