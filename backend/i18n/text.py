"""Text that is written in the code and translated where it is shown (X1).

Services raise errors and build notices before anyone knows who will read them: a GraphQL
client sending `Accept-Language: de`, a page in the language stored on the account, or an
email in its recipient's language. So they hold a `Text` (the English msgid and its
parameters), made with the markers `N_` and `NP_` that `latchkey translations` extracts,
and the edge translates it: `text.translate(language)`, or `str(text)` inside
`use_language(...)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from backend.i18n.catalogs import gettext, ngettext, use_language


@dataclass(frozen=True)
class Text:
    msgid: str
    plural: str | None = None
    count: int = 1
    params: Mapping[str, Any] = field(default_factory=dict)

    def translate(self, language: str | None) -> str:
        with use_language(language):
            return str(self)

    def __str__(self) -> str:
        """In the current language (catalogs.use_language)."""
        params = {name: _shown(value) for name, value in self.params.items()}
        if self.plural is None:
            return gettext(self.msgid, **params)
        return ngettext(self.msgid, self.plural, self.count, **params)


def _shown(value: Any) -> Any:
    # A parameter may itself be a Text (a method's name inside a sentence).
    return str(value) if isinstance(value, Text) else value


def N_(msgid: str, **params: Any) -> Text:
    """Mark `msgid` for the catalog (gettext's conventional no-op marker); its `%(name)s`
    placeholders take `params` when shown."""
    return Text(msgid, params=params)


def NP_(singular: str, plural: str, count: int, **params: Any) -> Text:
    """Mark a text with a plural; `%(num)s` is `count`, written in the language's form."""
    return Text(singular, plural=plural, count=count, params=params)
