"""Login step 1 and the emailed code through GraphQL (L1, L3, L4, L8, L9)."""

from __future__ import annotations

import asyncio

import httpx
from pytest import MonkeyPatch
from starlette.applications import Starlette

from backend.clock import FrozenClock
from backend.mail.dev_sink import DevMailbox
from backend.models import EmailCode, LoginAttempt, Session
from backend.web.pages import login as login_page
from tests.api.flows import RESEND, login, signed_up_user, verify
from tests.conftest import code_from, gql


async def test_l1_unknown_email_and_wrong_password_get_the_same_message(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """L1: the same typed error and message, so nobody learns which emails exist."""
    await signed_up_user(client, mailbox)
    wrong_password = await login(client, password="not the right password")
    unknown_email = await login(client, email="nobody@example.com")
    malformed = await login(client, email="not an email")
    assert wrong_password == unknown_email == malformed
    assert wrong_password["__typename"] == "InvalidCredentials"
    assert wrong_password["message"] == "Incorrect email or password."


async def test_l1_unknown_email_does_the_same_argon2_work_as_a_wrong_password(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette, monkeypatch: MonkeyPatch
) -> None:
    """L1: an unknown email still runs exactly one argon2 verification, like a wrong password."""
    await signed_up_user(client, mailbox)
    hasher = app.state.deps.passwords
    verifications: list[str] = []
    real_verify = hasher._verify_sync

    def counting(stored_hash: str, secret: str) -> bool:
        verifications.append(stored_hash)
        return bool(real_verify(stored_hash, secret))

    monkeypatch.setattr(hasher, "_verify_sync", counting)
    await login(client, password="not the right password")
    await login(client, email="nobody@example.com", password="not the right password")
    await login(client, email="not an email", password="not the right password")
    assert len(verifications) == 3
    assert all(h.startswith("$argon2id$") for h in verifications)


async def test_l3_l4_login_mails_a_code_to_the_masked_address(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """L3, L4: the screen says where the code went; the email has the documented subject."""
    await signed_up_user(client, mailbox)
    started = await login(client)
    assert started["__typename"] == "CodeRequired"
    assert started["method"] == "EMAIL"
    assert started["destination"] == "j•••@e•••.com"
    mail = mailbox.latest_to("jane@example.com")
    assert mail is not None and mail.subject == "Your authentication code"
    done = await verify(client, started["loginToken"], code_from(mailbox, "jane@example.com"))
    assert done["__typename"] == "LoginSuccess"


async def test_l4_code_is_single_use(client: httpx.AsyncClient, mailbox: DevMailbox) -> None:
    """L4: a code that signed in once is refused the second time."""
    await signed_up_user(client, mailbox)
    started = await login(client)
    code = code_from(mailbox, "jane@example.com")
    assert (await verify(client, started["loginToken"], code))["__typename"] == "LoginSuccess"
    again = await verify(client, started["loginToken"], code)
    assert again["__typename"] == "LoginExpired"


async def test_l4_code_expires_five_minutes_after_sending_and_says_so(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """L4, L8: at 5 minutes the code no longer works, and the message points at Resend."""
    await signed_up_user(client, mailbox)
    started = await login(client)
    code = code_from(mailbox, "jane@example.com")
    clock.advance(minutes=5)
    expired = await verify(client, started["loginToken"], code)
    assert expired["__typename"] == "CodeExpired"
    assert "Resend" in expired["message"]


async def test_l4_code_still_works_just_before_five_minutes(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """L4: valid for 5 minutes from sending (boundary from below)."""
    await signed_up_user(client, mailbox)
    started = await login(client)
    clock.advance(minutes=4, seconds=59)
    done = await verify(client, started["loginToken"], code_from(mailbox, "jane@example.com"))
    assert done["__typename"] == "LoginSuccess"


async def test_l4_resend_invalidates_every_earlier_code(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """L4: only the most recent code works, also across two login attempts."""
    await signed_up_user(client, mailbox)
    other_attempt = await login(client)
    other_code = code_from(mailbox, "jane@example.com")
    started = await login(client)
    first_code = code_from(mailbox, "jane@example.com")
    clock.advance(seconds=31)
    resent = (await gql(client, RESEND, token=started["loginToken"]))["resendLoginCode"]
    assert resent["__typename"] == "CodeRequired"
    newest = code_from(mailbox, "jane@example.com")
    if newest != first_code:
        old = await verify(client, started["loginToken"], first_code)
        assert old["__typename"] == "InvalidCode"
    stale = await verify(client, other_attempt["loginToken"], other_code)
    assert stale["__typename"] == "InvalidCode"
    done = await verify(client, started["loginToken"], newest)
    assert done["__typename"] == "LoginSuccess"


async def test_l4_resend_is_throttled_and_says_when_to_retry(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """L4: a second send within 30 seconds is refused with the wait; one email went out."""
    await signed_up_user(client, mailbox)
    started = await login(client)
    sent_before = len(mailbox.messages())
    clock.advance(seconds=10)
    throttled = (await gql(client, RESEND, token=started["loginToken"]))["resendLoginCode"]
    assert throttled["__typename"] == "ResendThrottled"
    assert throttled["retryAfterSeconds"] == 20  # exact: a retry after 20 s is sent
    assert len(mailbox.messages()) == sent_before


async def test_l4_two_simultaneous_resends_send_one_email(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """L4: the throttle is claimed atomically in the database."""
    await signed_up_user(client, mailbox)
    started = await login(client)
    clock.advance(seconds=31)
    sent_before = len(mailbox.messages())
    results = await asyncio.gather(
        *(gql(client, RESEND, token=started["loginToken"]) for _ in range(5))
    )
    kinds = sorted(r["resendLoginCode"]["__typename"] for r in results)
    assert kinds.count("CodeRequired") == 1
    assert len(mailbox.messages()) == sent_before + 1


async def test_l8_wrong_code_says_invalid_code(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """L8: a wrong code is "Invalid code"."""
    await signed_up_user(client, mailbox)
    started = await login(client)
    right = code_from(mailbox, "jane@example.com")
    wrong = "000000" if right != "000000" else "111111"
    result = await verify(client, started["loginToken"], wrong)
    assert result == {
        "__typename": "InvalidCode",
        "code": "invalid_code",
        "message": "Invalid code",
    }


async def test_l8_a_wrong_code_comes_with_the_code_screen_to_show_again(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """L8, issue 16: the refusal holds what pendingLogin would say, so a client (the login
    page too, with this document) redraws the code screen without asking again."""
    await signed_up_user(client, mailbox)
    token = (await login(client))["loginToken"]
    right = code_from(mailbox, "jane@example.com")
    wrong = "000000" if right != "000000" else "111111"
    verify_document = login_page.DOCUMENTS["VerifyLoginCode"]
    refused = await gql(client, verify_document, token=token, code=wrong, remember=False)
    pending = await gql(client, login_page.DOCUMENTS["PendingLogin"], token=token)
    screen = {key: value for key, value in pending["result"].items() if key != "__typename"}
    assert refused["result"]["__typename"] == "InvalidCode"
    assert refused["result"]["screen"] == screen and screen["destination"] == "j•••@e•••.com"


async def test_l8_five_wrong_codes_end_the_attempt(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """L8: after 5 wrong codes even the right code is refused; the user starts again."""
    await signed_up_user(client, mailbox)
    started = await login(client)
    right = code_from(mailbox, "jane@example.com")
    wrong = "000000" if right != "000000" else "111111"
    kinds = [(await verify(client, started["loginToken"], wrong))["__typename"] for _ in range(5)]
    assert kinds == ["InvalidCode"] * 4 + ["TooManyAttempts"]
    after = await verify(client, started["loginToken"], right)
    assert after["__typename"] == "LoginExpired"


async def test_l8_letters_are_refused_without_using_a_guess(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """L8: a code of letters is an input error and does not count against the attempt."""
    await signed_up_user(client, mailbox)
    started = await login(client)
    for bad in ("abcdef", "12345", "1234567", "", "1" * 5000):
        result = await verify(client, started["loginToken"], bad)
        assert result["__typename"] == "InvalidInput", bad
        assert result["field"] == "code"
    attempt = await LoginAttempt.filter(user__email="jane@example.com").order_by("-id").first()
    assert attempt is not None and attempt.code_guesses == 0
    spaced = " ".join(code_from(mailbox, "jane@example.com"))
    assert (await verify(client, started["loginToken"], spaced))["__typename"] == "LoginSuccess"


async def test_l9_login_attempt_expires_after_fifteen_minutes(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """L9: 15 minutes after step 1 the attempt is gone, even with a fresh code."""
    await signed_up_user(client, mailbox)
    started = await login(client)
    clock.advance(minutes=14, seconds=30)
    resent = (await gql(client, RESEND, token=started["loginToken"]))["resendLoginCode"]
    assert resent["__typename"] == "CodeRequired"
    clock.advance(seconds=31)
    result = await verify(client, started["loginToken"], code_from(mailbox, "jane@example.com"))
    assert result["__typename"] == "LoginExpired"
    assert await Session.all().count() == 1  # only the sign-up session


async def test_l9_unknown_or_garbage_login_token_is_expired_and_writes_nothing(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """L9: a token that is not ours is treated as an expired login."""
    await signed_up_user(client, mailbox)
    codes_before = await EmailCode.all().count()
    for token in ("nope", "", "x" * 10_000):
        assert (await verify(client, token, "123456"))["__typename"] == "LoginExpired"
        resend = (await gql(client, RESEND, token=token))["resendLoginCode"]
        assert resend["__typename"] == "LoginExpired"
    assert await EmailCode.all().count() == codes_before


async def test_l1_any_typed_email_gets_a_clean_answer(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """L1: whatever is typed as the email (NUL bytes, control characters, 254+ characters)
    gets "Incorrect email or password", never a server error (found by schemathesis)."""
    for typed in ("ja\x00ne@example.com", "\x1b\x9b'\x00", "é" * 400):
        result = await login(client, email=typed, password="whatever it is")
        assert result["__typename"] == "InvalidCredentials", typed
