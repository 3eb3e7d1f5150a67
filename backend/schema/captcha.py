"""R1: what an API client needs to pass the captcha when it is asked."""

from __future__ import annotations

import json

import strawberry

from backend.schema.context import Context
from backend.services import captcha

CAPTCHA_HELP = (
    "A solved captcha, needed only after CaptchaRequired: an ALTCHA payload (base64) or a "
    "reCAPTCHA response token."
)


@strawberry.type(description="R1: how to solve the captcha this server asks for.")
class CaptchaChallenge:
    provider: str = strawberry.field(description='"altcha", "recaptcha" or "off".')
    altcha_challenge: str | None = strawberry.field(
        description="ALTCHA: the challenge as JSON; solve it and send the base64 payload."
    )
    recaptcha_site_key: str | None


def captcha_challenge(info: strawberry.Info[Context, None]) -> CaptchaChallenge:
    deps = info.context.deps
    provider = deps.settings.captcha
    return CaptchaChallenge(
        provider=provider,
        altcha_challenge=json.dumps(captcha.altcha_challenge(deps))
        if provider == "altcha"
        else None,
        recaptcha_site_key=deps.settings.recaptcha_site_key if provider == "recaptcha" else None,
    )
