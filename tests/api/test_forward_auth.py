"""I3: /auth/verify answers reverse proxies: identity headers, or 401 / 302 to the login."""

from __future__ import annotations

import ipaddress
from urllib.parse import quote

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import Response

from backend.clock import FrozenClock
from backend.config import ConfigError, Settings, load_settings
from backend.mail.dev_sink import DevMailbox
from backend.models import User
from backend.services.account_status import set_active
from backend.services.client_info import ClientInfo
from backend.web import cookies
from tests.api.flows import LOGOUT, signed_up_user
from tests.api.test_team import member_session
from tests.conftest import asgi_client, gql

APP = "https://app.example"
PROXY = {
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "app.example",
    "X-Forwarded-Uri": "/reports?year=2026&q=a%20b",
}
ORIGINAL = "https://app.example/reports?year=2026&q=a%20b"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "allowed_return_origins": (APP,),
            "trusted_proxies": (ipaddress.ip_network("10.0.0.0/8"),),
        }
    )


def as_browser(http: httpx.AsyncClient, session: str) -> dict[str, str]:
    """The Cookie header a proxy passes on from the browser."""
    return {"Cookie": f"latchkey_session={session}"}


async def test_i3_signed_in_request_gets_200_with_the_identity_headers(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """I3, I1: Remote-User is the stable ID (Me.id), with email, name and role."""
    session = await signed_up_user(client, mailbox)
    me_id = (await gql(client, "{ me { id } }", bearer=session))["me"]["id"]
    client.cookies.clear()
    for method in ("GET", "HEAD", "POST", "DELETE"):
        answer = await client.request(method, "/auth/verify", headers=as_browser(client, session))
        assert answer.status_code == 200, method
        assert answer.headers["remote-user"] == me_id
        assert answer.headers["remote-email"] == "jane@example.com"
        assert answer.headers["remote-groups"] == "owner"
        assert answer.headers["remote-name"] == ""
        assert answer.headers["cache-control"] == "no-store"


async def test_i3_no_session_is_401_with_the_login_url_or_a_302_when_asked(
    client: httpx.AsyncClient,
) -> None:
    """I3: nginx gets 401 (and the login URL to send people to); mode=redirect gets a 302."""
    refused = await client.get("/auth/verify", headers={"Cookie": "latchkey_session=forged"})
    assert refused.status_code == 401
    assert refused.headers["location"] == "http://testserver/login"
    assert "remote-user" not in refused.headers
    redirected = await client.get("/auth/verify?mode=redirect")
    assert redirected.status_code == 302
    assert redirected.headers["location"] == "http://testserver/login"


async def test_i3_return_to_is_rebuilt_only_from_trusted_proxies_and_allowed_origins(
    app: Starlette,
) -> None:
    """I3, I2: X-Forwarded-* from a trusted proxy name the original URL; from anyone else,
    or for an origin not allowed, the login carries no return_to."""
    async with asgi_client(app, ip="10.1.2.3") as proxy:
        trusted = await proxy.get("/auth/verify?mode=redirect", headers=PROXY)
        assert trusted.headers["location"] == (
            f"http://testserver/login?return_to={quote(ORIGINAL, safe='')}"
        )
        elsewhere = await proxy.get(
            "/auth/verify", headers={**PROXY, "X-Forwarded-Host": "evil.example"}
        )
        assert elsewhere.headers["location"] == "http://testserver/login"
        tricked = await proxy.get(
            "/auth/verify", headers={**PROXY, "X-Forwarded-Uri": "//evil.example/"}
        )
        assert tricked.headers["location"] == "http://testserver/login"
    async with asgi_client(app, ip="203.0.113.9") as stranger:
        untrusted = await stranger.get("/auth/verify", headers=PROXY)
        assert untrusted.headers["location"] == "http://testserver/login"


async def test_i3_logout_deactivation_and_idle_expiry_are_seen_on_the_next_request(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette, clock: FrozenClock
) -> None:
    """I3: no cache: the next request after the session ends is refused."""
    first = await signed_up_user(client, mailbox)
    client.cookies.clear()
    assert (await client.get("/auth/verify", headers=as_browser(client, first))).status_code == 200
    await gql(client, LOGOUT, bearer=first)
    assert (await client.get("/auth/verify", headers=as_browser(client, first))).status_code == 401

    second = await signed_up_user(client, mailbox, email="bob@example.com")
    client.cookies.clear()
    clock.advance(minutes=app.state.deps.settings.session_idle_minutes + 1)
    assert (await client.get("/auth/verify", headers=as_browser(client, second))).status_code == 401

    third = await signed_up_user(client, mailbox, email="cy@example.com")
    client.cookies.clear()
    cy = await User.get(email="cy@example.com")
    await set_active(app.state.deps, cy, False, ClientInfo("127.0.0.1", ""))
    assert (await client.get("/auth/verify", headers=as_browser(client, third))).status_code == 401


async def test_i3_team_member_role_is_in_remote_groups(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """I3, T1: a member's role reaches the application; the name too."""
    owner = await signed_up_user(client, mailbox)
    client.cookies.clear()
    _, member = await member_session(client, app, mailbox, owner, "max@example.com", "ADMIN")
    answer = await client.get("/auth/verify", headers=as_browser(client, member))
    assert answer.headers["remote-groups"] == "admin"
    assert answer.headers["remote-name"] == "Max"


PRODUCTION = {
    "LATCHKEY_ENV": "production",
    "LATCHKEY_SECRET_KEY": "k" * 40,
    "LATCHKEY_BASE_URL": "https://login.example.com",
    "LATCHKEY_SMTP_HOST": "127.0.0.1",
    "LATCHKEY_DATABASE_URL": "postgres://u@127.0.0.1/db",
}


def test_i3_cookie_domain_shares_the_session_cookie_with_subdomains() -> None:
    """I3: with a parent domain the session cookie is __Secure- with Domain; the others stay
    __Host- (host-only); a domain that is not a parent of the base URL is refused."""
    shared = load_settings({**PRODUCTION, "LATCHKEY_COOKIE_DOMAIN": ".Example.com"})
    assert shared.cookie_domain == "example.com"
    response = Response()
    cookies.set_cookie(response, shared, cookies.SESSION, "token", max_age=60)
    cookies.set_cookie(response, shared, cookies.CSRF, "csrf", max_age=60)
    session_cookie, csrf_cookie = response.headers.getlist("set-cookie")
    assert session_cookie.startswith("__Secure-latchkey_session=token;")
    assert "Domain=example.com" in session_cookie and "Secure" in session_cookie
    assert csrf_cookie.startswith("__Host-latchkey_csrf=") and "Domain" not in csrf_cookie
    assert cookies.session_name(shared) == "__Secure-latchkey_session"

    host_only = load_settings(PRODUCTION)
    assert cookies.session_name(host_only) == "__Host-latchkey_session"
    with pytest.raises(ConfigError, match="LATCHKEY_COOKIE_DOMAIN"):
        load_settings({**PRODUCTION, "LATCHKEY_COOKIE_DOMAIN": "other.com"})
    with pytest.raises(ConfigError, match="LATCHKEY_COOKIE_DOMAIN"):
        load_settings({**PRODUCTION, "LATCHKEY_COOKIE_DOMAIN": "ample.com"})
