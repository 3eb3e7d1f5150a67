"""A new factor needs a fresh second factor (issue 23, finding 2; S1, PK1, M2).

A session that skipped the code on a remembered browser gets StepUpRequired on
changePassword; it must get the same answer when it tries to add a passkey or the
authenticator app, however right its password, until it passes a step-up code.
"""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from backend.clock import FrozenClock
from backend.mail.dev_sink import DevMailbox
from backend.models import User
from backend.web.pages import passkeys
from tests.api.app_flows import ENABLE_APP
from tests.api.flows import signed_up_user
from tests.api.test_profile_changes import step_up
from tests.api.test_trusted_devices import remembered_browser_session
from tests.conftest import STRONG_PASSWORD, gql
from tests.pages.helpers import csrf_of

START_PASSKEY = passkeys.DOCUMENTS["StartPasskeyRegistration"]


async def _adds(http: httpx.AsyncClient, session: str) -> tuple[str, str]:
    passkey = await gql(http, START_PASSKEY, bearer=session, password=STRONG_PASSWORD)
    app = await gql(http, ENABLE_APP, bearer=session, password=STRONG_PASSWORD)
    return (
        passkey["result"]["__typename"],
        app["result"]["__typename"],
    )


async def test_s1_a_remembered_browser_must_step_up_before_adding_a_factor(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """S1, PK1, M2: password alone on a remembered browser adds nothing; a code does."""
    session = await remembered_browser_session(client, mailbox)
    assert await _adds(client, session) == ("StepUpRequired", "StepUpRequired")
    user = await User.get(email="jane@example.com")
    assert not user.app_enrollment_pending and user.passkey_challenge is None
    assert (await step_up(client, mailbox, session))["__typename"] == "StepUpVerified"
    assert await _adds(client, session) == ("PasskeyOptions", "AppEnrollmentScheduled")


async def test_s1_a_stale_session_must_step_up_before_adding_a_factor(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """S1: the last code over 15 minutes ago: the same step-up as a password change."""
    session = await signed_up_user(client, mailbox)
    client.cookies.clear()
    clock.advance(minutes=16)
    assert await _adds(client, session) == ("StepUpRequired", "StepUpRequired")


FRESH_CODE_FORMS = ("/profile/passkeys/new", "/profile/factors/enable-app")


async def test_pk1_the_add_a_passkey_page_sends_a_remembered_browser_to_the_step_up(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette, clock: FrozenClock
) -> None:
    """PK1, G2: without JavaScript, the form leads to the code screen and back; a form
    opened before the session went stale is sent there when submitted."""
    await signed_up_user(client, mailbox)
    forms = {path: await client.get(path) for path in FRESH_CODE_FORMS}
    clock.advance(minutes=16)
    for path, form in (
        ("/profile/passkeys/new", {"name": "Laptop", "password": STRONG_PASSWORD}),
        ("/profile/factors/enable-app", {"password": STRONG_PASSWORD}),
    ):
        response = await client.post(path, data={"csrf_token": csrf_of(forms[path].text), **form})
        assert response.status_code == 303, (path, response.status_code, response.text[:300])
        assert response.headers["location"] == f"/profile/verify?next={path}"
