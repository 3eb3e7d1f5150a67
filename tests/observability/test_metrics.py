"""O3: /metrics is off unless asked for; after real sign-ins it counts them, by reason,
method and outcome, and times requests by route template, never by raw path."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from starlette.applications import Starlette

from backend.app import create_app
from backend.clock import FrozenClock
from backend.config import RateLimit, Settings
from backend.mail.dev_sink import DevMailbox
from tests.api.flows import login, signed_up_user, verify
from tests.conftest import asgi_client, code_from, empty_all_tables


def value(text: str, name: str, **labels: str) -> float:
    """One sample of a scrape (0 when the series does not exist yet)."""
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return float(sample.value)
    return 0.0


@pytest.fixture
async def metered(settings: Settings, clock: FrozenClock) -> AsyncIterator[Starlette]:
    limited = settings.model_copy(
        update={
            "metrics": True,
            "rate_limit_login_per_address": RateLimit(max_hits=3, window_seconds=600),
        }
    )
    app = create_app(limited, clock)
    async with app.router.lifespan_context(app):
        await empty_all_tables()
        yield app


async def test_o3_metrics_are_off_unless_enabled(client: httpx.AsyncClient) -> None:
    assert (await client.get("/metrics")).status_code == 404


async def test_o3_metrics_count_real_sign_ins_by_reason_method_and_route(
    metered: Starlette,
) -> None:
    mailbox: DevMailbox = metered.state.mailbox
    async with asgi_client(metered) as http:
        before = (await http.get("/metrics")).text
        session = await signed_up_user(http, mailbox)  # one email, one accepted email code
        assert (await login(http, password="wrong password here"))["__typename"] == (
            "InvalidCredentials"
        )
        started = await login(http)
        assert (await verify(http, started["loginToken"], "000000"))["__typename"] == (
            "InvalidCode"
        )
        good = await verify(http, started["loginToken"], code_from(mailbox, "jane@example.com"))
        assert good["__typename"] == "LoginSuccess"
        await login(http)
        assert (await login(http))["__typename"] == "RateLimited"  # the 4th from this address
        await http.post(
            "/profile/sessions/4242/end", headers={"Authorization": f"Bearer {session}"}
        )
        after = await http.get("/metrics")

    assert after.headers["content-type"].startswith("text/plain")
    text = after.text

    def delta(name: str, **labels: str) -> float:
        return value(text, name, **labels) - value(before, name, **labels)

    assert delta("latchkey_logins_started_total") == 4
    assert delta("latchkey_logins_succeeded_total") == 2  # sign-up's first proof, then login
    assert delta("latchkey_logins_failed_total", reason="invalid_credentials") == 1
    assert delta("latchkey_logins_failed_total", reason="rate_limited") == 1
    assert delta("latchkey_second_factor_checks_total", method="email", outcome="accepted") == 2
    assert delta("latchkey_second_factor_checks_total", method="email", outcome="rejected") == 1
    assert delta("latchkey_rate_limit_refusals_total", limit="login-ip") == 1
    assert delta("latchkey_emails_sent_total") >= 3 and delta("latchkey_emails_failed_total") == 0
    assert delta("latchkey_password_hash_queue_wait_seconds_count") >= 4
    graphql = {"method": "POST", "route": "/graphql"}
    assert delta("latchkey_request_duration_seconds_count", **graphql) >= 8
    ended = {"method": "POST", "route": "/profile/sessions/{session_id}/end"}
    assert delta("latchkey_request_duration_seconds_count", **ended) == 1
    assert "4242" not in text
