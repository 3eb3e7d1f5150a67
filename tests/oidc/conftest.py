"""OAuth 2.0 needs TLS (Authlib refuses plain http except on loopback): these tests run the
in-process app as https://testserver."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from backend.config import Settings
from tests.conftest import asgi_client

BASE = "https://testserver"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"base_url": BASE})


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app, base=BASE) as http:
        yield http
