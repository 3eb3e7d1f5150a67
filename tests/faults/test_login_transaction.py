"""O5: a login step is one transaction. A failure injected into the real database at the
session INSERT (a trigger, on SQLite and PostgreSQL alike) leaves the attempt as it was:
no "Signed in" in the activity log, no remembered device, and the same code signs in once
the database works again."""

from __future__ import annotations

import httpx

from backend.mail.dev_sink import DevMailbox
from backend.models import EventKind, LoginAttempt, LoginState, SecurityEvent, TrustedDevice
from tests.api.flows import VERIFY, login, signed_up_user, verify
from tests.conftest import code_from, gql
from tests.faults.inject import failing_inserts

JANE = "jane@example.com"

VERIFY_AND_REMEMBER = VERIFY.replace(
    "verifyLoginCode(loginToken: $token, code: $code)",
    "verifyLoginCode(loginToken: $token, code: $code, rememberDevice: true)",
)


async def _signed_in_events() -> int:
    return await SecurityEvent.filter(kind=EventKind.SIGNED_IN).count()


async def test_o5_a_failed_session_insert_leaves_the_code_usable(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """O5: the code, the attempt's state, the remembered device and the "Signed in" event
    are kept only together with the session; the user just types the same code again."""
    await signed_up_user(client, mailbox)
    before = await _signed_in_events()
    token = (await login(client))["loginToken"]
    code = code_from(mailbox, JANE)

    async with failing_inserts("sessions"):
        response = await client.post(
            "/graphql",
            json={"query": VERIFY_AND_REMEMBER, "variables": {"token": token, "code": code}},
        )
    assert "LoginSuccess" not in response.text
    attempt = await LoginAttempt.get(email=JANE, state=LoginState.SECOND_FACTOR)
    assert attempt.remember_device is False
    assert await _signed_in_events() == before
    assert await TrustedDevice.all().count() == 0

    again = await gql(client, VERIFY_AND_REMEMBER, token=token, code=code)
    assert again["verifyLoginCode"]["__typename"] == "LoginSuccess"
    assert await _signed_in_events() == before + 1
    assert await TrustedDevice.all().count() == 1
    replay = await verify(client, token, code)
    assert replay["__typename"] != "LoginSuccess"  # and the code is now spent
