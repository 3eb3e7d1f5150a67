"""Captcha (R1): asked only once a client or an account looks like a robot.

Sign-up, forgot-password and the helper ask for it after `captcha_free_tries` requests from one
client address in an hour; login after that many failed passwords from one address or for one
email in 15 minutes. So people normally never see it (and pages keep working without
JavaScript), while scripted abuse meets it quickly. Verifiers are pluggable: ALTCHA, a
self-hosted proof of work that works offline (the default), or Google reCAPTCHA.
A solved ALTCHA challenge is accepted once (its signature is stored until it expires).

Without JavaScript no widget can run (issue 22 #4): a stranger's failed passwords must not
lock such a person out. Their form carries a wait ticket instead, signed with the secret key
and bound to the client address; it passes once it is `captcha_wait_seconds` old, once, and
an address passes that way at most `_WAITED_PASSES_BY_ADDRESS` times a window, so guessing
behind it goes no faster than a person who waits each time.
"""

from __future__ import annotations

import logging
import math
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

import httpx
from altcha import v1 as altcha_v1
from itsdangerous import BadData, URLSafeSerializer
from tortoise.exceptions import IntegrityError

from backend.deps import Deps
from backend.errors import CaptchaRequired
from backend.i18n import N_
from backend.models import UsedCaptcha
from backend.services import rate_limits
from backend.services.client_info import ClientInfo
from backend.services.tokens import hash_code, hash_token, new_token

logger = logging.getLogger("latchkey.captcha")

CHALLENGE_MINUTES = 10
ALTCHA_MAX_NUMBER = 100_000  # a fraction of a second of hashing in a browser
MAX_SOLUTION_LENGTH = 4000
RECAPTCHA_VERIFY_URL = "https://www.google.com/recaptcha/api/siteverify"
WAIT_TICKET_PREFIX = "wait:"


class Action(StrEnum):
    SIGN_UP = "signup"
    PASSWORD_RESET = "reset"  # noqa: S105 (an action name)
    HELP = "help"
    LOGIN = "login"


# Counted, never refused: they only decide when the captcha is asked.
_REQUESTS = {
    action: rate_limits.Limit(f"captcha-{action}", 0, 3600)
    for action in (Action.SIGN_UP, Action.PASSWORD_RESET, Action.HELP)
}
_LOGIN_FAILURES_BY_ADDRESS = rate_limits.Limit("captcha-login-ip", 0, 900)
_LOGIN_FAILURES_BY_EMAIL = rate_limits.Limit("captcha-login-email", 0, 900)
# A person without JavaScript needs one or two; a script waiting in parallel needs many.
_WAITED_PASSES_BY_ADDRESS = rate_limits.Limit("captcha-wait-ip", 10, 900)


def _altcha_key(deps: Deps) -> str:
    return hash_code(deps.settings.secret_key, "altcha-challenges")


def altcha_challenge(deps: Deps) -> dict[str, Any]:
    """A signed challenge for the ALTCHA widget (or an API client's own solver)."""
    expires = deps.clock.now() + timedelta(minutes=CHALLENGE_MINUTES)
    challenge = altcha_v1.create_challenge(
        altcha_v1.ChallengeOptions(
            hmac_key=_altcha_key(deps), max_number=ALTCHA_MAX_NUMBER, expires=expires
        )
    )
    result: dict[str, Any] = challenge.to_dict()
    return result


async def _altcha_solved(deps: Deps, solution: str) -> bool:
    try:
        valid, _ = altcha_v1.verify_solution(solution, _altcha_key(deps), check_expires=False)
        payload = altcha_v1.Payload.from_base64(solution).to_dict()
        expires = int(altcha_v1.extract_params(payload)["expires"][0])
    except Exception:  # a malformed payload in any way is simply not a solution
        return False
    expires_at = datetime.fromtimestamp(expires, UTC)
    if not valid or expires_at <= deps.clock.now():
        return False
    try:
        await UsedCaptcha.create(key=hash_token(str(payload["signature"])), expires_at=expires_at)
    except IntegrityError:
        return False  # this solution was used already
    return True


def _wait_serializer(deps: Deps) -> URLSafeSerializer:
    return URLSafeSerializer(deps.settings.secret_key, salt="latchkey.captcha-wait")


def _address_hash(deps: Deps, client: ClientInfo) -> str:
    return hash_token(rate_limits.address_of(deps, client))[:16]


async def wait_ticket(deps: Deps, client: ClientInfo, kept: str = "") -> str:
    """The check without JavaScript: a ticket that passes `captcha_wait_seconds` after now.

    `kept` is a ticket the form carried already; while it can still pass (unused, unexpired),
    it is handed back, so pressing the button too early never restarts the wait.
    """
    if (
        kept
        and _ticket_issued_at(deps, client, kept) is not None
        and not await UsedCaptcha.exists(key=hash_token(kept))
    ):
        return kept
    payload = {
        "address": _address_hash(deps, client),
        "issued": deps.clock.now().timestamp(),
        "nonce": new_token()[:16],
    }
    return WAIT_TICKET_PREFIX + _wait_serializer(deps).dumps(payload)


