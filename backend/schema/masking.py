"""Top-level GraphQL errors: unexpected ones masked (O3), every message a person reads in
their language (X1), and a stable `code` in `extensions` to branch on.

A DomainError's message is written for people and stays, translated into the request's
language (a failure its field's union does not list: NotAuthenticated on `me`, say). GraphQL's
own parse and validation errors describe the query to the developer who wrote it, so their
text stays as graphql-core words it (the endpoint adds their code: web/graphql_app.py).
Anything else is a bug: its text could name a table, a file or a secret, so the client gets
the fixed message and the request ID, and the traceback stays in the log (Strawberry logs it
before this runs). The database being unreachable is no bug: the client reads that the
service is temporarily unavailable (O4).
"""

from __future__ import annotations

from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors

from backend.errors import DomainError, ServiceUnavailable
from backend.i18n import DEFAULT_LANGUAGE, Text
from backend.observability.request_id import current_request_id, unexpected_error_message
from backend.outages import is_outage

CODE = "INTERNAL_SERVER_ERROR"


def is_unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    return original is not None and not isinstance(original, DomainError | GraphQLError)


class MaskUnexpectedErrors(MaskErrors):
    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected)

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        return [
            self.anonymise_error(error) if is_unexpected(error) else self._worded(error)
            for error in errors
        ]

    def _language(self) -> str:
        # The account's stored language once the operation looked the session up, else
        # Accept-Language (Context.language).
        return str(getattr(self.execution_context.context, "language", DEFAULT_LANGUAGE))

    def _worded(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if isinstance(original, DomainError):
            return _copy(error, original.message, {"code": original.code}, self._language())
        return error

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        request_id = current_request_id()
        # O4: an outage in a field whose union has no ServiceUnavailable still says so.
        outage = is_outage(error.original_error)
        message = (
            ServiceUnavailable.default_message if outage else unexpected_error_message(request_id)
        )
        code = ServiceUnavailable.code if outage else CODE
        return _copy(error, message, {"code": code, "requestId": request_id}, self._language())


def _copy(
    error: GraphQLError, message: Text | str, extensions: dict[str, str], language: str = ""
) -> GraphQLError:
    return GraphQLError(
        message=message.translate(language) if isinstance(message, Text) else message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        # Kept for in-process callers (the pages turn an outage into the 503 page, O4);
        # clients only ever see the message and extensions.
        original_error=error.original_error,
        # Exactly these: graphql-core copies an exception's own `extensions` attribute, whose
        # keys are that exception's business, not the client's.
        extensions=extensions,
    )
