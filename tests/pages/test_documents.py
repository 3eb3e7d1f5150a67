"""G2, issue 16: every GraphQL document a page sends is valid against the schema.

The documents live beside their page modules (backend/web/pages/*.graphql); a field renamed
in the schema fails here, not in front of a person on the page that sends it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import parse, specified_rules, validate

from backend.schema import LIMIT_RULES, build_schema
from backend.web import pages
from backend.web.documents import documents_beside

PAGE_DOCUMENTS = sorted(Path(pages.__file__).parent.glob("*.graphql"))


def test_g2_the_pages_have_documents() -> None:
    assert len(PAGE_DOCUMENTS) >= 10, PAGE_DOCUMENTS


@pytest.mark.parametrize("path", PAGE_DOCUMENTS, ids=lambda path: path.name)
def test_g2_every_page_document_is_valid_against_the_schema(path: Path) -> None:
    """Each file sits beside the page module that sends it, and validates with the rules the
    server applies (graphql-core's own, plus our depth and alias limits)."""
    assert path.with_suffix(".py").exists(), f"{path.name} has no page module beside it"
    schema = build_schema()._schema
    errors = validate(schema, parse(path.read_text()), [*specified_rules, *LIMIT_RULES])
    assert errors == [], [error.message for error in errors]
    for name, document in documents_beside(str(path)).items():
        assert validate(schema, parse(document)) == [], name
