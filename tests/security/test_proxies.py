"""Client addresses behind reverse proxies (R2): X-Forwarded-For only from trusted proxies."""

from __future__ import annotations

import ipaddress

import httpx
import pytest

from backend.config import ConfigError, Settings, load_settings
from backend.mail.dev_sink import DevMailbox
from backend.web.client_address import client_address
from tests.api.flows import signed_up_user
from tests.conftest import gql

PROXY = [ipaddress.ip_network("10.0.0.0/8")]


def test_r2_forwarded_for_is_ignored_from_an_untrusted_peer() -> None:
    """R2: without a trusted proxy in between, the header is whatever the client wants: ignored."""
    assert client_address("198.51.100.4", "1.2.3.4", PROXY) == "198.51.100.4"
    assert client_address("198.51.100.4", "1.2.3.4", []) == "198.51.100.4"


def test_r2_the_first_untrusted_hop_from_the_right_is_the_client() -> None:
    """A client cannot pick its address by sending the header itself: spoofed hops on the left
    are ignored."""
    assert client_address("10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.5", PROXY) == "203.0.113.9"
    assert client_address("10.0.0.2", "203.0.113.9", PROXY) == "203.0.113.9"
    assert client_address("10.0.0.2", "", PROXY) == "10.0.0.2"
    assert client_address("10.0.0.2", "not-an-address", PROXY) == "10.0.0.2"


def test_r2_trusted_proxies_come_from_configuration() -> None:
    key = {"LATCHKEY_SECRET_KEY": "k" * 40}
    settings = load_settings({**key, "LATCHKEY_TRUSTED_PROXIES": "10.0.0.0/8, ::1"})
    assert [str(n) for n in settings.trusted_proxies] == ["10.0.0.0/8", "::1/128"]
    with pytest.raises(ConfigError):
        load_settings({**key, "LATCHKEY_TRUSTED_PROXIES": "ten.zero"})


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The test client (203.0.113.7) plays a trusted reverse proxy."""
    return settings.model_copy(
        update={"trusted_proxies": (ipaddress.ip_network("203.0.113.7/32"),)}
    )


async def test_r2_sessions_record_the_address_the_trusted_proxy_reports(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """R2, SE1: behind a trusted proxy the reported address is the one recorded (and limited)."""
    client.headers["X-Forwarded-For"] = "198.51.100.23"
    session = await signed_up_user(client, mailbox)
    listed = await gql(client, "{ me { sessions { ipAddress } } }", bearer=session)
    assert listed["me"]["sessions"] == [{"ipAddress": "198.51.100.23"}]
