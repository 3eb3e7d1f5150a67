"""I2: the `returnTo` argument, and the query that says where a return-to would lead."""

from __future__ import annotations

from typing import Annotated

import strawberry

from backend.schema.context import Context
from backend.services import return_to

RETURN_TO_HELP = (
    "I2: where the browser should go once the sign-in is complete: a path on Latchkey or an "
    "absolute URL on an allowed origin (LATCHKEY_ALLOWED_RETURN_ORIGINS). Anything else is "
    "ignored and the profile is used; the success type's `returnTo` says which."
)
ReturnToArgument = Annotated[str | None, strawberry.argument(description=RETURN_TO_HELP)]


def after_sign_in(info: strawberry.Info[Context, None], url: str | None) -> str:
    """The checked `url`, else the profile."""
    return return_to.destination(return_to.checked(info.context.deps.settings, url))


def return_to_query(info: strawberry.Info[Context, None], url: str) -> str:
    """I2: where Latchkey sends the browser after signing in with this return-to (`url` if
    allowed, else the profile); a signed-in browser may be sent there at once."""
    return after_sign_in(info, url)
