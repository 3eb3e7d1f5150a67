"""Health probes (O3) for load balancers and orchestrators: JSON, no authentication, cheap.

`/health/live` answers as long as the process serves requests (restart it if not).
`/health/ready` also asks whether this instance can do its job: the database answers, the
schema is at the newest migration (backend/migrations_state.py, one small query, remembered
once current), and mail is leaving (backend/mail/outbox.py). A failing check answers 503
with which one, so traffic goes elsewhere; no check says more than ok or failing, as the
probe is public.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse
from tortoise import Tortoise

from backend.mail import outbox
from backend.migrations_state import pending_migrations

logger = logging.getLogger("latchkey.health")
# A probe must answer before the prober gives up (often 1 s); a slower database is failing.
CHECK_SECONDS = 0.8


async def live(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def _database(request: Request) -> bool:
    await Tortoise.get_connection("default").execute_query("SELECT 1")
    return True


async def _migrations(request: Request) -> bool:
    return not await pending_migrations()


async def _mail(request: Request) -> bool:
    return not await outbox.delivery_failing(request.app.state.deps.clock.now())


CHECKS: dict[str, Callable[[Request], Awaitable[bool]]] = {
    "database": _database,
    "migrations": _migrations,
    "mail": _mail,
}


async def _run(name: str, request: Request) -> str:
    try:
        ok = await asyncio.wait_for(CHECKS[name](request), CHECK_SECONDS)
    except Exception as exc:  # an outage, a timeout: the answer is "failing" either way
        logger.warning("readiness check %s failed: %s", name, type(exc).__name__)
        return "failing"
    return "ok" if ok else "failing"


async def ready(request: Request) -> JSONResponse:
    checks: dict[str, str] = {}
    for name in CHECKS:
        # Without a database the other checks cannot be asked: they would only add waiting.
        checks[name] = (
            "unknown" if checks.get("database") == "failing" else await _run(name, request)
        )
    ok = all(state == "ok" for state in checks.values())
    return JSONResponse(
        {"status": "ready" if ok else "unavailable", "checks": checks},
        status_code=200 if ok else 503,
    )
