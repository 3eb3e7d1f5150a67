"""R1: what an API client needs to pass the captcha when it is asked."""

from __future__ import annotations

import json
from typing import Annotated

import strawberry

from backend.schema.context import Context
from backend.services import captcha
from backend.services.identity import email_key

CAPTCHA_HELP = (
    "A solved captcha, needed only after CaptchaRequired: an ALTCHA payload (base64), a "
    "reCAPTCHA response token, or a captchaChallenge waitTicket once waitSeconds have passed."
)

# The service's enum itself becomes the GraphQL enum (strawberry.enum returns the same class).
strawberry.enum(captcha.Action, name="CaptchaAction", description="R1: what the captcha guards.")


@strawberry.type(description="R1: how to solve the captcha this server asks for.")
class CaptchaChallenge:
    provider: str = strawberry.field(description='"altcha", "recaptcha" or "off".')
    altcha_challenge: str | None = strawberry.field(
        description="ALTCHA: the challenge as JSON; solve it and send the base64 payload."
    )
    recaptcha_site_key: str | None
    wait_ticket: str = strawberry.field(
        description="Without a solver (a browser without JavaScript): send this as `captcha` "
        "once waitSeconds have passed; it passes once, from this client's address only."
    )
    wait_seconds: int
    required: bool | None = strawberry.field(
        description="Whether the next request of `action` (for `email`, at login) must carry "
        "a solved captcha; null when no action was named. Counts nothing."
    )


async def captcha_challenge(
    info: strawberry.Info[Context, None],
    action: captcha.Action | None = None,
    email: str = "",
    wait_ticket: Annotated[
        str,
        strawberry.argument(
            description="A wait ticket already handed out: returned again while it can pass, "
            "so its wait is not restarted."
        ),
    ] = "",
) -> CaptchaChallenge:
    deps, client = info.context.deps, info.context.client
    provider = deps.settings.captcha
    needed = None
    if action is not None:
        needed = await captcha.required(deps, action, client, email_key(email))
    return CaptchaChallenge(
        required=needed,
        wait_ticket=await captcha.wait_ticket(deps, client, kept=wait_ticket[:1000]),
        wait_seconds=deps.settings.captcha_wait_seconds,
        provider=provider,
        altcha_challenge=json.dumps(captcha.altcha_challenge(deps))
        if provider == "altcha"
        else None,
        recaptcha_site_key=deps.settings.recaptcha_site_key if provider == "recaptcha" else None,
    )
