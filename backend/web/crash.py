"""What a person sees of a bug (O3): a short page, or a JSON error on /graphql, with the
request ID to quote; the traceback goes to the log (backend/web/request_log.py)."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from backend.i18n import N_
from backend.observability.request_id import current_request_id, unexpected_error_message
from backend.schema.masking import CODE
from backend.web.language import language_of
from backend.web.render import page

logger = logging.getLogger("latchkey.pages")


async def crash_page(request: Request, exc: Exception) -> Response:
    """Starlette's handler for any exception nothing else handled (and for OperationFailed)."""
    request_id = current_request_id()
    message = unexpected_error_message(request_id).translate(language_of(request))
    if request.url.path.startswith("/graphql"):
        error = {"message": message, "extensions": {"code": CODE, "requestId": request_id}}
        return JSONResponse({"errors": [error]}, status_code=500)
    try:
        return page(
            request,
            "pages/error.html",
            status=500,
            title=N_("Something went wrong"),
            message=N_("Something went wrong on our side. Please try again."),
            request_id=request_id,
        )
    except Exception:
        logger.exception("the crash page itself failed")
        return PlainTextResponse(message, status_code=500)
