"""The authenticator app through GraphQL (M1-M4, L3, L5, L7, L8, R5)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from urllib.parse import unquote

import httpx
from tortoise.queryset import QuerySet

from backend.clock import FrozenClock
from backend.mail.dev_sink import DevMailbox
from backend.models import Authenticator
from tests.api.app_flows import (
    ACK,
    CHOOSE,
    CONFIRM,
    DISABLE,
    ENABLE_APP,
    ENABLE_EMAIL,
    app_code,
    app_login,
    enrolled_user,
    start_enrollment,
    verify_full,
)
from tests.api.flows import ME, login, signed_up_user, verify
from tests.conftest import STRONG_PASSWORD, code_from, gql


def _authenticator(kind: str) -> QuerySet[Authenticator]:
    """Jane's authenticator of this kind (issue 16: where the factor's secrets are kept)."""
    return Authenticator.filter(user__email="jane@example.com", kind=kind)


async def test_m2_enabling_needs_the_password_and_logs_out(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """M2: a wrong password changes nothing; the right one ends the session."""
    session = await signed_up_user(client, mailbox)
    client.cookies.clear()
    wrong = (await gql(client, ENABLE_APP, bearer=session, password="nope nope nope"))["result"]
    assert wrong["__typename"] == "InvalidCredentials"
    assert (await gql(client, ME, bearer=session))["me"] is not None
    ok = (await gql(client, ENABLE_APP, bearer=session, password=STRONG_PASSWORD))["result"]
    assert ok["__typename"] == "AppEnrollmentScheduled"
    assert (await gql(client, ME, bearer=session))["me"] is None
    signed_out = (await gql(client, ENABLE_APP, password=STRONG_PASSWORD))["result"]
    assert signed_out["__typename"] == "NotAuthenticated"


async def test_m2_enrollment_comes_only_after_the_existing_factor(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """M2: the password alone does not reach the QR code: the emailed code comes first."""
    await signed_up_user(client, mailbox)
    started = await login(client)
    assert started["__typename"] == "CodeRequired" and started["method"] == "EMAIL"
    _, enrollment = await start_enrollment(client, mailbox, email="bob@example.com")
    uri = unquote(enrollment["otpauthUri"])
    assert uri.startswith("otpauth://totp/Latchkey:bob@example.com?")
    assert "issuer=Latchkey" in uri
    assert enrollment["setupKey"].replace(" ", "") in uri
    assert enrollment["qrCodeSvg"].startswith("data:image/svg+xml")


async def test_m2_wrong_code_enrolls_nothing_and_right_code_shows_recovery_code(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """M2: a wrong code leaves the app off; the right one leads to the recovery code screen."""
    token, enrollment = await start_enrollment(client, mailbox)
    secret = enrollment["setupKey"].replace(" ", "")
    right = app_code(secret, clock)
    wrong = "000000" if right != "000000" else "111111"
    refused = (await gql(client, CONFIRM, token=token, code=wrong))["confirmAppEnrollment"]
    assert refused["__typename"] == "InvalidCode"
    assert not await _authenticator("app").exists()
    issued = (await gql(client, CONFIRM, token=token, code=right))["confirmAppEnrollment"]
    assert issued["__typename"] == "RecoveryCodeIssued"
    assert len(issued["recoveryCode"]) == 23


async def test_m2_continue_needs_the_recorded_tick(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """M2: without "I have safely recorded this code" the user is not signed in yet."""
    token, enrollment = await start_enrollment(client, mailbox)
    secret = enrollment["setupKey"].replace(" ", "")
    await gql(client, CONFIRM, token=token, code=app_code(secret, clock))
    refused = (await gql(client, ACK, token=token, recorded=False))["acknowledgeRecoveryCode"]
    assert refused["__typename"] == "AcknowledgementRequired"
    assert "safely recorded" in refused["message"]
    done = (await gql(client, ACK, token=token, recorded=True))["acknowledgeRecoveryCode"]
    assert done["__typename"] == "LoginSuccess"
    assert done["me"]["factors"] == {"email": True, "app": True, "recoveryCode": True}


async def test_l5_the_enrollment_code_counts_as_used(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """L5/M2: the code that confirmed enrollment cannot log in again."""
    token, enrollment = await start_enrollment(client, mailbox)
    secret = enrollment["setupKey"].replace(" ", "")
    code = app_code(secret, clock)
    await gql(client, CONFIRM, token=token, code=code)
    await gql(client, ACK, token=token, recorded=True)
    started = await login(client)
    assert (await verify(client, started["loginToken"], code))["__typename"] == "InvalidCode"


async def test_l3_l5_app_is_asked_first_and_its_code_signs_in(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """L3: with both factors on the app comes first, no email is sent; L5: its code works."""
    user = await enrolled_user(client, mailbox, clock)
    sent_before = len(mailbox.messages())
    started = await login(client)
    assert started["method"] == "APP" and started["destination"] is None
    assert len(mailbox.messages()) == sent_before
    done = await verify(client, started["loginToken"], app_code(user.secret, clock))
    assert done["__typename"] == "LoginSuccess"


async def test_l5_a_code_is_accepted_once_even_across_logins(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """L5: a time step accepted once is never accepted again for that user."""
    user = await enrolled_user(client, mailbox, clock)
    assert (await app_login(client, user, clock))["__typename"] == "LoginSuccess"
    assert (await app_login(client, user, clock))["__typename"] == "InvalidCode"
    clock.advance(seconds=30)
    assert (await app_login(client, user, clock))["__typename"] == "LoginSuccess"


async def test_l5_an_older_step_is_refused_after_a_newer_one(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """L5: after the next step's code (drift +1) was used, the current step's code is refused."""
    user = await enrolled_user(client, mailbox, clock)
    first = await login(client)
    ahead = await verify(client, first["loginToken"], app_code(user.secret, clock, steps=1))
    assert ahead["__typename"] == "LoginSuccess"
    second = await login(client)
    older = await verify(client, second["loginToken"], app_code(user.secret, clock))
    assert older["__typename"] == "InvalidCode"


async def test_l5_two_requests_with_the_same_code_at_once_one_wins(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """L5: concurrent requests carrying one code: exactly one signs in."""
    user = await enrolled_user(client, mailbox, clock)
    attempts = [await login(client) for _ in range(10)]
    code = app_code(user.secret, clock)
    results = await asyncio.gather(*(verify(client, a["loginToken"], code) for a in attempts))
    kinds = [r["__typename"] for r in results]
    assert kinds.count("LoginSuccess") == 1, kinds
    assert set(kinds) == {"LoginSuccess", "InvalidCode"}


async def test_l3_try_another_method_email_sends_a_code(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """L3: "Try another method" offers Email and Recovery code; Email sends the code."""
    await enrolled_user(client, mailbox, clock)
    started = await login(client)
    assert set(started.get("otherMethods", [])) <= {"EMAIL", "RECOVERY_CODE"}
    switched = (await gql(client, CHOOSE, token=started["loginToken"], method="EMAIL"))[
        "chooseLoginMethod"
    ]
    assert switched["method"] == "EMAIL" and switched["destination"] == "j•••@e•••.com"
    assert sorted(switched["otherMethods"]) == ["APP", "RECOVERY_CODE"]
    done = await verify(client, started["loginToken"], code_from(mailbox, "jane@example.com"))
    assert done["__typename"] == "LoginSuccess"


async def test_l7_recovery_code_signs_in_once_and_a_new_one_is_shown(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """L7: the code works once; a new code replaces it, with the same acknowledgement."""
    user = await enrolled_user(client, mailbox, clock)
    started = await login(client)
    await gql(client, CHOOSE, token=started["loginToken"], method="RECOVERY_CODE")
    typed = user.recovery_code.lower().replace("-", " ")
    issued = await verify_full(client, started["loginToken"], typed)
    assert issued["__typename"] == "RecoveryCodeIssued"
    assert issued["recoveryCode"] != user.recovery_code
    done = (await gql(client, ACK, token=started["loginToken"], recorded=True))[
        "acknowledgeRecoveryCode"
    ]
    assert done["__typename"] == "LoginSuccess"
    again = await login(client)
    await gql(client, CHOOSE, token=again["loginToken"], method="RECOVERY_CODE")
    replay = await verify_full(client, again["loginToken"], user.recovery_code)
    assert replay["__typename"] == "InvalidCode"
    fresh = await verify_full(client, again["loginToken"], issued["recoveryCode"])
    assert fresh["__typename"] == "RecoveryCodeIssued"


async def test_l7_recovery_code_is_single_use_under_concurrency(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """L7: ten simultaneous uses of one recovery code: exactly one passes."""
    user = await enrolled_user(client, mailbox, clock)
    attempts = [await login(client) for _ in range(10)]
    for attempt in attempts:
        await gql(client, CHOOSE, token=attempt["loginToken"], method="RECOVERY_CODE")
    results = await asyncio.gather(
        *(verify_full(client, a["loginToken"], user.recovery_code) for a in attempts)
    )
    kinds = [r["__typename"] for r in results]
    assert kinds.count("RecoveryCodeIssued") == 1, kinds


async def test_r5_secrets_are_not_readable_in_the_database(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """R5: the TOTP secret is encrypted and the recovery code only hashed."""
    user = await enrolled_user(client, mailbox, clock)
    app, recovery = await _authenticator("app").get(), await _authenticator("recovery").get()
    assert app.data and user.secret not in app.data
    assert recovery.data and user.recovery_code.replace("-", "") not in str(recovery.data)


async def test_m3_the_last_factor_cannot_be_disabled(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """M3: with only email on, disabling it is refused with a clear message."""
    session = await signed_up_user(client, mailbox)
    result = (await gql(client, DISABLE, bearer=session, factor="EMAIL", password=STRONG_PASSWORD))[
        "disableFactor"
    ]
    assert result["__typename"] == "LastFactor" and "must stay on" in result["message"]
    assert await _authenticator("email").exists()


async def test_m3_disabling_the_app_deletes_its_secret_and_old_codes_stop_working(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """M3: needs the password; the old app entry then fails and re-enabling starts over."""
    user = await enrolled_user(client, mailbox, clock)
    wrong = (await gql(client, DISABLE, bearer=user.session, factor="APP", password="nope nope"))[
        "disableFactor"
    ]
    assert wrong["__typename"] == "InvalidCredentials"
    ok = (await gql(client, DISABLE, bearer=user.session, factor="APP", password=STRONG_PASSWORD))[
        "disableFactor"
    ]
    assert ok["me"]["factors"] == {"email": True, "app": False, "recoveryCode": False}
    assert not await _authenticator("app").exists()  # the secret and the last time step
    started = await login(client)
    assert started["method"] == "EMAIL"
    assert (await verify(client, started["loginToken"], app_code(user.secret, clock)))[
        "__typename"
    ] == "InvalidCode"
    session = (await verify(client, started["loginToken"], code_from(mailbox, "jane@example.com")))[
        "sessionToken"
    ]
    await gql(client, ENABLE_APP, bearer=session, password=STRONG_PASSWORD)
    again = await login(client)
    enrollment = await verify_full(
        client, again["loginToken"], code_from(mailbox, "jane@example.com")
    )
    assert enrollment["setupKey"].replace(" ", "") != user.secret


async def test_m4_email_factor_can_be_turned_back_on_when_only_the_app_is_on(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """M4, M3: disable email (app stays), then the app is the last factor; email comes back."""
    user = await enrolled_user(client, mailbox, clock)
    off = (
        await gql(client, DISABLE, bearer=user.session, factor="EMAIL", password=STRONG_PASSWORD)
    )["disableFactor"]
    assert off["me"]["factors"]["email"] is False
    last = (
        await gql(client, DISABLE, bearer=user.session, factor="APP", password=STRONG_PASSWORD)
    )["disableFactor"]
    assert last["__typename"] == "LastFactor"
    started = await login(client)
    assert started["method"] == "APP"
    switched = (await gql(client, CHOOSE, token=started["loginToken"], method="EMAIL"))[
        "chooseLoginMethod"
    ]
    assert switched["__typename"] == "InvalidInput"
    on = (await gql(client, ENABLE_EMAIL, bearer=user.session, password=STRONG_PASSWORD))[
        "enableEmailFactor"
    ]
    assert on["me"]["factors"] == {"email": True, "app": True}


async def test_m1_the_api_says_when_each_factor_was_last_used(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """M1: `factors.lastUsed` gives the time each held factor last passed a check; the app
    appears once a login used it, and later logins move only its own time."""
    user = await enrolled_user(client, mailbox, clock)
    query = "{ me { factors { lastUsed { factor at } } } }"

    async def last_used(session: str) -> dict[str, str]:
        me = (await gql(client, query, bearer=session))["me"]
        return {use["factor"]: use["at"] for use in me["factors"]["lastUsed"]}

    before = await last_used(user.session)
    assert set(before) == {"EMAIL"}  # the app was set up, never used to log in
    clock.advance(days=2)
    after = await last_used((await app_login(client, user, clock))["sessionToken"])
    assert after["EMAIL"] == before["EMAIL"]
    assert datetime.fromisoformat(after["APP"]) == clock.now()
