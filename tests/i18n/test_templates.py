"""X1: no template shows a person text that bypasses the catalog.

Jinja keeps the template's own text (outside `{{ }}`, `{% %}` and `{% trans %}` blocks) as
TemplateData nodes; translated text is a gettext call instead. Words left in that text,
or in attributes people read (title, alt, placeholder, aria-label), are untranslated.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from jinja2 import nodes

from backend.config import Settings
from backend.web.templating import TEMPLATES_DIR, build_environment

READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description"}
# A word: two letters in a row (not a lone "x" or a unit); HTML entities are not words.
WORD = re.compile(r"(?<![&#\w])[^\W\d_]{2,}")
# Developer tools, not for the people who sign in: GraphiQL's page and the dev mailbox.
NOT_TRANSLATED = {"graphiql.html", "mailbox.html"}
# A path after a placeholder (`{{ base_url }}/forgot`) is an address, not words.
PATH = re.compile(r"/[\w/.-]*")
TEMPLATES = sorted(
    str(path.relative_to(TEMPLATES_DIR))
    for path in TEMPLATES_DIR.rglob("*")
    if path.suffix in (".html", ".txt") and path.name not in NOT_TRANSLATED
)


class _Readable(HTMLParser):
    """Collects what a reader sees: text outside script and style, and read attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.seen: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        self.seen += [value or "" for name, value in attrs if name in READ_ATTRIBUTES]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.seen.append(data)


def untranslated_words(name: str) -> list[str]:
    environment = build_environment(Settings())
    source = (TEMPLATES_DIR / name).read_text()
    tree = environment.parse(source)
    # Expressions become a placeholder, so text on both sides of one stays apart.
    raw = "".join(
        node.data if isinstance(node, nodes.TemplateData) else " \x00 "
        for node in tree.find_all((nodes.TemplateData, nodes.Output, nodes.Expr))
        if isinstance(node, nodes.TemplateData | nodes.Output)
    )
    if name.endswith(".txt"):
        return WORD.findall(PATH.sub("", raw))
    reader = _Readable()
    reader.feed(raw)
    return [word for text in reader.seen for word in WORD.findall(text)]


@pytest.mark.parametrize("name", TEMPLATES)
def test_x1_template_text_goes_through_the_catalog(name: str) -> None:
    assert untranslated_words(name) == [], f"{name}: wrap this text in {{% trans %}}"
