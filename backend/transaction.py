"""One database transaction per service step (O5), with work that waits for the commit.

`async with transaction():` runs every statement of a step on one connection and commits
them together; an exception anywhere rolls all of them back, so the step can be tried
again from the state it started in. A step called from inside another step joins the outer
transaction (no savepoints: the outer step decides). Side effects that must not happen for
a rolled-back step (waking the mail worker) are registered with `after_commit`.

Keep slow work (password hashing, network calls) outside: on SQLite the transaction holds
the process's only connection until it ends.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar

from tortoise.transactions import in_transaction

logger = logging.getLogger("latchkey.db")

_pending: ContextVar[list[Callable[[], None]] | None] = ContextVar("after_commit", default=None)


@asynccontextmanager
async def transaction() -> AsyncIterator[None]:
    """Commit everything done inside at once, or nothing; then run the after-commit hooks."""
    if _pending.get() is not None:
        yield
        return
    hooks: list[Callable[[], None]] = []
    token = _pending.set(hooks)
    try:
        async with in_transaction():
            yield
    finally:
        _pending.reset(token)
    for hook in hooks:
        hook()


def after_commit(hook: Callable[[], None]) -> None:
    """Run `hook` once the current transaction commits (at once outside a transaction)."""
    hooks = _pending.get()
    if hooks is None:
        hook()
    else:
        hooks.append(hook)
