""" "Can't login?" (H1) and "Reset my security question" (S2), as filed from the login screen.

The asker always gets the same answer and the same work is done whether or not an account
matches: a request row is stored and support is emailed either way. A security-question
request counts only once confirmed from the registered address (a link mailed there); one
for an unknown address stays unconfirmed for ever.
"""

from __future__ import annotations

import unicodedata
from datetime import timedelta

from backend.deps import Deps
from backend.errors import InvalidInput, InvalidLink
from backend.i18n import N_
from backend.models import RequestKind, RequestStatus, SupportRequest, User
from backend.services import captcha, rate_limits, signed_links
from backend.services.client_info import ClientInfo
from backend.services.identity import normalize_email
from backend.transaction import transaction

CONFIRM_SALT = "latchkey.help-confirm"
CONFIRM_HOURS = 24
MAX_MESSAGE = 1000
KIND_NAMES = {
    RequestKind.CANT_LOGIN: N_("Can't log in"),
    RequestKind.RESET_SECURITY_QUESTION: N_("Reset my security question"),
}


def _clean_message(message: str) -> str:
    text = "".join(c for c in message if c in "\n\t" or unicodedata.category(c) != "Cc").strip()
    if len(text) > MAX_MESSAGE:
        raise InvalidInput(
            N_("Please keep it under %(count)s characters.", count=MAX_MESSAGE), field="message"
        )
    return text


async def file_request(
    deps: Deps,
    email: str,
    kind: RequestKind,
    message: str,
    client: ClientInfo,
    captcha_solution: str = "",
) -> None:
    """Store the request and email support; S2 requests also mail the owner a confirm link."""
    await rate_limits.hit(
        deps, rate_limits.HELP_REQUESTS_PER_ADDRESS, rate_limits.address_of(deps, client)
    )
    await captcha.guard(deps, captcha.Action.HELP, client, captcha_solution)
    address = normalize_email(email)
    text = _clean_message(message)
    user = await User.get_or_none(email=address)
    async with transaction():
        await _store_and_mail(deps, kind, address, text, user, client)


async def _store_and_mail(
    deps: Deps, kind: RequestKind, address: str, text: str, user: User | None, client: ClientInfo
) -> None:
    needs_confirmation = kind == RequestKind.RESET_SECURITY_QUESTION
    request = await SupportRequest.create(
        kind=kind,
        status=RequestStatus.UNCONFIRMED if needs_confirmation else RequestStatus.OPEN,
        email=address,
        user=user,
        message=text,
        client_ip=client.ip[:64],
        created_at=deps.clock.now(),
    )
    await deps.mailer.send(
        deps.settings.support_email,
        N_(
            "Support request #%(request_id)s: %(kind)s",
            request_id=request.id,
            kind=KIND_NAMES[kind],
        ),
        "support_request",
        language=None,  # the support address is no user's: the default language
        request_id=request.id,
        kind=KIND_NAMES[kind],
        email=address,
        message=text,
        confirmation_needed=needs_confirmation,
    )
    if needs_confirmation and user is not None:
        token = signed_links.make_for(deps, CONFIRM_SALT, user, {"r": request.id})
        await deps.mailer.send(
            user.email,
            N_("Confirm your request to reset your security question"),
            "help_confirm",
            language=user.language,
            expires_at=deps.clock.now() + timedelta(hours=CONFIRM_HOURS),
            link=f"{deps.settings.base_url}/help/confirm?token={token}",
            hours=CONFIRM_HOURS,
        )


async def confirm_request(deps: Deps, token: str) -> None:
    """S2: the owner confirms from their mailbox; works once, within CONFIRM_HOURS."""
    user, payload = await signed_links.read_for(deps, CONFIRM_SALT, token, CONFIRM_HOURS * 3600)
    request_id = payload.get("r")
    if not isinstance(request_id, int):
        raise InvalidLink()
    confirmed = await SupportRequest.filter(
        id=request_id, status=RequestStatus.UNCONFIRMED, user_id=user.id
    ).update(status=RequestStatus.OPEN, confirmed_at=deps.clock.now())
    if not confirmed:
        raise InvalidLink()
