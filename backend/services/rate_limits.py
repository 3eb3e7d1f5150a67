"""Rate limits (R2): fixed-window counters in the database, so every instance shares them.

Each counter is bumped and read in one statement (INSERT ... ON CONFLICT ... RETURNING),
before any secret is compared, so concurrent requests cannot slip past a limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise import Tortoise

from backend.deps import Deps
from backend.errors import RateLimited


@dataclass(frozen=True)
class Limit:
    name: str
    max_hits: int
    window_seconds: int


# Per client address.
LOGIN_PER_ADDRESS = Limit("login-ip", 30, 600)
CODE_CHECKS_PER_ADDRESS = Limit("code-ip", 60, 600)
EMAILS_PER_ADDRESS = Limit("email-ip", 20, 3600)
SIGNUPS_PER_ADDRESS = Limit("signup-ip", 10, 3600)
HELP_REQUESTS_PER_ADDRESS = Limit("help-ip", 5, 3600)
# Per typed email and client address: a stranger's failures never slow the owner's browser.
PASSWORD_FAILURES = Limit("pw-fail", 10, 900)
# Per user, for checks made from a signed-in session (S1 step-up codes, current password
# and security answer): a stolen session cannot guess its way to a password change.
STEP_UPS_PER_USER = Limit("step-up", 10, 900)
PROFILE_FAILURES_PER_USER = Limit("profile-fail", 10, 900)

_UPSERT = """
INSERT INTO rate_counters (key, window_start, hits) VALUES ({key}, {window}, 1)
ON CONFLICT (key) DO UPDATE SET
  hits = CASE WHEN rate_counters.window_start = excluded.window_start
              THEN rate_counters.hits + 1 ELSE 1 END,
  window_start = excluded.window_start
RETURNING hits
"""
_READ = "SELECT hits FROM rate_counters WHERE key = {key} AND window_start = {window}"


def _sql(template: str, dialect: str) -> str:
    if dialect == "postgres":
        return template.format(key="$1", window="$2")
    return template.format(key="?", window="?")


def _window(deps: Deps, limit: Limit) -> tuple[int, int]:
    """The current window's start, and the seconds until the next one."""
    now = int(deps.clock.now().timestamp())
    start = now - now % limit.window_seconds
    return start, start + limit.window_seconds - now


async def _hits(deps: Deps, limit: Limit, subject: str, template: str) -> tuple[int, int]:
    """Run `template` on this window's counter: (hits, seconds until the window ends)."""
    start, retry_after = _window(deps, limit)
    connection = Tortoise.get_connection("default")
    key = f"{limit.name}:{subject}"[:200]
    # execute_query_dict: on asyncpg, execute_query drops the rows an INSERT ... RETURNING gives.
    rows = await connection.execute_query_dict(
        _sql(template, connection.capabilities.dialect), [key, start]
    )
    return (int(rows[0]["hits"]) if rows else 0), retry_after


async def hit(deps: Deps, limit: Limit, subject: str) -> None:
    """Count one request against `limit` for `subject`; RateLimited once over the limit."""
    hits, retry_after = await _hits(deps, limit, subject, _UPSERT)
    if hits > limit.max_hits:
        raise RateLimited(retry_after)


async def check(deps: Deps, limit: Limit, subject: str) -> None:
    """Refuse if `subject` is already over `limit`, without counting this request."""
    hits, retry_after = await _hits(deps, limit, subject, _READ)
    if hits >= limit.max_hits:
        raise RateLimited(retry_after)


async def add(deps: Deps, limit: Limit, subject: str) -> int:
    """Count one event for `subject` and return this window's count; never refuses."""
    hits, _ = await _hits(deps, limit, subject, _UPSERT)
    return hits


async def count(deps: Deps, limit: Limit, subject: str) -> int:
    """This window's count for `subject`, without counting anything."""
    hits, _ = await _hits(deps, limit, subject, _READ)
    return hits
