"""The ID of the request being served (O3), wherever the code runs: a resolver, a page, a log.

backend/web/request_log.py binds it per request; this module only reads it, so the schema
layer can quote it in a masked error without knowing about HTTP.
"""

from __future__ import annotations

import structlog

from backend.i18n import N_, Text

KEY = "request_id"


def current_request_id() -> str:
    """The ID of the request being served ("" outside one, e.g. in a CLI job)."""
    return str(structlog.contextvars.get_contextvars().get(KEY, ""))


def unexpected_error_message(request_id: str) -> Text:
    """What a person is told of a bug: no internals, and the ID to quote to support (X1:
    translated where it is shown)."""
    return N_(
        "Something went wrong on our side. Please try again; if it keeps happening, "
        "tell support the request ID %(request_id)s.",
        request_id=request_id,
    )
