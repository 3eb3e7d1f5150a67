"""Apps whose mail goes to a misbehaving SMTP server (tests/faults/smtp.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import pytest
from starlette.applications import Starlette

from backend.app import create_app
from backend.clock import FrozenClock
from backend.config import Settings
from tests.conftest import empty_all_tables

AppAt = Callable[..., AbstractAsyncContextManager[Starlette]]


@pytest.fixture
def app_mailing_to(settings: Settings, clock: FrozenClock) -> AppAt:
    """The app, started with its mail going to the SMTP server on loopback port `port`
    (and any other settings changed as given)."""

    @asynccontextmanager
    async def start(port: int, **changes: object) -> AsyncIterator[Starlette]:
        changed = settings.model_copy(
            update={"smtp_host": "127.0.0.1", "smtp_port": port, **changes}
        )
        application = create_app(changed, clock)
        async with application.router.lifespan_context(application):
            await empty_all_tables()
            yield application

    return start
