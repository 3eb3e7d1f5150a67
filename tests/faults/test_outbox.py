"""O4: mail leaves through the outbox after its step commits; an SMTP outage delays mail,
never loses it or fails the request. O5: a failed sign-up keeps nothing, so the retry gets
a code. Real SMTP servers that refuse, hang and come back (tests/faults/smtp.py)."""

from __future__ import annotations

import json

import httpx
from starlette.applications import Starlette

from backend.app import create_app
from backend.clock import FrozenClock
from backend.config import Settings
from backend.mail import outbox
from backend.mail.dev_sink import DevMailbox
from backend.models import LoginAttempt, OutboxMessage, User
from tests.api.flows import RESEND, SIGN_UP, sign_up, verify
from tests.conftest import STRONG_PASSWORD, asgi_client, code_from, empty_all_tables, gql
from tests.faults.conftest import AppAt
from tests.faults.inject import failing_inserts
from tests.faults.smtp import FlakyMailbox, silent_server, smtp_server
from tests.pages.helpers import csrf_of

JANE = "jane@example.com"


async def test_o4_a_code_asked_while_smtp_refuses_arrives_when_it_is_back(
    app_mailing_to: AppAt, clock: FrozenClock
) -> None:
    """O4: sign-up answers with the code screen while the mail server refuses (4xx); the
    code is delivered once the server is back, and it signs the user in."""
    flaky = FlakyMailbox()
    async with smtp_server(flaky) as port, app_mailing_to(port) as app, asgi_client(app) as http:
        started = await sign_up(http)
        assert started["__typename"] == "CodeRequired"
        assert "resting" not in json.dumps(started) and str(port) not in json.dumps(started)
        assert flaky.refused >= 1 and not flaky.messages()
        waiting = await OutboxMessage.get(recipient=JANE)
        assert waiting.sent_at is None and "451" in waiting.last_error
        assert await outbox.delivery_failing(clock.now())

        flaky.refusing = False
        clock.advance(seconds=31)  # past the longest backoff
        assert await app.state.mail_worker.deliver_due() == 1
        assert not await outbox.delivery_failing(clock.now())
        done = await verify(http, started["loginToken"], code_from(flaky, JANE))
        assert done["__typename"] == "LoginSuccess"


async def test_o4_a_hanging_mail_server_holds_no_request(app_mailing_to: AppAt) -> None:
    """O4: a server that accepts and never answers: the request answers anyway, and the
    worker gives up on it after its send timeout, keeping the mail for a retry."""
    async with silent_server() as port, app_mailing_to(port) as app:
        # The app alone: this client does not wait for the worker.
        transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            assert (await sign_up(http))["__typename"] == "CodeRequired"
        assert await app.state.mail_worker.deliver_due() == 0
        waiting = await OutboxMessage.get(recipient=JANE)
        assert waiting.sent_at is None and waiting.attempts == 1 and waiting.last_error


async def test_o4_a_login_code_is_not_sent_after_it_expired(
    app_mailing_to: AppAt, clock: FrozenClock
) -> None:
    """O4: a code that could not leave within its 5 minutes is never sent (it would not
    work); the operator sees it counted as expired unsent."""
    flaky = FlakyMailbox()
    async with smtp_server(flaky) as port, app_mailing_to(port) as app, asgi_client(app) as http:
        assert (await sign_up(http))["__typename"] == "CodeRequired"
        clock.advance(minutes=6)
        flaky.refusing = False
        assert await app.state.mail_worker.deliver_due() == 0
        assert not flaky.messages()
        counts = await outbox.stats(clock.now())
        assert counts.pending == 0 and counts.expired_unsent == 1


async def test_o4_the_dev_mailbox_keeps_mail_across_a_restart(
    settings: Settings, clock: FrozenClock
) -> None:
    """G3 with O4: the dev mailbox lists what the outbox delivered, so a restart keeps it."""
    first = create_app(settings, clock)
    async with first.router.lifespan_context(first), asgi_client(first) as http:
        await empty_all_tables()
        assert (await sign_up(http))["__typename"] == "CodeRequired"
    second = create_app(settings, clock)
    async with second.router.lifespan_context(second), asgi_client(second) as http:
        page = await http.get("/dev/mailbox")
    assert "Your authentication code" in page.text and JANE in page.text


