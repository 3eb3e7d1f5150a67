"""O3: every answer carries a request ID; a bug reaches people as a generic message with that ID,
never its text; an ID sent by the client is believed only from a trusted proxy."""

from __future__ import annotations

import ipaddress
import logging
import re

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from backend.app import create_app
from backend.clock import FrozenClock
from backend.config import Settings
from backend.mail.dev_sink import DevMailbox
from tests.api.flows import LOGIN, signed_up_user
from tests.conftest import STRONG_PASSWORD, asgi_client
from tests.faults.inject import failing_inserts
from tests.pages.helpers import post_form

HEX_ID = re.compile(r"[0-9a-f]{32}")


async def test_o3_every_answer_carries_its_own_request_id(client: httpx.AsyncClient) -> None:
    ids = [
        (await client.get(path)).headers["x-request-id"]
        for path in ("/login", "/login", "/static/app.css", "/no-such-page")
    ]
    ids.append(
        (await client.post("/graphql", json={"query": "{ me { email } }"})).headers["x-request-id"]
    )
    assert all(HEX_ID.fullmatch(i) for i in ids) and len(set(ids)) == len(ids)


async def test_o3_a_client_cannot_choose_its_request_id(client: httpx.AsyncClient) -> None:
    response = await client.get("/login", headers={"X-Request-ID": "chosen-by-client"})
    assert HEX_ID.fullmatch(response.headers["x-request-id"])


async def test_o3_a_trusted_proxys_request_id_is_kept_unless_malformed(
    settings: Settings, clock: FrozenClock
) -> None:
    behind_proxy = settings.model_copy(
        update={"trusted_proxies": (ipaddress.ip_network("10.0.0.5/32"),)}
    )
    app = create_app(behind_proxy, clock=clock)
    async with app.router.lifespan_context(app), asgi_client(app, ip="10.0.0.5") as proxy:
        kept = await proxy.get("/login", headers={"X-Request-ID": "edge-7f3a:91"})
        assert kept.headers["x-request-id"] == "edge-7f3a:91"
        odd = await proxy.get("/login", headers={"X-Request-ID": b"two words; x" + b"\xe9"})
        assert HEX_ID.fullmatch(odd.headers["x-request-id"])


async def login_that_crashes(
    client: httpx.AsyncClient, headers: dict[str, str] | None = None
) -> httpx.Response:
    """Jane's sign-in, with the database refusing to store the login attempt: a bug's answer."""
    async with failing_inserts("login_attempts"):
        return await client.post(
            "/graphql",
            json={
                "query": LOGIN,
                "variables": {"email": "jane@example.com", "password": STRONG_PASSWORD},
            },
            headers=headers,
        )


async def test_o3_an_unexpected_graphql_error_is_generic_with_the_request_id(
    client: httpx.AsyncClient,
    mailbox: DevMailbox,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await signed_up_user(client, mailbox)
    with caplog.at_level(logging.ERROR):
        response = await login_that_crashes(client)
    error = response.json()["errors"][0]
    request_id = response.headers["x-request-id"]
    assert request_id in error["message"] and "injected" not in response.text.lower()
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
    # The traceback, with the database's own words, is in the log only.
    assert any(r.exc_info and "injected failure" in str(r.exc_info[1]) for r in caplog.records)


async def test_o3_expected_errors_keep_their_readable_message(client: httpx.AsyncClient) -> None:
    query = '{ me { activity(after: "²") { nextCursor } } }'
    response = await client.post("/graphql", json={"query": query})
    assert "request ID" not in response.text
    unknown = await client.post("/graphql", json={"query": "{ nothingHere }"})
    assert "nothingHere" in unknown.json()["errors"][0]["message"]


async def test_o3_a_page_that_fails_shows_the_crash_page_with_the_request_id(
    app: Starlette, client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    await signed_up_user(client, mailbox)
    client.cookies.clear()
    async with failing_inserts("login_attempts"):
        response = await post_form(
            client, "/login", {"email": "jane@example.com", "password": STRONG_PASSWORD}
        )
    assert response.status_code == 500
    assert response.headers["x-request-id"] in response.text
    assert "Something went wrong on our side" in response.text
    assert "injected" not in response.text.lower() and "Traceback" not in response.text


async def test_o3_a_crash_outside_graphql_shows_the_id_and_logs_the_traceback_once(
    app: Starlette, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    """Any page handler that raises: the crash page with the ID, the traceback in one log
    record (the request log's), not in the answer."""

    async def broken(request: Request) -> Response:
        raise RuntimeError("secret internals: /srv/latchkey/db.key")

    app.router.routes.append(Route("/broken-for-test", broken))
    with caplog.at_level(logging.ERROR):
        response = await client.get("/broken-for-test")
    assert response.status_code == 500
    assert response.headers["x-request-id"] in response.text
    assert "secret internals" not in response.text and "Traceback" not in response.text
    logged = [r for r in caplog.records if r.exc_info and "secret internals" in str(r.exc_info[1])]
    assert len(logged) == 1 and logged[0].name == "latchkey.requests"
