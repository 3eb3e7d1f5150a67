"""Log lines (O3): one JSON object per line in production, readable text in development.

Everything logs through the standard `logging` module (ours, uvicorn's, Strawberry's);
structlog only formats, adding the time, the level, the logger and the request ID of the
request being served (bound in backend/web/request_id.py), and rendering exceptions as a
traceback field. Only the serving process configures this: tests and one-off commands keep
Python's defaults.
"""

from __future__ import annotations

import logging
import sys

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

from backend.config import Settings


def _without_terminal_colours(_: WrappedLogger, __: str, event: EventDict) -> EventDict:
    # uvicorn passes a coloured copy of its message as an extra field.
    event.pop("color_message", None)
    return event


_ADDED: list[Processor] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.stdlib.ExtraAdder(),
    _without_terminal_colours,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def configure_logging(settings: Settings) -> None:
    """Send every log record to standard error in the configured format and level."""
    renderer: list[Processor] = (
        [structlog.processors.format_exc_info, structlog.processors.JSONRenderer()]
        if settings.json_logs
        else [structlog.dev.ConsoleRenderer(colors=False)]
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=_ADDED,
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *renderer],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    # backend/web/request_id.py logs each request with its ID; uvicorn's line would repeat it.
    logging.getLogger("uvicorn.access").disabled = True
