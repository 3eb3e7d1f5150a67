"""Housekeeping: expired rows are deleted so tables stay the size of what is live.

Safe to run on every instance at once (each statement is an idempotent DELETE); the app runs
it periodically and `latchkey cleanup` runs it on demand.
"""

from __future__ import annotations

from datetime import timedelta

from tortoise.expressions import Q

from backend.deps import Deps
from backend.models import (
    EmailCode,
    LoginAttempt,
    RateCounter,
    SecurityEvent,
    Session,
    TrustedDevice,
    UsedCaptcha,
)

COUNTER_KEEP = timedelta(days=1)  # longer than the longest rate-limit window


async def purge(deps: Deps) -> dict[str, int]:
    """Delete what has expired; returns how many rows went, per table."""
    now = deps.clock.now()
    idle_since = now - timedelta(minutes=deps.settings.session_idle_minutes)
    retention = timedelta(days=deps.settings.activity_retention_days)
    counters_before = int((now - COUNTER_KEEP).timestamp())
    return {
        "email_codes": await EmailCode.filter(expires_at__lt=now).delete(),
        "login_attempts": await LoginAttempt.filter(expires_at__lt=now).delete(),
        "sessions": await Session.filter(
            Q(expires_at__lt=now) | Q(last_seen_at__lt=idle_since)
        ).delete(),
        "trusted_devices": await TrustedDevice.filter(expires_at__lt=now).delete(),
        "rate_counters": await RateCounter.filter(window_start__lt=counters_before).delete(),
        "used_captchas": await UsedCaptcha.filter(expires_at__lt=now).delete(),
        "security_events": await SecurityEvent.filter(created_at__lt=now - retention).delete(),
    }
