"""The Jinja environment for pages and emails (frontend/templates)."""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from backend.config import PROJECT_ROOT

TEMPLATES_DIR = PROJECT_ROOT / "frontend" / "templates"


def build_environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
