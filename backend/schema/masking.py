"""Unexpected errors reach GraphQL clients as a generic message with the request ID (O3).

A DomainError's message is written for people and stays; so do GraphQL's own validation
errors (they have no original exception). Anything else is a bug: its text could name a
table, a file or a secret, so the client gets the fixed message and the request ID, and
the traceback stays in the log (Strawberry logs it before this runs). The database being
unreachable is no bug: the client reads that the service is temporarily unavailable (O4).
"""

from __future__ import annotations

from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors

from backend.errors import DomainError, ServiceUnavailable
from backend.observability.request_id import current_request_id, unexpected_error_message
from backend.outages import is_outage

CODE = "INTERNAL_SERVER_ERROR"


def is_unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    return original is not None and not isinstance(original, DomainError | GraphQLError)


class MaskUnexpectedErrors(MaskErrors):
    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        request_id = current_request_id()
        # O4: an outage in a field whose union has no ServiceUnavailable still says so.
        outage = is_outage(error.original_error)
        return GraphQLError(
            message=str(ServiceUnavailable.default_message)
            if outage
            else unexpected_error_message(request_id),
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            # Kept for in-process callers (the pages turn an outage into the 503 page, O4);
            # clients only ever see the message and extensions.
            original_error=error.original_error,
            extensions={
                "code": ServiceUnavailable.code if outage else CODE,
                "requestId": request_id,
            },
        )
