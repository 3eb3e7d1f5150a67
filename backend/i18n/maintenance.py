"""`latchkey translations`: pybabel's extract, update and compile, in that order (X1).

Run it from a checkout after changing any text: it collects every marked string (N_, NP_ in
Python; {% trans %} and _() in templates) into messages.pot, merges it into each
language's messages.po (new strings arrive untranslated, changed ones marked fuzzy), and
compiles the .po files into the .mo files the service reads. Translate in the .po files,
then run it again; tests/i18n/test_catalogs.py fails while anything is left untranslated.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.frontend import CommandLineInterface

from backend.config import PROJECT_ROOT
from backend.i18n.catalogs import DEFAULT_LANGUAGE, DOMAIN, LANGUAGES, LOCALES_DIR

HERE = LOCALES_DIR.parent
TEMPLATE = HERE / f"{DOMAIN}.pot"
MAPPING = HERE / "babel.cfg"
# Python markers beyond pybabel's defaults: NP_(singular, plural, count, ...).
KEYWORDS = ("N_", "NP_:1,2")


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", *args])  # type: ignore[no-untyped-call]


def extract(into: Path = TEMPLATE) -> None:
    """Collect the marked strings of backend/ and frontend/templates/ into a .pot file."""
    keywords = [part for keyword in KEYWORDS for part in ("-k", keyword)]
    _pybabel(
        "--quiet",
        "extract",
        "-F",
        str(MAPPING),
        *keywords,
        "--no-location",
        "--sort-output",
        "--project=Latchkey",
        "-o",
        str(into),
        str(PROJECT_ROOT / "backend"),
        str(PROJECT_ROOT / "frontend" / "templates"),
    )


def update() -> None:
    for language in LANGUAGES:
        if language == DEFAULT_LANGUAGE:
            continue
        catalog = LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        if catalog.exists():  # strings no longer used leave the catalog
            _pybabel("--quiet", "update", "--ignore-obsolete", *_paths(language))
        else:
            _pybabel("--quiet", "init", *_paths(language))


def _paths(language: str) -> tuple[str, ...]:
    return ("-i", str(TEMPLATE), "-d", str(LOCALES_DIR), "-l", language)


def compile_catalogs() -> None:
    _pybabel("compile", "--statistics", "-d", str(LOCALES_DIR))


def run_all() -> None:
    extract()
    update()
    compile_catalogs()
