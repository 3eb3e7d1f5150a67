"""The shipped languages, their gettext catalogs, and the language a rendering is in (X1).

Catalogs live beside this module in locales/<language>/LC_MESSAGES/messages.po (edited by
people) and .mo (compiled by `latchkey translations`, committed, read here). English is the
source language: its text is the msgid itself, so it needs no catalog.

The language of the text being produced is a context variable: a page render or an email
render runs inside `use_language(...)`, and everything that translates (templates, `Text`,
date formatting) reads it. Async tasks copy their context, so requests never mix.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from babel.support import NullTranslations, Translations

LOCALES_DIR = Path(__file__).parent / "locales"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "en"
# Each language named in itself, as the switcher shows it.
LANGUAGES = {"en": "English", "de": "Deutsch", "es": "Español"}

_current: ContextVar[str] = ContextVar("latchkey_language", default=DEFAULT_LANGUAGE)


def supported(language: str | None) -> str | None:
    """`language` if we ship it, else None."""
    return language if language in LANGUAGES else None


@functools.cache
def translations(language: str) -> NullTranslations:
    """The compiled catalog of a shipped language (English: none, the msgids are English)."""
    if language == DEFAULT_LANGUAGE or language not in LANGUAGES:
        return NullTranslations()
    return Translations.load(LOCALES_DIR, [language], DOMAIN)


def current_language() -> str:
    return _current.get()


@contextmanager
def use_language(language: str | None) -> Iterator[str]:
    """Produce text in `language` (unknown or None: English) inside the block."""
    chosen = supported(language) or DEFAULT_LANGUAGE
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


def lookup(msgid: str) -> str:
    """`msgid` in the current language, placeholders left as they are (for Jinja's i18n)."""
    return translations(current_language()).gettext(msgid)


def lookup_plural(singular: str, plural: str, count: int) -> str:
    """The form for `count` in the current language, placeholders left as they are."""
    return translations(current_language()).ngettext(singular, plural, count)


def gettext(msgid: str, **params: Any) -> str:
    """`msgid` in the current language, with `%(name)s` placeholders filled from `params`
    (always formatted, as Jinja's newstyle gettext does: a literal percent sign is `%%`)."""
    return lookup(msgid) % params


def ngettext(singular: str, plural: str, count: int, **params: Any) -> str:
    """The form for `count` in the current language; `%(num)s` is the count."""
    return lookup_plural(singular, plural, count) % {"num": count, **params}
