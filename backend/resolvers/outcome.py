"""Turns domain errors raised by a service into the union member a client branches on."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, ParamSpec, TypeVar, get_args, get_origin, get_type_hints

from backend.errors import DomainError, ServiceUnavailable
from backend.outages import is_outage
from backend.schema.errors import UserError, to_graphql

P = ParamSpec("P")
R = TypeVar("R")
logger = logging.getLogger("latchkey.outages")


def _members(resolver: Callable[..., Any]) -> frozenset[type]:
    """The types a resolver's result union may hold."""
    hint = get_type_hints(resolver, include_extras=True).get("return")
    if get_origin(hint) is Annotated:
        hint = get_args(hint)[0]
    return frozenset(t for t in (get_args(hint) or (hint,)) if isinstance(t, type))


def user_errors(resolver: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R | UserError]]:
    """Expected failures become typed results; anything else stays a top-level error.

    An outage (O4: the database is unreachable) is an expected failure too: it becomes
    ServiceUnavailable. A failure whose type the resolver's union lacks is raised instead,
    as a top-level error carrying its fixed, readable message.
    """
    members: frozenset[type] | None = None

    @functools.wraps(resolver)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | UserError:
        nonlocal members
        try:
            return await resolver(*args, **kwargs)
        except DomainError as err:
            failure = err
        except Exception as exc:
            if not is_outage(exc):
                raise
            logger.warning("%s: service unavailable (%s)", resolver.__name__, type(exc).__name__)
            failure = ServiceUnavailable()
        if members is None:
            members = _members(resolver)
        result = to_graphql(failure)
        if type(result) not in members:
            raise failure
        return result

    return wrapper