def _ticket_issued_at(deps: Deps, client: ClientInfo, ticket: str) -> float | None:
    """When a ticket of this client's address was issued; None if it is not one or expired."""
    try:
        payload = _wait_serializer(deps).loads(ticket.removeprefix(WAIT_TICKET_PREFIX))
        issued = float(payload["issued"])
        address = payload["address"]
    except (BadData, KeyError, TypeError, ValueError):
        return None
    age = deps.clock.now().timestamp() - issued
    if address != _address_hash(deps, client) or age > CHALLENGE_MINUTES * 60:
        return None
    return issued


async def _waited(deps: Deps, ticket: str, client: ClientInfo) -> bool:
    """A wait ticket passes once, after its wait; too early says exactly how long is left."""
    issued = _ticket_issued_at(deps, client, ticket)
    if issued is None:
        return False
    left = issued + deps.settings.captcha_wait_seconds - deps.clock.now().timestamp()
    if left > 0:
        seconds = math.ceil(left)
        raise CaptchaRequired(
            f"Almost there: wait {seconds} more second{'s' if seconds != 1 else ''}, "
            "then press the button again."
        )
    expires_at = datetime.fromtimestamp(issued, UTC) + timedelta(minutes=CHALLENGE_MINUTES)
    try:
        await UsedCaptcha.create(key=hash_token(ticket), expires_at=expires_at)
    except IntegrityError:
        return False  # this ticket was used already
    await rate_limits.hit(deps, _WAITED_PASSES_BY_ADDRESS, rate_limits.address_of(deps, client))
    return True


async def _recaptcha_solved(deps: Deps, response: str, client: ClientInfo) -> bool:
    form = {"secret": deps.settings.recaptcha_secret, "response": response, "remoteip": client.ip}
    try:
        async with httpx.AsyncClient(timeout=5) as http:
            answer = await http.post(RECAPTCHA_VERIFY_URL, data=form)
        return bool(answer.json().get("success"))
    except (httpx.HTTPError, ValueError):
        logger.warning("reCAPTCHA verification failed to answer; refusing")
        return False


async def _solved(deps: Deps, solution: str, client: ClientInfo) -> bool:
    if not solution or len(solution) > MAX_SOLUTION_LENGTH:
        return False
    if solution.startswith(WAIT_TICKET_PREFIX):
        return await _waited(deps, solution, client)
    if deps.settings.captcha == "recaptcha":
        return await _recaptcha_solved(deps, solution, client)
    return await _altcha_solved(deps, solution)


async def _counted(
    deps: Deps, action: Action, client: ClientInfo, email: str, *, count_this: bool
) -> int:
    """What decides whether `action` needs the check: failed logins (by address and by email),
    or this address's requests, this one included when `count_this`."""
    address = rate_limits.address_of(deps, client)
    if action != Action.LOGIN:
        if count_this:
            return await rate_limits.add(deps, _REQUESTS[action], address) - 1
        return await rate_limits.count(deps, _REQUESTS[action], address)
    by_address = await rate_limits.count(deps, _LOGIN_FAILURES_BY_ADDRESS, address)
    by_email = 0
    if email:  # PK3: a passkey sign-in names no email
        by_email = await rate_limits.count(deps, _LOGIN_FAILURES_BY_EMAIL, _email_key(email))
    return max(by_address, by_email)


async def required(deps: Deps, action: Action, client: ClientInfo, email: str = "") -> bool:
    """Whether the next `action` from this client (for this typed email, login) must carry a
    solved captcha; counts nothing, so a form can show the check before it is refused (#6)."""
    if deps.settings.captcha == "off":
        return False
    counted = await _counted(deps, action, client, email, count_this=False)
    return counted >= deps.settings.captcha_free_tries


def _email_key(email: str) -> str:
    # Hashed: what was typed may be anything (PostgreSQL refuses NUL bytes in text).
    return hash_token(email)


async def guard(
    deps: Deps, action: Action, client: ClientInfo, solution: str, email: str = ""
) -> None:
    """CaptchaRequired when this request must carry a solved captcha and does not.

    `email` (login only) is the typed address as `identity.email_key` spells it.
    """
    if deps.settings.captcha == "off":
        return
    counted = await _counted(deps, action, client, email, count_this=True)
    if counted < deps.settings.captcha_free_tries:
        return
    if not solution:
        raise CaptchaRequired()
    if not await _solved(deps, solution, client):
        raise CaptchaRequired(
            N_("The check did not pass or has expired. Please complete it again.")
        )


async def login_failed(deps: Deps, client: ClientInfo, email: str) -> None:
    """A wrong password (or passkey, PK3) brings the login captcha closer for this address and
    this email (an `identity.email_key`)."""
    await rate_limits.add(deps, _LOGIN_FAILURES_BY_ADDRESS, rate_limits.address_of(deps, client))
    if email:  # PK3: a passkey that names nobody counts by address only
        await rate_limits.add(deps, _LOGIN_FAILURES_BY_EMAIL, _email_key(email))