async def test_o5_a_failed_sign_up_keeps_nothing_and_the_retry_gets_a_code(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """O5: when storing the first code fails, no account, attempt or email is left, so the
    same sign-up tried again gets a code, not "someone tried to sign up"."""
    variables = {"email": JANE, "password": STRONG_PASSWORD, "q": "Pet?", "a": "Fido"}
    async with failing_inserts("email_codes"):
        response = await client.post("/graphql", json={"query": SIGN_UP, "variables": variables})
    assert "CodeRequired" not in response.text
    assert await User.filter(email=JANE).count() == 0
    assert await LoginAttempt.all().count() == 0 and await OutboxMessage.all().count() == 0

    retried = await sign_up(client, question="Pet?")
    assert retried["__typename"] == "CodeRequired"
    mail = mailbox.latest_to(JANE)
    assert mail is not None and mail.subject == "Your authentication code"


async def test_o4_mail_bodies_are_sealed_until_sent_and_emptied_after(
    app_mailing_to: AppAt, clock: FrozenClock
) -> None:
    """R5 with O4: the code waiting in the outbox is not readable in the database, and
    outside development nothing of the body is kept once it is sent."""
    flaky = FlakyMailbox()
    async with (
        smtp_server(flaky) as port,
        app_mailing_to(port, env="production") as app,
        asgi_client(app) as http,
    ):
        await sign_up(http)
        waiting = await OutboxMessage.get(recipient=JANE)
        flaky.refusing = False
        clock.advance(seconds=31)
        await app.state.mail_worker.deliver_due()
        assert code_from(flaky, JANE) not in waiting.body_text
        sent = await OutboxMessage.get(id=waiting.id)
        assert sent.sent_at is not None and sent.body_text == "" and sent.body_html is None


PENDING = """
query($token: String!) {
  pendingLogin(loginToken: $token) { ... on CodeRequired { emailDelayed otherMethods } }
}
"""


async def test_o4_while_mail_fails_the_code_screen_says_so_and_resend_keeps_the_code(
    app_mailing_to: AppAt, clock: FrozenClock
) -> None:
    """O4: the code screen (GraphQL and page) says plainly that mail is delayed; Resend
    answers the same instead of replacing the code that is waiting to leave, and does not
    spend the Resend slot; once mail flows, that first code arrives and signs in."""
    flaky = FlakyMailbox()
    async with smtp_server(flaky) as port, app_mailing_to(port) as app, asgi_client(app) as http:
        signup_page = await http.get("/signup")
        await http.post(
            "/signup",
            data={
                "csrf_token": csrf_of(signup_page.text),
                "email": JANE,
                "password": STRONG_PASSWORD,
                "question": "What was the name of your first pet?",
                "custom_question": "",
                "answer": "Fido",
            },
        )
        code_page = await http.get("/login/code")
        assert "Our email is delayed" in code_page.text
        attempt = await LoginAttempt.get(email=JANE)
        token = http.cookies["latchkey_login"]
        assert (await gql(http, PENDING, token=token))["pendingLogin"]["emailDelayed"] is True

        clock.advance(seconds=31)  # past the Resend interval: only the outage refuses it
        resent = (await gql(http, RESEND, token=token))["resendLoginCode"]
        assert resent["__typename"] == "ServiceUnavailable" and resent["code"] == "mail_delayed"
        assert "delayed" in resent["message"]
        page_resend = await http.post(
            "/login/code/resend", data={"csrf_token": csrf_of(code_page.text)}
        )
        assert "Our email is delayed" in page_resend.text
        unchanged = await LoginAttempt.get(id=attempt.id)
        assert unchanged.codes_sent == 1
        assert unchanged.last_code_sent_at == attempt.last_code_sent_at
        assert await OutboxMessage.filter(recipient=JANE).count() == 1

        flaky.refusing = False
        clock.advance(seconds=61)  # past the retry's backoff
        assert await app.state.mail_worker.deliver_due() == 1
        assert (await gql(http, PENDING, token=token))["pendingLogin"]["emailDelayed"] is False
        assert "Our email is delayed" not in (await http.get("/login/code")).text
        done = await verify(http, token, code_from(flaky, JANE))
        assert done["__typename"] == "LoginSuccess"
