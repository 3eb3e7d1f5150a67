"""Pages as GraphQL clients: run one operation in-process and get a small typed outcome.

Every page talks to the schema through `run`. Being signed out (a `NotAuthenticated`
result, or no `me` where a page needs one) and needing a fresh second factor
(`StepUpRequired`, S1) are handled here and in `needs_session`, never in a page.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from backend.errors import ServiceUnavailable, TryAgainLater
from backend.outages import is_outage
from backend.web.context import context_for
from backend.web.render import go

logger = logging.getLogger("latchkey.pages")
Handler = Callable[..., Awaitable[Response]]
# R2: the person must wait; any other refusal is a mistake to correct.
WAIT_KINDS = ("RateLimited", "ResendThrottled")


class OperationFailed(RuntimeError):
    """The schema returned top-level errors: a bug, never an expected outcome."""


class SignedOut(Exception):
    """The operation needed a session the browser does not have."""

    def __init__(self, carrier: Response) -> None:
        self.carrier = carrier


class StepUpNeeded(SignedOut):
    """S1: the session must pass a second factor again before this change."""


@dataclass(frozen=True)
class Outcome:
    """One operation's answer. `result` is the union member a document names `result`;
    `carrier` holds the cookies the operation set, for whatever the page answers."""

    data: dict[str, Any]
    carrier: Response

    @property
    def result(self) -> dict[str, Any]:
        result: dict[str, Any] = self.data.get("result") or {}
        return result

    @property
    def kind(self) -> str:
        return str(self.result.get("__typename", ""))

    @property
    def message(self) -> str:
        return str(self.result.get("message", ""))

    @property
    def status(self) -> int:
        """HTTP status of a refused form: 429 when the person must wait (R2), else 400."""
        return 429 if self.kind in WAIT_KINDS else 400

    @property
    def refusal(self) -> dict[str, Any]:
        """What a form shows again after a refusal: the status, the message, the field."""
        return {"status": self.status, "error": self.message, "field": self.result.get("field")}


async def run(request: Request, document: str, **variables: Any) -> Outcome:
    """Execute `document` against the app's schema as this browser."""
    carrier = Response()
    result = await request.app.state.schema.execute(
        document, variable_values=variables, context_value=context_for(request, carrier)
    )
    if result.errors:
        original = result.errors[0].original_error
        if original is not None and (
            isinstance(original, ServiceUnavailable | TryAgainLater) or is_outage(original)
        ):
            raise original  # O4: the 503 "try again" page (backend/web/unavailable.py)
        logger.error("page operation failed: %s", result.errors)
        raise OperationFailed(str(result.errors[0]))
    outcome = Outcome(result.data or {}, carrier)
    if outcome.kind == "NotAuthenticated":
        raise SignedOut(carrier)
    if outcome.kind == "StepUpRequired":
        raise StepUpNeeded(carrier)
    return outcome


async def run_signed_in(request: Request, document: str, **variables: Any) -> Outcome:
    """`run` for a page of a signed-in person: the document asks for `me`, and no `me`
    raises SignedOut as a NotAuthenticated result does."""
    outcome = await run(request, document, **variables)
    if outcome.data.get("me") is None:
        raise SignedOut(outcome.carrier)
    return outcome


def needs_session(handler: Handler) -> Handler:
    """For pages of a signed-in person: signed out, they go to the login page; a change
    that needs a fresh second factor goes to the step-up, and comes back here after it."""

    @functools.wraps(handler)
    async def page(request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            return await handler(request, *args, **kwargs)
        except StepUpNeeded as needed:
            return go(request, f"/profile/verify?next={request.url.path}", needed.carrier)
        except SignedOut as out:
            return go(request, "/login", out.carrier)

    return page
