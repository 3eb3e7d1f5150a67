"""Translations (X1): gettext catalogs via Babel, the language a text is produced in, dates.

How to use it:
- Code that writes a sentence a person reads marks it: `N_("Invalid code")`,
  `N_("Please wait %(seconds)s seconds.", seconds=30)`, or `NP_(singular, plural, count)`.
  That gives a `Text`; the edge translates it (`text.translate(language)`, or `str(text)`
  inside `use_language`).
- Templates use Jinja's i18n extension: `{% trans %}…{% endtrans %}` or `_("…")`, and the
  `datetime` filter; they are rendered inside `use_language(...)` (pages: the request's
  language; emails: the recipient's stored `User.language`).
- `latchkey translations` extracts, updates and compiles the catalogs (README).
"""

from backend.i18n.catalogs import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    current_language,
    gettext,
    ngettext,
    supported,
    use_language,
)
from backend.i18n.dates import format_datetime, format_day
from backend.i18n.negotiation import preferred_language
from backend.i18n.text import N_, NP_, Text

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "NP_",
    "N_",
    "Text",
    "current_language",
    "format_datetime",
    "format_day",
    "gettext",
    "ngettext",
    "preferred_language",
    "supported",
    "use_language",
]
