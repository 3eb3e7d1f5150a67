"""Captcha (R1): asked only once a client or an account looks like a robot.

Sign-up, forgot-password and the helper ask for it after `captcha_free_tries` requests from one
client address in an hour; login after that many failed passwords from one address or for one
email in 15 minutes. So people normally never see it (and pages keep working without
JavaScript), while scripted abuse meets it quickly. Verifiers are pluggable: ALTCHA, a
self-hosted proof of work that works offline (the default), or Google reCAPTCHA.
A solved ALTCHA challenge is accepted once (its signature is stored until it expires).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

import httpx
from altcha import v1 as altcha_v1
from tortoise.exceptions import IntegrityError

from backend.deps import Deps
from backend.errors import CaptchaRequired
from backend.models import UsedCaptcha
from backend.services import rate_limits
from backend.services.client_info import ClientInfo
from backend.services.tokens import hash_code, hash_token

logger = logging.getLogger("latchkey.captcha")

CHALLENGE_MINUTES = 10
ALTCHA_MAX_NUMBER = 100_000  # a fraction of a second of hashing in a browser
MAX_SOLUTION_LENGTH = 4000
RECAPTCHA_VERIFY_URL = "https://www.google.com/recaptcha/api/siteverify"


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
    if deps.settings.captcha == "recaptcha":
        return await _recaptcha_solved(deps, solution, client)
    return await _altcha_solved(deps, solution)


async def _needed(deps: Deps, action: Action, client: ClientInfo, email: str) -> bool:
    free = deps.settings.captcha_free_tries
    if action == Action.LOGIN:
        by_address = await rate_limits.count(
            deps, _LOGIN_FAILURES_BY_ADDRESS, rate_limits.address_of(deps, client)
        )
        by_email = 0
        if email:  # PK3: a passkey sign-in names no email
            by_email = await rate_limits.count(deps, _LOGIN_FAILURES_BY_EMAIL, _email_key(email))
        return max(by_address, by_email) >= free
    return (
        await rate_limits.add(deps, _REQUESTS[action], rate_limits.address_of(deps, client)) > free
    )


def _email_key(email: str) -> str:
    # Hashed: what was typed may be anything (PostgreSQL refuses NUL bytes in text).
    return hash_token(email)


async def guard(
    deps: Deps, action: Action, client: ClientInfo, solution: str, email: str = ""
) -> None:
    """CaptchaRequired when this request must carry a solved captcha and does not.

    `email` (login only) is the typed address as `identity.email_key` spells it.
    """
    if deps.settings.captcha == "off" or not await _needed(deps, action, client, email):
        return
    if not solution:
        raise CaptchaRequired()
    if not await _solved(deps, solution, client):
        raise CaptchaRequired("The check did not pass or has expired. Please complete it again.")


async def login_failed(deps: Deps, client: ClientInfo, email: str) -> None:
    """A wrong password (or passkey, PK3) brings the login captcha closer for this address and
    this email (an `identity.email_key`)."""
    await rate_limits.add(deps, _LOGIN_FAILURES_BY_ADDRESS, rate_limits.address_of(deps, client))
    if email:  # PK3: a passkey that names nobody counts by address only
        await rate_limits.add(deps, _LOGIN_FAILURES_BY_EMAIL, _email_key(email))
