"""Security emails with "This wasn't me" (SE2) and the activity log (SE3), through GraphQL."""

from __future__ import annotations

import re
from typing import Any

import httpx
from starlette.applications import Starlette

from backend.clock import FrozenClock
from backend.mail.dev_sink import CapturedMail, DevMailbox
from tests.api.app_flows import CHOOSE, DISABLE, ENABLE_EMAIL, enrolled_user, verify_full
from tests.api.flows import ME, login, signed_up_user, verify
from tests.api.test_password_reset import NEW_PASSWORD, REQUEST, RESET, link_token
from tests.api.test_session_management import second_session_in_firefox
from tests.api.test_trusted_devices import _login_with, _remembered
from tests.conftest import STRONG_PASSWORD, code_from, gql

ACTIVITY = """query($first: Int!, $after: ID) { me { activity(first: $first, after: $after) {
  events { id kind description detail device ipAddress at } nextCursor } } }"""
REPORT = """mutation($token: String!) { reportUnrecognisedActivity(token: $token) {
  __typename ... on AccountSecured { message } ... on UserError { code message } } }"""
DISABLE_EMAIL = """mutation($password: String!) { disableFactor(factor: EMAIL, password: $password)
  { __typename ... on UserError { message } } }"""


async def mails_to(app: Starlette, mailbox: DevMailbox, address: str) -> list[CapturedMail]:
    await app.state.mail_worker.deliver_due()
    return [m for m in mailbox.messages() if address in m.recipients]


