"""Guarded profile changes (S1): password, email address, security question.

Each needs the current password and the security answer, and a session whose second factor
is fresh (login/freshness.py). Wrong guesses count per user, so a stolen session cannot keep trying.
The question itself never lets anyone in: it only guards these changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from tortoise.exceptions import IntegrityError

from backend.deps import Deps
from backend.errors import FactorState, InvalidCredentials, InvalidInput, InvalidLink
from backend.i18n import N_
from backend.models import EventKind, Session, User
from backend.services import access, rate_limits, security_alerts, signed_links
from backend.services.activity_details import Detail, DetailKind
from backend.services.client_info import ClientInfo
from backend.services.identity import check_question_and_answer, normalize_answer, normalize_email
from backend.services.login import freshness
from backend.services.password_confirmation import counted_guess
from backend.services.passwords import check_password_policy
from backend.transaction import transaction

EMAIL_CHANGE_SALT = "latchkey.email-change"
EMAIL_CHANGE_HOURS = 24


class QuestionResetPending(InvalidInput):
    code = "security_question_reset"
    default_message = N_("Support reset your security question: set a new one first.")


@contextmanager
def _fields_named(names: dict[str | None, str]) -> Iterator[None]:
    """Report a refused value under the argument it came from (new_password, new_email, ...)."""
    try:
        yield
    except InvalidInput as err:
        raise type(err)(err.message, field=names.get(err.field, err.field)) from None


async def _guard(
    deps: Deps, session: Session, password: str, answer: str, client: ClientInfo
) -> User:
    """Step-up first, then the password and the answer: one guess on the user's budget."""
    freshness.require_fresh(deps, session)
    user = await User.get(id=session.user_id)
    if user.security_question_reset:
        raise QuestionResetPending(field="security_answer")
    async with counted_guess(deps, user.id):
        password_ok = bool(password) and await deps.passwords.verify(user.password_hash, password)
        answer_ok = bool(answer) and await deps.passwords.verify(
            user.security_answer_hash, normalize_answer(answer)
        )
        if not password_ok:
            raise InvalidCredentials(N_("Incorrect current password."), field="current_password")
        if not answer_ok:
            raise InvalidCredentials(
                N_("Incorrect answer to your security question."), field="security_answer"
            )
    return user


async def change_password(
    deps: Deps,
    session: Session,
    current_password: str,
    answer: str,
    new_password: str,
    client: ClientInfo,
) -> None:
    """A new password; every other session and every remembered device ends (SE1, SE2)."""
    user = await _guard(deps, session, current_password, answer, client)
    with _fields_named({"password": "new_password"}):
        check_password_policy(new_password, user.email)
    new_hash = await deps.passwords.hash(new_password)
    async with transaction():
        changed = await User.filter(id=user.id, password_hash=user.password_hash).update(
            password_hash=new_hash
        )
        if not changed:
            raise InvalidCredentials(N_("Your password changed meanwhile. Please try again."))
        await access.revoke_all(user.id, keep_session_id=session.id)
        await security_alerts.notify(deps, user, EventKind.PASSWORD_CHANGED, client)


async def change_security_question(
    deps: Deps,
    session: Session,
    current_password: str,
    answer: str,
    new_question: str,
    new_answer: str,
    client: ClientInfo,
) -> User:
    """A new question and answer (A1, A3 rules), under the same guard as the password."""
    user = await _guard(deps, session, current_password, answer, client)
    with _fields_named({"security_question": "new_question", "security_answer": "new_answer"}):
        question, normalized = check_question_and_answer(new_question, new_answer)
    answer_hash = await deps.passwords.hash(normalized)
    async with transaction():
        await User.filter(id=user.id).update(
            security_question=question, security_answer_hash=answer_hash
        )
        await security_alerts.notify(deps, user, EventKind.SECURITY_QUESTION_CHANGED, client)
    return await User.get(id=user.id)


