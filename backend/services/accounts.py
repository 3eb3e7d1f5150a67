"""Sign-up (A1-A3): an account with the email factor on, answered the same for known emails."""

from __future__ import annotations

from uuid import UUID

from tortoise.exceptions import IntegrityError

from backend import i18n
from backend.deps import Deps
from backend.errors import InvalidInput
from backend.i18n import N_, catalogs
from backend.models import User
from backend.services import captcha, rate_limits
from backend.services.client_info import ClientInfo
from backend.services.credentials import new_credentials
from backend.services.factors import email_code
from backend.services.identity import normalize_email
from backend.services.login import attempts, screens
from backend.transaction import transaction

# Stored as written here (English); pages show them translated (X1).
SECURITY_QUESTIONS = tuple(
    question.msgid
    for question in (
        N_("What was the name of your first pet?"),
        N_("In what city were you born?"),
        N_("What was the make of your first car?"),
        N_("What is the name of the street you grew up on?"),
        N_("What was the name of your first school?"),
    )
)


def shown_question(question: str) -> str:
    """X1: one of our questions in the current language; a person's own as they wrote it."""
    return catalogs.lookup(question) if question in SECURITY_QUESTIONS else question


async def sign_up(
    deps: Deps,
    email: str,
    password: str,
    question: str,
    answer: str,
    client: ClientInfo,
    captcha_solution: str = "",
    return_to: str | None = None,
    language: str | None = None,
) -> screens.CodeChallenge:
    """Create the account and send the first code, so the address is proven at once.

    `return_to` (I2) is where the browser goes once that code signs the new user in;
    `language` (X1) is the one the person signed up in: their pages and emails use it.

    Raises InvalidInput / WeakPassword for bad fields (nothing written). An address that
    already has an account gets the same answer and the same work, but its owner is only
    told by email, and the attempt returned is a decoy that no code will ever complete. A
    team invitation (T1) never holds the address, so it never stands in the way.
    """
    await rate_limits.hit(
        deps, rate_limits.SIGNUPS_PER_ADDRESS, rate_limits.address_of(deps, client)
    )
    await captcha.guard(deps, captcha.Action.SIGN_UP, client, captcha_solution)
    address = normalize_email(email)
    credentials = await new_credentials(deps, address, password, question, answer)
    try:
        # O5: the account, its first attempt, code and email commit together or not at all,
        # so a failed sign-up can be tried again and gets a code.
        async with transaction():
            user = await User.create(
                email=address,
                **credentials.columns(),
                created_at=deps.clock.now(),
                language=language,
            )
            await email_code.FACTOR.turn_on(user.id, deps.clock.now())
            return await attempts.open_attempt(deps, address, user, client, return_to=return_to)
    except IntegrityError:
        if not await User.filter(email=address).exists():
            raise  # not the address: a real failure, and nothing was kept
    # The address has an account: tell its owner (in their language), and answer with a decoy.
    owner = await User.get(email=address)
    async with transaction():
        await deps.mailer.send(
            address,
            N_(
                "Someone tried to sign up to %(service_name)s",
                service_name=deps.settings.service_name,
            ),
            "signup_exists",
            language=owner.language,
        )
        return await attempts.open_attempt(deps, address, None, client, return_to=return_to)


async def find_by_public_id(public_id: str | UUID) -> User | None:
    """I1: the user another system names by `Me.id` / `sub` / `Remote-User`, or None.

    Malformed IDs are None too (never an error): callers pass along what a client sent.
    Deactivated users are returned; whether they may do something is the caller's rule.
    """
    if not isinstance(public_id, UUID):
        try:
            public_id = UUID(public_id)
        except ValueError:
            return None
    return await User.get_or_none(public_id=public_id)


async def set_language(user_id: int, language: str) -> None:
    """X1: the language this person's pages and emails use from now on.

    Raises InvalidInput for a language that is not shipped."""
    if not i18n.supported(language):
        raise InvalidInput(N_("Choose one of the languages offered."), field="language")
    await User.filter(id=user_id).update(language=language)
