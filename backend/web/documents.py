"""A page's GraphQL documents live in a `.graphql` file beside its module.

Each named operation in the file becomes its own document with the fragments it spreads,
the text an API client would send; tests/pages/test_documents.py validates every file
against the schema.
"""

from __future__ import annotations

from pathlib import Path

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    Node,
    OperationDefinitionNode,
    parse,
    print_ast,
    visit,
)
from graphql.language import Visitor


class _Spreads(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_: object) -> None:
        self.names.add(node.name.value)


def _spread_in(node: Node) -> set[str]:
    spreads = _Spreads()
    visit(node, spreads)
    return spreads.names


def _with_fragments(
    operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]
) -> DocumentNode:
    """The operation and every fragment it spreads, directly or through another fragment."""
    wanted, todo = set[str](), _spread_in(operation)
    while todo:
        name = todo.pop()
        wanted.add(name)
        todo |= _spread_in(fragments[name]) - wanted
    return DocumentNode(definitions=(operation, *(fragments[name] for name in sorted(wanted))))


def documents_beside(module_file: str) -> dict[str, str]:
    """Operation name -> document, from `<module>.graphql` (e.g. login.py -> login.graphql)."""
    definitions = parse(Path(module_file).with_suffix(".graphql").read_text()).definitions
    fragments = {d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)}
    return {
        d.name.value: print_ast(_with_fragments(d, fragments))
        for d in definitions
        if isinstance(d, OperationDefinitionNode) and d.name is not None
    }
