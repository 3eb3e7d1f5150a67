"""Normalising what people type as their identity: email addresses and security answers."""

from __future__ import annotations

import unicodedata

from email_validator import EmailNotValidError, validate_email

from backend.errors import InvalidInput
from backend.i18n import N_

MAX_EMAIL = 254
MAX_QUESTION = 200
MAX_ANSWER = 200


def normalize_email(raw: str) -> str:
    """One spelling per mailbox, or InvalidInput on the "email" field.

    NFKC first (full-width letters become ASCII ones), then the domain through IDNA
    (email_validator), then lower case: every way of typing one address gives one string.
    """
    candidate = unicodedata.normalize("NFKC", raw).strip()
    if not candidate or len(candidate) > MAX_EMAIL:
        raise InvalidInput(N_("Enter a valid email address."), field="email")
    try:
        checked = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidInput(N_("Enter a valid email address."), field="email") from exc
    return checked.normalized.lower()


def email_key(raw: str) -> str:
    """R1, R2: what per-email counters count: the normalised address, or, for text that is
    not an address, its NFKC lower-case form (so each spelling of one address, and of one
    piece of garbage, counts as one)."""
    try:
        return normalize_email(raw)
    except InvalidInput:
        return unicodedata.normalize("NFKC", raw).strip().lower()


def normalize_answer(raw: str) -> str:
    """A3: answers match regardless of case and spacing."""
    return " ".join(raw.split()).casefold()


def _has_control_characters(text: str) -> bool:
    return any(unicodedata.category(char) == "Cc" for char in text)


def check_question_and_answer(question: str, answer: str) -> tuple[str, str]:
    """A1: a readable question (stored as typed) and a normalised answer (stored hashed)."""
    question = " ".join(question.split())
    if not question or len(question) > MAX_QUESTION or _has_control_characters(question):
        raise InvalidInput(
            N_(
                "Choose or write a security question (up to %(count)s characters).",
                count=MAX_QUESTION,
            ),
            field="security_question",
        )
    normalized = normalize_answer(answer)
    if not normalized or len(normalized) > MAX_ANSWER or _has_control_characters(normalized):
        raise InvalidInput(
            N_(
                "Give an answer to your security question (up to %(count)s characters).",
                count=MAX_ANSWER,
            ),
            field="security_answer",
        )
    return question, normalized


def mask_email(email: str) -> str:
    """L3: show where the code went without revealing the address: j•••@e•••.com."""
    local, _, domain = email.partition("@")
    name, _, _ = domain.partition(".")
    tld = domain.rsplit(".", 1)[-1] if "." in domain else ""
    masked_domain = f"{name[:1]}•••" + (f".{tld}" if tld else "")
    return f"{local[:1]}•••@{masked_domain}"