async def request_email_change(
    deps: Deps,
    session: Session,
    current_password: str,
    answer: str,
    new_email: str,
    client: ClientInfo,
) -> str:
    """Mail a confirmation link to the new address and tell the old one; nothing changes yet.

    Returns the normalised new address. If it already belongs to an account, its owner is
    told instead and the caller sees the same answer (no enumeration through the profile).
    """
    user = await _guard(deps, session, current_password, answer, client)
    with _fields_named({"email": "new_email"}):
        address = normalize_email(new_email)
    if address == user.email:
        raise InvalidInput(N_("That is already your email address."), field="new_email")
    await rate_limits.hit(
        deps, rate_limits.EMAILS_PER_ADDRESS, rate_limits.address_of(deps, client)
    )
    async with transaction():
        await _mail_email_change(deps, user, address)
    return address


async def _mail_email_change(deps: Deps, user: User, address: str) -> None:
    holder = await User.get_or_none(email=address)
    if holder is not None:
        await deps.mailer.send(
            address,
            N_(
                "Someone tried to use this address at %(service_name)s",
                service_name=deps.settings.service_name,
            ),
            "email_taken",
            language=holder.language,
        )
    else:
        token = signed_links.make_for(
            deps, EMAIL_CHANGE_SALT, user, {"from": user.email, "to": address}
        )
        await deps.mailer.send(
            address,
            N_("Confirm your new email address"),
            "email_change_confirm",
            language=user.language,
            expires_at=deps.clock.now() + timedelta(hours=EMAIL_CHANGE_HOURS),
            link=f"{deps.settings.base_url}/confirm-email?token={token}",
            hours=EMAIL_CHANGE_HOURS,
        )
    await deps.mailer.send(
        user.email,
        N_("Your email address is about to change"),
        "email_change_requested",
        language=user.language,
        new_email=address,
    )


async def confirm_email_change(deps: Deps, token: str, client: ClientInfo) -> str:
    """The link from the new mailbox: the address changes once; the old one is told (SE2).

    InvalidLink if the link is forged, expired, used, or the address was taken meanwhile, or
    if the account's access was ended since (a password change or reset, "This wasn't me",
    deactivation: the pending change dies with it).
    """
    max_age = EMAIL_CHANGE_HOURS * 3600
    user, payload = await signed_links.read_for(deps, EMAIL_CHANGE_SALT, token, max_age)
    old, new = payload.get("from"), payload.get("to")
    if not isinstance(old, str) or not isinstance(new, str):
        raise InvalidLink()
    try:
        async with transaction():
            changed = await User.filter(
                id=user.id, email=old, is_active=True, security_epoch=user.security_epoch
            ).update(email=new, email_verified_at=deps.clock.now())
            if not changed:
                raise InvalidLink()
            user = await User.get(id=user.id)
            await security_alerts.notify(
                deps,
                user,
                EventKind.EMAIL_CHANGED,
                client,
                Detail(DetailKind.NEW_ADDRESS, {"email": new}),
                to=old,
            )
    except IntegrityError:
        raise InvalidLink(N_("That address now belongs to another account.")) from None
    return new


async def set_new_security_question(
    deps: Deps, session: Session, new_question: str, new_answer: str, client: ClientInfo
) -> User:
    """S2: after support reset the question, the user sets a new one (fresh second factor)."""
    freshness.require_fresh(deps, session)
    with _fields_named({"security_question": "new_question", "security_answer": "new_answer"}):
        question, normalized = check_question_and_answer(new_question, new_answer)
    answer_hash = await deps.passwords.hash(normalized)
    async with transaction():
        changed = await User.filter(id=session.user_id, security_question_reset=True).update(
            security_question=question,
            security_answer_hash=answer_hash,
            security_question_reset=False,
        )
        if not changed:
            raise FactorState(
                N_("You already have a security question: change it from your profile.")
            )
        user = await User.get(id=session.user_id)
        await security_alerts.notify(deps, user, EventKind.SECURITY_QUESTION_CHANGED, client)
    return user
