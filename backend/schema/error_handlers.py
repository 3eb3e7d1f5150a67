"""Expected failures become the union member a client branches on, for every field at once.

Strawberry offers a handler to a field only when the field's result union holds the
handler's GraphQL type, so resolvers just call their service and let domain errors rise.
A failure the union lacks stays a top-level error carrying its fixed, readable message.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from strawberry import ExceptionHandler

from backend import errors
from backend.outages import is_outage
from backend.schema.errors import MAPPED, ServiceUnavailable, UserError

logger = logging.getLogger("latchkey.outages")


class DomainErrorHandler:
    """One domain error class (and its subclasses) to one GraphQL error type."""

    def __init__(self, exception_type: type[errors.DomainError], error_type: type[UserError]):
        self.exception_type = exception_type
        self.error_type = error_type
        # Besides code and message: `field`, `retry_after_seconds`, `challenge`, read off the
        # exception (a field with a resolver, like InvalidCode.screen, is computed from them).
        self.extras = tuple(
            f.name
            for f in dataclasses.fields(error_type)
            if f.init and f.name not in ("code", "message")
        )

    def handle(self, exception: errors.DomainError, *, field: Any, info: Any) -> UserError:
        extras = {name: getattr(exception, name) for name in self.extras}
        message = exception.message.translate(info.context.language)  # X1: at the edge
        return self.error_type(code=exception.code, message=message, **extras)


class OutageHandler:
    """O4: the database being unreachable is an expected failure too (ServiceUnavailable);
    any other exception is declined (None) and stays an unexpected error."""

    exception_type = Exception
    error_type = ServiceUnavailable

    def handle(self, exception: Exception, *, field: Any, info: Any) -> UserError | None:
        if not is_outage(exception):
            return None
        logger.warning("%s: service unavailable (%s)", field.name, type(exception).__name__)
        unavailable = errors.ServiceUnavailable()
        return ServiceUnavailable(
            code=unavailable.code,
            message=unavailable.message.translate(info.context.language),
            retry_after_seconds=unavailable.retry_after_seconds,
        )


# Strawberry takes the first handler whose exception type matches: the catch-all goes last.
EXCEPTION_HANDLERS: tuple[ExceptionHandler[Any], ...] = (
    *(DomainErrorHandler(domain, graphql) for domain, graphql in MAPPED.items()),
    OutageHandler(),
)
