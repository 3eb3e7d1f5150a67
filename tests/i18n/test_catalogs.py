"""X1: every marked string is in every shipped catalog, translated, and compiled.

Fails when code or a template gains a string that `latchkey translations` has not brought
into the catalogs, when a translation is missing or fuzzy, when a translation drops or
renames a placeholder (Babel's checkers), or when a .mo file is older than its .po.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from backend.i18n import maintenance
from backend.i18n.catalogs import DEFAULT_LANGUAGE, LANGUAGES, LOCALES_DIR

TRANSLATED = [language for language in LANGUAGES if language != DEFAULT_LANGUAGE]


def _catalog(language: str, suffix: str = "po") -> Catalog:
    path = LOCALES_DIR / language / "LC_MESSAGES" / f"messages.{suffix}"
    with path.open("rb") as file:
        return read_mo(file) if suffix == "mo" else read_po(file, locale=language)


def _ids(catalog: Catalog) -> set[str]:
    return {message.id if isinstance(message.id, str) else message.id[0] for message in catalog}


def _plain(value: str | tuple[str, ...] | list[str]) -> str | tuple[str, ...]:
    return value if isinstance(value, str) else tuple(value)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """What the code and templates mark today, extracted afresh."""
    template = tmp_path_factory.mktemp("pot") / "messages.pot"
    maintenance.extract(into=template)
    with template.open("rb") as file:
        return read_po(file)


@pytest.mark.parametrize("language", TRANSLATED)
def test_x1_every_marked_string_is_in_the_catalog(extracted: Catalog, language: str) -> None:
    missing = _ids(extracted) - _ids(_catalog(language))
    assert not missing, f"run `latchkey translations`, then translate: {sorted(missing)}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_x1_catalog_is_complete_and_checked(language: str) -> None:
    catalog = _catalog(language)
    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (
            message.fuzzy
            or not (all(message.string) if isinstance(message.string, tuple) else message.string)
        )
    ]
    assert not untranslated, f"{language}: untranslated or fuzzy: {untranslated}"
    problems = [(message.id, [str(e) for e in errors]) for message, errors in catalog.check()]
    assert not problems, f"{language}: {problems}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_x1_compiled_catalog_matches_its_source(language: str) -> None:
    source = {_plain(m.id): _plain(m.string) for m in _catalog(language) if m.id}
    compiled = {_plain(m.id): _plain(m.string) for m in _catalog(language, "mo") if m.id}
    assert compiled == source, "run `latchkey translations` to compile the .mo files"


def test_x1_catalog_files_are_where_the_package_ships_them() -> None:
    assert Path(maintenance.TEMPLATE).exists()
    for language in TRANSLATED:
        assert (LOCALES_DIR / language / "LC_MESSAGES" / "messages.mo").exists()
