"""Turns domain errors raised by a service into the union member a client branches on."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

from backend.errors import DomainError
from backend.schema.errors import UserError, to_graphql

P = ParamSpec("P")
R = TypeVar("R")


def user_errors(resolver: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R | UserError]]:
    """Expected failures become typed results; anything else stays a top-level error."""

    @functools.wraps(resolver)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | UserError:
        try:
            return await resolver(*args, **kwargs)
        except DomainError as err:
            return to_graphql(err)

    return wrapper
