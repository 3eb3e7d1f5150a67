"""R2 lock (NIST SP 800-63B 5.2.2) on the passkey path (PK3): refused passkey answers that
name an account count as its failures; at the limit it is locked, even for its real passkey."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from backend.config import RateLimit, Settings
from backend.mail.dev_sink import DevMailbox
from backend.services.lockout import LOCK_AFTER, SUBJECT
from tests.api.test_activity import mails_to
from tests.api.test_passkey_sign_in import options, registered, sign_in
from tests.api.test_passkeys import device


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Per-address limits out of the way: this test counts the account's own failures."""
    many = RateLimit(max_hits=10_000, window_seconds=600)
    return settings.model_copy(
        update={"rate_limit_login_per_address": many, "rate_limit_code_checks_per_address": many}
    )


async def test_r2_pk3_refused_passkeys_lock_the_account_they_name(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """R2, PK3: a forger holding the credential ID and user handle but not the key fails
    LOCK_AFTER times; the owner is emailed and their own passkey then meets the lock."""
    _, passkey = await registered(client, mailbox, app)
    forger = device(app)
    forger.credential_id, forger.user_handle = passkey.credential_id, passkey.user_handle
    for _ in range(LOCK_AFTER):
        refused = await sign_in(client, forger.get(await options(client)))
        assert refused["__typename"] == "InvalidCredentials"
    locked = await sign_in(client, passkey.get(await options(client)))
    assert locked["__typename"] == "AccountLocked"
    subjects = [m.subject for m in await mails_to(app, mailbox, "jane@example.com")]
    assert subjects.count(SUBJECT.translate("en")) == 1
