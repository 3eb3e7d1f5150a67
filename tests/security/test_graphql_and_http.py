"""GraphQL and HTTP hardening (R3, R4, G1; ASVS 4.3, 3.4, 3.5, 13.4)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from backend.app import create_app
from backend.clock import FrozenClock
from backend.config import Settings
from backend.mail.dev_sink import DevMailbox
from backend.models import LoginAttempt
from tests.api.flows import login, signed_up_user
from tests.conftest import STRONG_PASSWORD, code_from


async def test_r3_fifty_aliased_guesses_in_one_document_are_refused(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """R3: aliases cannot multiply guesses: the document is refused before any guess counts."""
    await signed_up_user(client, mailbox)
    started = await login(client)
    fields = " ".join(
        f'g{i}: verifyLoginCode(loginToken: "{started["loginToken"]}", code: "{i:06d}") '
        "{ __typename }"
        for i in range(50)
    )
    response = await client.post("/graphql", json={"query": f"mutation {{ {fields} }}"})
    body = response.json()
    assert body.get("data") is None and "aliases" in body["errors"][0]["message"].lower()
    attempt = await LoginAttempt.filter(user__email="jane@example.com").order_by("-id").first()
    assert attempt is not None and attempt.code_guesses == 0


async def test_r3_huge_documents_are_refused(client: httpx.AsyncClient) -> None:
    """R3: the token limit refuses a document before it is validated or run."""
    huge = "{ me { email " + "email " * 3000 + "} }"
    too_many_tokens = (await client.post("/graphql", json={"query": huge})).json()
    assert too_many_tokens.get("data") is None and "token" in str(too_many_tokens).lower()


async def test_r4_mutations_over_get_and_form_posts_to_graphql_are_refused(
    client: httpx.AsyncClient,
) -> None:
    """R4: /graphql only changes state for JSON POSTs (a non-simple, CORS-preflighted request)."""
    mutation = 'mutation { login(email: "a@b.com", password: "x") { __typename } }'
    over_get = await client.get("/graphql", params={"query": mutation})
    assert over_get.status_code in (400, 405)
    form_post = await client.post(
        "/graphql",
        data={"query": mutation},
    )
    assert form_post.status_code in (400, 415)


@pytest.fixture
async def production_client(
    settings: Settings, clock: FrozenClock
) -> AsyncIterator[httpx.AsyncClient]:
    prod = settings.model_copy(
        update={"env": "production", "smtp_host": "127.0.0.1", "smtp_port": 1}
    )
    application = create_app(prod, clock=clock)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as http:
            yield http


async def test_g1_production_has_no_introspection_no_graphiql_no_dev_mailbox(
    production_client: httpx.AsyncClient,
) -> None:
    """G1/R3: introspection and GraphiQL exist only in development."""
    introspection = await production_client.post(
        "/graphql", json={"query": "{ __schema { types { name } } }"}
    )
    assert "introspection" in introspection.json()["errors"][0]["message"].lower()
    ide = await production_client.get("/graphql", headers={"Accept": "text/html"})
    assert "graphiql" not in ide.text.lower()
    assert (await production_client.get("/dev/mailbox")).status_code == 404


async def test_r4_production_cookies_are_host_prefixed_secure_and_pages_send_hsts(
    production_client: httpx.AsyncClient,
) -> None:
    """R4 (ASVS 3.3.x): __Host- prefix, Secure, HttpOnly, SameSite=Lax; HSTS on every page."""
    page = await production_client.get("/login")
    cookie = page.headers["set-cookie"]
    assert cookie.startswith("__Host-latchkey_csrf=")
    assert all(flag in cookie.lower() for flag in ("secure", "httponly", "samesite=lax"))
    assert "max-age=" in page.headers["strict-transport-security"]


async def test_r4_authenticated_pages_are_not_cached(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """R4: the profile is sent with Cache-Control: no-store."""
    from tests.pages.helpers import post_form
    from tests.pages.test_login_pages import SIGNUP_FIELDS

    await post_form(client, "/signup", SIGNUP_FIELDS)
    await post_form(client, "/login/code", {"code": code_from(mailbox, "jane@example.com")})
    profile = await client.get("/profile")
    assert "jane@example.com" in profile.text and profile.headers["cache-control"] == "no-store"
    assert STRONG_PASSWORD not in profile.text