async def intruder_alerted(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> tuple[str, CapturedMail]:
    """Jane signs up; someone signs in as her from another browser: (their session, the
    "New sign-in" alert Jane gets). The client is left without cookies."""
    await signed_up_user(client, mailbox)
    client.cookies.clear()
    intruder = await second_session_in_firefox(client, mailbox)
    client.cookies.clear()
    alerts = await mails_to(app, mailbox, "jane@example.com")
    return intruder, next(m for m in alerts if "New sign-in" in m.subject)


def report_token(mail: CapturedMail) -> str:
    match = re.search(r"/secure-account\?token=(\S+)", mail.body)
    assert match, mail.body
    return match.group(1)


async def activity(
    http: httpx.AsyncClient, bearer: str, first: int = 20, after: str | None = None
) -> dict[str, Any]:
    data = await gql(http, ACTIVITY, bearer=bearer, first=first, after=after)
    result: dict[str, Any] = data["me"]["activity"]
    return result


async def test_se3_log_lists_sign_ins_and_failures_newest_first_in_pages(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """SE3: wrong password, wrong code and sign-ins are logged, newest first, page by page."""
    session = await signed_up_user(client, mailbox)
    assert (await login(client, password="wrong password here"))["code"] == "invalid_credentials"
    started = await login(client)
    assert (await verify(client, started["loginToken"], "000000"))["code"] == "invalid_code"
    await verify(client, started["loginToken"], code_from(mailbox, "jane@example.com"))

    log = await activity(client, session)
    kinds = [e["kind"] for e in log["events"]]
    assert kinds == ["SIGNED_IN", "CODE_FAILED", "SIGN_IN_FAILED", "SIGNED_IN"]
    assert log["events"][1]["description"] == "Failed sign-in: wrong code"
    assert log["events"][0]["ipAddress"] == "203.0.113.7"
    assert log["nextCursor"] is None

    first = await activity(client, session, first=3)
    rest = await activity(client, session, first=3, after=first["nextCursor"])
    assert [e["id"] for e in first["events"] + rest["events"]] == [e["id"] for e in log["events"]]
    assert rest["nextCursor"] is None


async def test_se3_nobody_reads_another_users_log(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """SE3: each user sees only their own events; signed out, there is no log at all."""
    jane = await signed_up_user(client, mailbox)
    client.cookies.clear()
    john = await signed_up_user(client, mailbox, email="john@example.com")
    client.cookies.clear()
    await login(client, email="john@example.com", password="not johns password")
    jane_ids = {e["id"] for e in (await activity(client, jane))["events"]}
    john_log = await activity(client, john)
    assert {e["kind"] for e in john_log["events"]} == {"SIGNED_IN", "SIGN_IN_FAILED"}
    assert jane_ids.isdisjoint({e["id"] for e in john_log["events"]})
    assert (await gql(client, ACTIVITY, first=5))["me"] is None


async def test_se2_sign_in_from_a_new_browser_is_emailed_once(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """SE2: the first sign-in from an unknown browser emails the owner what, when and where."""
    await signed_up_user(client, mailbox)
    assert not [
        m for m in await mails_to(app, mailbox, "jane@example.com") if "New sign-in" in m.subject
    ]
    client.cookies.clear()
    await second_session_in_firefox(client, mailbox)
    client.cookies.clear()
    await second_session_in_firefox(client, mailbox)
    alerts = [
        m for m in await mails_to(app, mailbox, "jane@example.com") if "New sign-in" in m.subject
    ]
    assert len(alerts) == 1
    body = alerts[0].body
    assert "Firefox on Windows" in body and "203.0.113.7" in body
    assert "from a new device, email code" in body and "UTC" in body
    assert report_token(alerts[0])


async def test_se2_password_reset_is_emailed_and_refused_changes_are_not(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """SE2: a password reset sends a security email; a refused factor change sends none."""
    session = await signed_up_user(client, mailbox)
    refused = await gql(client, DISABLE_EMAIL, bearer=session, password=STRONG_PASSWORD)
    assert refused["disableFactor"]["__typename"] == "LastFactor"
    await gql(client, REQUEST, email="jane@example.com")
    token = await link_token(app, mailbox, "jane@example.com")
    changed = await gql(client, RESET, token=token, password=NEW_PASSWORD)
    assert changed["resetPassword"]["__typename"] == "PasswordChanged"
    subjects = [m.subject for m in await mails_to(app, mailbox, "jane@example.com")]
    assert "Your password was changed" in subjects
    assert "A sign-in factor was turned off" not in subjects  # refused changes tell nobody


async def test_se2_this_wasnt_me_ends_everything_and_sends_a_reset_link_once(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """SE2: the link ends every session and remembered device, emails a reset link, works once."""
    remembered = await _remembered(client, mailbox)
    client.cookies.clear()
    intruder = await second_session_in_firefox(client, mailbox)
    client.cookies.clear()
    alert = next(
        m for m in await mails_to(app, mailbox, "jane@example.com") if "New sign-in" in m.subject
    )
    token = report_token(alert)

    secured = await gql(client, REPORT, token=token)
    assert secured["reportUnrecognisedActivity"]["__typename"] == "AccountSecured"
    assert (await gql(client, ME, bearer=intruder))["me"] is None
    assert (await gql(client, ME, bearer=remembered["sessionToken"]))["me"] is None
    device_login = await _login_with(client, remembered["deviceToken"])
    assert device_login["__typename"] == "CodeRequired"  # the device no longer skips step 2
    subjects = [m.subject for m in await mails_to(app, mailbox, "jane@example.com")]
    assert "Reset your password" in subjects

    again = await gql(client, REPORT, token=token)
    assert again["reportUnrecognisedActivity"]["code"] == "invalid_link"
    forged = await gql(client, REPORT, token=token[:-2] + "xx")
    assert forged["reportUnrecognisedActivity"]["code"] == "invalid_link"


async def test_se2_this_wasnt_me_link_expires(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette, clock: FrozenClock
) -> None:
    """SE2: an old alert's link stops working after 14 days; sessions stay as they were."""
    await signed_up_user(client, mailbox)
    client.cookies.clear()
    session = await second_session_in_firefox(client, mailbox)
    alert = next(
        m for m in await mails_to(app, mailbox, "jane@example.com") if "New sign-in" in m.subject
    )
    clock.advance(days=14, seconds=1)
    expired = await gql(client, REPORT, token=report_token(alert))
    assert expired["reportUnrecognisedActivity"]["code"] == "invalid_link"
    clock.advance(days=-14, seconds=-1)
    assert (await gql(client, ME, bearer=session))["me"]["email"] == "jane@example.com"


async def test_se2_factor_changes_and_recovery_code_use_are_emailed_and_logged(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette, clock: FrozenClock
) -> None:
    """SE2, SE3: app turned on, email turned off and on, recovery code used: each is emailed."""
    user = await enrolled_user(client, mailbox, clock)
    await gql(client, DISABLE, bearer=user.session, factor="EMAIL", password=STRONG_PASSWORD)
    await gql(client, ENABLE_EMAIL, bearer=user.session, password=STRONG_PASSWORD)
    started = await login(client)
    await gql(client, CHOOSE, token=started["loginToken"], method="RECOVERY_CODE")
    await verify_full(client, started["loginToken"], user.recovery_code)

    mails = await mails_to(app, mailbox, "jane@example.com")
    alerts = {m.subject: m.body for m in mails if "/secure-account?token=" in m.body}
    assert "authenticator app" in alerts["A sign-in factor was turned on"]
    assert "email code" in alerts["A sign-in factor was turned off"]
    assert "Your recovery code was used" in alerts
    kinds = [e["kind"] for e in (await activity(client, user.session))["events"]]
    assert kinds[:3] == ["RECOVERY_CODE_USED", "FACTOR_ENABLED", "FACTOR_DISABLED"]
