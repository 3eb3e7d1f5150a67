"""O3: with `--workers 2` and LATCHKEY_METRICS_PORT, the metrics port adds up the counts of
every worker process, and the public port has no /metrics."""

from __future__ import annotations

from pathlib import Path

import httpx

from backend.config import Settings
from tests.api.flows import LOGIN
from tests.live import LIVE_TIMEOUT, free_port, serving
from tests.observability.test_metrics import value

FAILED = "latchkey_logins_failed_total"


def test_o3_the_metrics_port_sums_every_worker(tmp_path: Path, settings: Settings) -> None:
    metrics_port = free_port()
    env = {
        "LATCHKEY_METRICS_PORT": str(metrics_port),
        # Several workers cannot share the development mail sink: a (silent) SMTP address.
        "LATCHKEY_SMTP_HOST": "127.0.0.1",
        "LATCHKEY_SMTP_PORT": str(free_port()),
    }
    scrape = f"http://127.0.0.1:{metrics_port}/metrics"
    with serving(tmp_path, settings.database_url, env, workers=2) as base:
        assert httpx.get(f"{base}/metrics", timeout=LIVE_TIMEOUT).status_code == 404
        before = httpx.get(scrape, timeout=LIVE_TIMEOUT).text
        for n in range(6):
            with httpx.Client(timeout=LIVE_TIMEOUT) as fresh_connection:
                answer = fresh_connection.post(
                    f"{base}/graphql",
                    json={
                        "query": LOGIN,
                        "variables": {"email": f"nobody{n}@example.com", "password": "guess"},
                    },
                )
                assert answer.json()["data"]["login"]["__typename"] == "InvalidCredentials"
        after = httpx.get(scrape, timeout=LIVE_TIMEOUT).text
    failed = value(after, FAILED, reason="invalid_credentials")
    assert failed - value(before, FAILED, reason="invalid_credentials") == 6
    assert value(after, "latchkey_request_duration_seconds_count", route="/graphql") >= 6
