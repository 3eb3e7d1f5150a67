"""Housekeeping: expired rows go, live ones stay (issue 9; SE1, L6, L9, SE3 retention)."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from backend.clock import FrozenClock
from backend.mail.dev_sink import DevMailbox
from backend.models import LoginAttempt, SecurityEvent, Session, TrustedDevice
from backend.services import housekeeping
from tests.api.flows import ME, login
from tests.api.test_trusted_devices import _remembered
from tests.conftest import gql


async def test_purge_deletes_what_expired_and_keeps_what_lives(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette, clock: FrozenClock
) -> None:
    """L9, SE1, L6: attempts after 15 minutes, idle sessions, devices after 30 days go."""
    remembered = await _remembered(client, mailbox)
    client.cookies.clear()
    await login(client)  # a pending attempt that will expire
    deps = app.state.deps
    assert (await housekeeping.purge(deps))["login_attempts"] == 0

    clock.advance(minutes=16)
    purged = await housekeeping.purge(deps)
    assert purged["login_attempts"] >= 1 and purged["email_codes"] >= 1
    assert not await LoginAttempt.filter(expires_at__lt=clock.now()).exists()
    assert purged["sessions"] == 0  # 16 minutes idle is still within 30

    clock.advance(minutes=15)
    assert (await housekeeping.purge(deps))["sessions"] == 1
    assert (await gql(client, ME, bearer=remembered["sessionToken"]))["me"] is None
    assert await TrustedDevice.all().count() == 1

    clock.advance(days=30)
    purged = await housekeeping.purge(deps)
    assert purged["trusted_devices"] == 1 and purged["rate_counters"] > 0
    assert await Session.all().count() == 0


async def test_se3_activity_is_kept_for_the_retention_period(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette, clock: FrozenClock
) -> None:
    """SE3: events older than LATCHKEY_ACTIVITY_RETENTION_DAYS (365) are deleted."""
    await _remembered(client, mailbox)
    events = await SecurityEvent.all().count()
    clock.advance(days=364)
    assert (await housekeeping.purge(app.state.deps))["security_events"] == 0
    clock.advance(days=2)
    assert (await housekeeping.purge(app.state.deps))["security_events"] == events
