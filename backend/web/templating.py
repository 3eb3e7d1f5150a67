"""The Jinja environment for pages and emails (frontend/templates, after any override folder),
with gettext (X1).

Templates translate with `{% trans %}` and `_()`, which read the language of the
surrounding `use_language(...)` block; `{% trans %}` text is trimmed (its line breaks and
indentation are not part of the msgid).
"""

from __future__ import annotations

import re

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)
from markupsafe import Markup

from backend import i18n
from backend.branding import TEMPLATES_DIR
from backend.config import Settings
from backend.i18n import catalogs
from backend.services.accounts import shown_question
from backend.services.factors import registry

# Links as our emails write them: up to the first space or the end of the line.
LINK = re.compile(r"https?://[^\s<>\"']+")


def linkify(text: str) -> Markup:
    """Plain text, escaped, with its http(s) links clickable (the dev mailbox, G3)."""
    pieces: list[str | Markup] = []
    shown = 0
    for match in LINK.finditer(text):
        pieces.append(text[shown : match.start()])
        pieces.append(Markup('<a href="{0}">{0}</a>').format(match.group(0)))
        shown = match.end()
    pieces.append(text[shown:])
    return Markup("").join(pieces)


def build_environment(settings: Settings) -> Environment:
    """X3: LATCHKEY_TEMPLATES_DIR is searched first (its names were checked at start to be
    overridable ones), then the built-in templates."""
    loaders: list[BaseLoader] = [FileSystemLoader(TEMPLATES_DIR)]
    if settings.templates_dir is not None:
        loaders.insert(0, FileSystemLoader(settings.templates_dir))
    environment = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    environment.policies["ext.i18n.trimmed"] = True
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=catalogs.lookup, ngettext=catalogs.lookup_plural, newstyle=True
    )
    environment.filters["linkify"] = linkify
    environment.filters["datetime"] = i18n.format_datetime
    environment.filters["day"] = i18n.format_day
    environment.filters["question"] = shown_question
    # Pages show each factor through its own partial (`Factor.template`), in registry order.
    environment.globals["factor_named"] = registry.by_name
    environment.globals["factor_list"] = registry.FACTORS
    return environment
