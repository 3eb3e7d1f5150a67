"""Where `latchkey serve` sends people: emailed links follow --host/--port in development unless
LATCHKEY_BASE_URL is set, a base URL that misses the server is said at start (issue 22 #1), and
passkeys are hidden, with the reason, where the relying-party ID is an IP address (#2; PK1)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from backend.app import create_app
from backend.clock import FrozenClock
from backend.config import Settings, load_settings
from backend.mail.dev_sink import DevMailbox
from tests.api.flows import signed_up_user
from tests.conftest import asgi_client, database_url, empty_all_tables
from tests.live import serving

FORGOT = "mutation($email: String!) { requestPasswordReset(email: $email) { __typename } }"


def _mailed_links(base: str, email: str) -> list[str]:
    page = httpx.get(f"{base}/dev/mailbox", timeout=10).text
    return re.findall(r"https?://[^\s<\"]+", page) if email in page else []


def test_p1_emailed_links_follow_the_port_the_server_listens_on(tmp_path: Path) -> None:
    """#1, P1: with no LATCHKEY_BASE_URL, a reset link names the port given to --port."""
    folder = tmp_path / "service"
    with serving(folder, database_url(folder), {"LATCHKEY_BASE_URL": ""}) as base:
        port = base.rsplit(":", 1)[1]
        with httpx.Client(base_url=base, timeout=30) as http:
            signed_up = http.post(
                "/graphql",
                json={
                    "query": 'mutation { signUp(email: "port@example.com", password: '
                    '"correct horse battery staple", securityQuestion: "Pet?", '
                    'securityAnswer: "Rex") { __typename } }'
                },
            )
            assert signed_up.json()["data"]["signUp"]["__typename"] == "CodeRequired"
            http.post(
                "/graphql", json={"query": FORGOT, "variables": {"email": "port@example.com"}}
            )
        links: list[str] = []
        for _ in range(50):  # mail leaves through the outbox, a moment after the request
            links = [link for link in _mailed_links(base, "port@example.com") if "/reset" in link]
            if links:
                break
            httpx.get(f"{base}/login", timeout=10)
        assert links and all(link.startswith(f"http://localhost:{port}/reset") for link in links)
        log = (folder / f"server-{port}.log").read_text()
        assert f"Links in emails: http://localhost:{port}" in log
        assert "will not reach it" not in log


def test_o2_serve_warns_when_the_base_url_misses_the_server(tmp_path: Path) -> None:
    """#1, O2: a base URL on this machine but another port is said at start, naming both."""
    folder = tmp_path / "service"
    with serving(
        folder, database_url(folder), {"LATCHKEY_BASE_URL": "http://127.0.0.1:8000"}
    ) as base:
        port = base.rsplit(":", 1)[1]
        log = (folder / f"server-{port}.log").read_text()
    assert (
        "LATCHKEY_BASE_URL is http://127.0.0.1:8000, but the server listens on "
        f"http://localhost:{port}: links in emails will not reach it"
    ) in log


def test_pk1_development_default_is_a_host_name(tmp_path: Path) -> None:
    """#2, PK1: the default base URL is localhost (a valid relying-party ID), not 127.0.0.1."""
    settings = load_settings({}, folder=tmp_path)
    assert settings.base_url == "http://localhost:8000" and settings.rp_id == "localhost"
    assert settings.passkeys_unavailable == ""


@pytest.fixture
async def ip_addressed(
    settings: Settings, clock: FrozenClock
) -> AsyncIterator[tuple[httpx.AsyncClient, DevMailbox]]:
    """The app as `latchkey serve` ran it before: addressed as http://127.0.0.1:8000."""
    application = create_app(
        settings.model_copy(update={"base_url": "http://127.0.0.1:8000"}), clock
    )
    async with application.router.lifespan_context(application):
        await empty_all_tables()
        async with asgi_client(application) as http:
            yield http, application.state.mailbox


async def test_pk1_passkeys_hidden_with_the_reason_when_the_rp_id_is_an_ip(
    ip_addressed: tuple[httpx.AsyncClient, DevMailbox],
) -> None:
    """#2, PK1: on http://127.0.0.1 the profile says why there are no passkeys, and offers none."""
    http, mailbox = ip_addressed
    await signed_up_user(http, mailbox)
    profile = (await http.get("/profile")).text
    assert "Passkeys need a host name" in profile and "127.0.0.1, an IP address" in profile
    assert 'href="/profile/passkeys/new"' not in profile
    new = (await http.get("/profile/passkeys/new")).text
    assert "Passkeys need a host name" in new and 'name="password"' not in new


async def test_pk1_passkeys_offered_on_a_host_name(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """PK1: with a host name the profile offers "Add a passkey" and no warning."""
    await signed_up_user(client, mailbox)
    profile = (await client.get("/profile")).text
    assert 'href="/profile/passkeys/new"' in profile and "Passkeys need a host name" not in profile
