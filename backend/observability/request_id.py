"""The ID of the request being served (O3), wherever the code runs: a resolver, a page, a log.

backend/web/request_log.py binds it per request; this module only reads it, so the schema
layer can quote it in a masked error without knowing about HTTP.
"""

from __future__ import annotations

import structlog

KEY = "request_id"


def current_request_id() -> str:
    """The ID of the request being served ("" outside one, e.g. in a CLI job)."""
    return str(structlog.contextvars.get_contextvars().get(KEY, ""))


def unexpected_error_message(request_id: str) -> str:
    """What a person is told of a bug: no internals, and the ID to quote to support."""
    return (
        "Something went wrong on our side. Please try again; if it keeps happening, "
        f"tell support the request ID {request_id}."
    )
