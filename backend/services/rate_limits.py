"""Rate limits (R2): fixed-window counters in the database, so every instance shares them.

Each counter is bumped and read in one statement (INSERT ... ON CONFLICT ... RETURNING),
before any secret is compared, so concurrent requests cannot slip past a limit.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, replace

from tortoise import Tortoise

from backend.config import RateLimit, Settings
from backend.deps import Deps
from backend.errors import RateLimited
from backend.observability.metrics import RATE_LIMIT_REFUSALS
from backend.services.client_info import ClientInfo


@dataclass(frozen=True)
class Limit:
    name: str
    max_hits: int
    window_seconds: int
    # The Settings field an operator sets it with (LATCHKEY_RATE_LIMIT_...); "" = fixed.
    setting: str = ""


def _configurable(name: str, setting: str) -> Limit:
    """A limit whose default is the setting's default; `_effective` reads the configured one."""
    default = Settings.model_fields[setting].default
    return Limit(name, default.max_hits, default.window_seconds, setting)


# Per client address.
LOGIN_PER_ADDRESS = _configurable("login-ip", "rate_limit_login_per_address")
CODE_CHECKS_PER_ADDRESS = _configurable("code-ip", "rate_limit_code_checks_per_address")
EMAILS_PER_ADDRESS = _configurable("email-ip", "rate_limit_emails_per_address")
SIGNUPS_PER_ADDRESS = _configurable("signup-ip", "rate_limit_signups_per_address")
HELP_REQUESTS_PER_ADDRESS = _configurable("help-ip", "rate_limit_help_requests_per_address")
# Per typed email and client address: a stranger's failures never slow the owner's browser.
PASSWORD_FAILURES = _configurable("pw-fail", "rate_limit_password_failures")
# Per user, for checks made from a signed-in session (S1 step-up codes, current password
# and security answer): a stolen session cannot guess its way to a password change.
STEP_UPS_PER_USER = _configurable("step-up", "rate_limit_step_ups_per_user")
PROFILE_FAILURES_PER_USER = _configurable("profile-fail", "rate_limit_profile_failures_per_user")
# PK3: passkey sign-in requests (the login page asks one per view for autofill); the answer
# then spends LOGIN_PER_ADDRESS like a password.
PASSKEY_REQUESTS_PER_ADDRESS = Limit("passkey-ip", 120, 600)
# L4 (issue 22 #3): emailed login codes, per account (the typed address, so unknown addresses
# count alike) and per client address only with a ceiling that a whole office behind one
# address, or one QA tester, does not reach; reset and profile emails keep EMAILS_PER_ADDRESS.
LOGIN_CODES_PER_ACCOUNT = _configurable("code-mail-account", "rate_limit_login_codes_per_account")
LOGIN_CODES_PER_ADDRESS = _configurable("code-mail-ip", "rate_limit_login_codes_per_address")
# T1: invitation emails, per invitation (resends) and per account (invites and resends).
INVITATION_EMAILS_PER_MEMBER = Limit("invite-member", 3, 3600)
INVITATION_EMAILS_PER_ACCOUNT = Limit("invite-account", 30, 3600)


def address_of(deps: Deps, client: ClientInfo) -> str:
    """What per-address limits count: an IPv4 address, or the IPv6 network holding the client.

    A home or a server is handed at least a /64, so counting single IPv6 addresses would give
    one client 2**64 fresh budgets; the prefix is LATCHKEY_IPV6_LIMIT_PREFIX (default 64).
    """
    try:
        ip = ipaddress.ip_address(client.ip)
    except ValueError:
        return client.ip  # not an address (a test client, a Unix socket): count it as given
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    network = ipaddress.IPv6Network((ip, deps.settings.ipv6_limit_prefix), strict=False)
    return str(network)


def _effective(deps: Deps, limit: Limit) -> Limit:
    if not limit.setting:
        return limit
    configured: RateLimit = getattr(deps.settings, limit.setting)
    return replace(limit, max_hits=configured.max_hits, window_seconds=configured.window_seconds)


_UPSERT = """
INSERT INTO rate_counters (key, window_start, hits) VALUES ({key}, {window}, 1)
ON CONFLICT (key) DO UPDATE SET
  hits = CASE WHEN rate_counters.window_start = excluded.window_start
              THEN rate_counters.hits + 1 ELSE 1 END,
  window_start = excluded.window_start
RETURNING hits
"""
_GIVE_BACK = """
UPDATE rate_counters SET hits = hits - 1
WHERE key = {key} AND window_start = {window} AND hits > 0
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
    start, retry_after = _window(deps, _effective(deps, limit))
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
    if hits > _effective(deps, limit).max_hits:
        RATE_LIMIT_REFUSALS.labels(limit.name).inc()
        raise RateLimited(retry_after)


async def check(deps: Deps, limit: Limit, subject: str) -> None:
    """Refuse if `subject` is already over `limit`, without counting this request."""
    hits, retry_after = await _hits(deps, limit, subject, _READ)
    if hits >= _effective(deps, limit).max_hits:
        RATE_LIMIT_REFUSALS.labels(limit.name).inc()
        raise RateLimited(retry_after)


async def add(deps: Deps, limit: Limit, subject: str) -> int:
    """Count one event for `subject` and return this window's count; never refuses."""
    hits, _ = await _hits(deps, limit, subject, _UPSERT)
    return hits


async def count(deps: Deps, limit: Limit, subject: str) -> int:
    """This window's count for `subject`, without counting anything."""
    hits, _ = await _hits(deps, limit, subject, _READ)
    return hits


async def give_back(deps: Deps, limit: Limit, subject: str) -> None:
    """Uncount one request of this window (one that turned out not to be a failure)."""
    await _hits(deps, limit, subject, _GIVE_BACK)
