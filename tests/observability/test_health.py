"""O3: the probes answer JSON without authentication; readiness names what fails."""

from __future__ import annotations

import httpx

from backend.app import create_app
from backend.clock import FrozenClock
from backend.config import Settings
from tests.api.flows import sign_up
from tests.conftest import asgi_client, empty_all_tables
from tests.faults.smtp import FlakyMailbox, smtp_server


async def test_o3_live_and_ready_answer_json_without_a_session(client: httpx.AsyncClient) -> None:
    live = await client.get("/health/live")
    assert live.status_code == 200 and live.json() == {"status": "ok"}
    ready = await client.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "mail": "ok"},
    }
    assert ready.headers["content-type"] == "application/json"


async def test_o3_ready_fails_while_mail_cannot_leave_and_recovers(
    settings: Settings, clock: FrozenClock
) -> None:
    """A refusing SMTP server: the instance is not ready (mail would not arrive); once the
    server takes mail again and the queue drains, it is."""
    server = FlakyMailbox()
    async with smtp_server(server) as port:
        mailing = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port})
        app = create_app(mailing, clock)
        async with app.router.lifespan_context(app), asgi_client(app) as http:
            await empty_all_tables()
            assert (await http.get("/health/ready")).status_code == 200
            await sign_up(http)  # its code email is refused
            failing = await http.get("/health/ready")
            assert failing.status_code == 503
            assert failing.json()["checks"] == {
                "database": "ok",
                "migrations": "ok",
                "mail": "failing",
            }
            assert "mail.internal" not in failing.text  # the server's words stay in the log
            server.refusing = False
            clock.advance(seconds=30)  # past the retry backoff
            await app.state.mail_worker.deliver_due()
            assert (await http.get("/health/ready")).status_code == 200
