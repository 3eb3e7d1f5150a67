"""Prometheus metrics (O3), counted where things happen and served by `/metrics`.

Off unless LATCHKEY_METRICS=1 (on the service's own port) or LATCHKEY_METRICS_PORT (a port
of their own, for a network the public cannot reach). Labels take a few known values only
(reasons, methods, limit names, route templates), never an address, email or raw path.

With `latchkey serve --workers N` every worker is its own process: the command then points
prometheus-client at a fresh directory (PROMETHEUS_MULTIPROC_DIR, prometheus-client's own
variable, set before the workers start) where each process writes its counts, and a scrape
adds them up, whichever worker answers it.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.requests import Request
from starlette.responses import Response

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

LOGINS_STARTED = Counter("latchkey_logins_started", "Sign-ins begun: a password submitted.")
LOGINS_SUCCEEDED = Counter(
    "latchkey_logins_succeeded", "Sign-ins completed by any path: a session was opened."
)
LOGINS_FAILED = Counter(
    "latchkey_logins_failed",
    "Sign-ins refused at the password step, by reason (the error code clients see).",
    ["reason"],
)
SECOND_FACTOR = Counter(
    "latchkey_second_factor_checks",
    "Second-factor checks (sign-in and step-up) by method and outcome: accepted, rejected, "
    "exhausted (no guesses left) or expired.",
    ["method", "outcome"],
)
EMAILS_SENT = Counter("latchkey_emails_sent", "Emails the SMTP server accepted.")
EMAILS_FAILED = Counter(
    "latchkey_emails_failed", "Delivery attempts that failed (the email stays queued)."
)
RATE_LIMIT_REFUSALS = Counter(
    "latchkey_rate_limit_refusals", "Requests refused by a rate limit (R2), by limit.", ["limit"]
)
REQUEST_DURATION = Histogram(
    "latchkey_request_duration_seconds",
    "Time to answer a request, by method and route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
PASSWORD_QUEUE_WAIT = Histogram(
    "latchkey_password_hash_queue_wait_seconds",
    "Time a password hash waited for a hashing thread (O4: the queue is bounded).",
    buckets=(0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0),
)


def observe_request(method: str, route: str, seconds: float) -> None:
    REQUEST_DURATION.labels(method if method in METHODS else "other", route).observe(seconds)


def registry() -> CollectorRegistry:
    """This process's metrics, or every worker's when they run as separate processes."""
    if not os.environ.get(MULTIPROCESS_DIR):
        return REGISTRY
    combined = CollectorRegistry()
    multiprocess.MultiProcessCollector(combined)  # type: ignore[no-untyped-call]
    return combined


async def metrics_endpoint(request: Request) -> Response:
    """GET /metrics in Prometheus' text format."""
    return Response(generate_latest(registry()), media_type=CONTENT_TYPE_LATEST)
