"""The Jinja environment for pages and emails (frontend/templates)."""

from __future__ import annotations

import re

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from backend.config import PROJECT_ROOT

TEMPLATES_DIR = PROJECT_ROOT / "frontend" / "templates"


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


def build_environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["linkify"] = linkify
    return environment
