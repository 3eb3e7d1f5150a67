"""The captcha without JavaScript is a wait the server holds to (issue 22 #4; R1, L1), and the
check comes with the form that will need it (issue 22 #6; R1)."""

from __future__ import annotations

import re
from collections.abc import Awaitable
from datetime import UTC, datetime

import httpx
import pytest
from starlette.applications import Starlette

from backend.app import create_app
from backend.clock import FrozenClock
from backend.config import Settings
from backend.mail.dev_sink import DevMailbox
from tests.api.flows import signed_up_user
from tests.conftest import STRONG_PASSWORD, asgi_client, empty_all_tables, gql
from tests.pages.helpers import HTMX, csrf_of, post_form

LOGIN = """mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { __typename } }"""
CHALLENGE = """query($email: String!, $ticket: String!) {
  captchaChallenge(action: LOGIN, email: $email, waitTicket: $ticket) {
    required waitTicket waitSeconds } }"""
STRANGER = "198.51.100.9"


@pytest.fixture
def clock() -> FrozenClock:
    """At the start of an hour: the counters' windows (15 minutes, an hour) do not end while
    a test moves the clock on by seconds."""
    return FrozenClock(datetime.now(UTC).replace(minute=0, second=0, microsecond=0))


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The captcha as shipped: asked after three failed passwords; a 10-second wait."""
    return settings.model_copy(update={"captcha_free_tries": 3})


def wait_ticket(html: str) -> str:
    match = re.search(r'name="captcha_wait" value="([^"]+)"', html)
    assert match, "the form carries no wait ticket"
    return match.group(1)


async def strangers_three_wrong_passwords(app: Starlette) -> None:
    async with asgi_client(app, STRANGER) as stranger:
        for n in range(3):
            wrong = await gql(stranger, LOGIN, email="jane@example.com", password=f"guess {n}")
            assert wrong["login"]["__typename"] == "InvalidCredentials"


async def test_issue22_4_strangers_cannot_lock_a_no_javascript_user_out(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette, clock: FrozenClock
) -> None:
    """#4 (R1, L1): three wrong passwords from elsewhere bring the check to jane's form; without
    JavaScript she waits the 10 seconds the page states (to the second when she presses too
    early, the wait not restarted) and is in; the ticket works once."""
    await signed_up_user(client, mailbox)
    client.cookies.clear()
    await strangers_three_wrong_passwords(app)
    form = {"email": "jane@example.com", "password": STRONG_PASSWORD}

    asked = await post_form(client, "/login", form)
    assert asked.status_code == 400
    assert "the button works 10 seconds after this form appeared" in asked.text
    assert "hour" not in asked.text
    ticket = wait_ticket(asked.text)

    early = await client.post(
        "/login", data={**form, "captcha_wait": ticket, "csrf_token": csrf_of(asked.text)}
    )
    assert "wait 10 more seconds, then press the button again" in early.text
    assert wait_ticket(early.text) == ticket
    clock.advance(seconds=4)
    early = await client.post(
        "/login", data={**form, "captcha_wait": ticket, "csrf_token": csrf_of(early.text)}
    )
    assert "wait 6 more seconds" in early.text

    clock.advance(seconds=6)
    passed = await client.post(
        "/login", data={**form, "captcha_wait": ticket, "csrf_token": csrf_of(early.text)}
    )
    assert passed.status_code == 303 and passed.headers["location"] == "/login/code"

    client.cookies.clear()
    again = await post_form(client, "/login", {**form, "captcha_wait": ticket})
    assert "did not pass" in again.text


async def test_issue22_4_a_wait_ticket_passes_only_from_its_address(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette, clock: FrozenClock
) -> None:
    """#4 (R1): a ticket fetched elsewhere (a helper running the waits) is no check at all."""
    await signed_up_user(client, mailbox)
    client.cookies.clear()
    await strangers_three_wrong_passwords(app)
    async with asgi_client(app, STRANGER) as stranger:
        handed = await gql(stranger, CHALLENGE, email="jane@example.com", ticket="")
    challenge = handed["captchaChallenge"]
    assert challenge["required"] is True and challenge["waitSeconds"] == 10
    clock.advance(seconds=11)
    page = await post_form(
        client,
        "/login",
        {"email": "jane@example.com", "password": STRONG_PASSWORD},
    )
    refused = await client.post(
        "/login",
        data={
            "email": "jane@example.com",
            "password": STRONG_PASSWORD,
            "captcha_wait": challenge["waitTicket"],
            "csrf_token": csrf_of(page.text),
        },
    )
    assert "did not pass" in refused.text


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
async def test_issue22_6_the_third_wrong_password_brings_the_check_with_the_form(
    client: httpx.AsyncClient, mailbox: DevMailbox, htmx: bool
) -> None:
    """#6 (R1): the refusal after which the check is needed already shows it, so the next
    press is not wasted on "complete the check"."""
    await signed_up_user(client, mailbox)
    client.cookies.clear()
    pages = [
        await post_form(
            client, "/login", {"email": "jane@example.com", "password": f"no {n}"}, htmx=htmx
        )
        for n in range(3)
    ]
    assert ["<altcha-widget" in page.text for page in pages] == [False, False, True]
    assert "Incorrect email or password." in pages[2].text
    # A form opened afresh from this address shows it at once too.
    fresh = await client.get("/login", headers=HTMX if htmx else {})
    assert "<altcha-widget" in fresh.text and wait_ticket(fresh.text)


async def test_issue22_6_the_login_form_fetches_the_check_for_the_email_as_it_is_typed(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """#6 (R1, L1): failures for an email typed elsewhere are unknown when the form is drawn;
    the email field fetches the check when it changes, so the first press carries it. Wrong
    passwords for an email count alike whether an account has it, so the answer says nothing
    about accounts; an email without failures gets no check."""
    await signed_up_user(client, mailbox)
    client.cookies.clear()
    await strangers_three_wrong_passwords(app)
    async with asgi_client(app, "198.51.100.10") as another:
        for n in range(3):
            wrong = await gql(another, LOGIN, email="nobody@example.com", password=f"guess {n}")
            assert wrong["login"]["__typename"] == "InvalidCredentials"

    form = await client.get("/login", headers=HTMX)
    assert "<altcha-widget" not in form.text
    assert 'hx-get="/login/captcha" hx-trigger="change" hx-target="#login-captcha"' in form.text

    def part(email: str) -> Awaitable[httpx.Response]:
        return client.get("/login/captcha", params={"email": email}, headers=HTMX)

    jane, nobody, fresh = [
        await part(email)
        for email in ("JANE@example.com", "nobody@example.com", "fresh@example.com")
    ]
    assert "<altcha-widget" in jane.text and wait_ticket(jane.text)
    assert jane.headers["cache-control"] == "no-store"
    tickets = re.compile(r'value="wait:[^"]+"')
    assert tickets.sub("", jane.text) == tickets.sub("", nobody.text)
    assert fresh.status_code == 200 and fresh.text.strip() == ""
    # The address's own failures ask for it whatever the email (the form then has it drawn).
    for n in range(3):
        await post_form(client, "/login", {"email": "fresh@example.com", "password": f"no {n}"})
    assert "<altcha-widget" in (await part("fresh@example.com")).text
    assert "hx-get" not in (await client.get("/login")).text


async def test_issue22_6_sign_up_forgot_and_help_forms_show_the_check_before_the_press(
    client: httpx.AsyncClient,
) -> None:
    """#6 (R1): once this address has used its free requests, the forms come with the check."""
    for path in ("/signup", "/forgot", "/help"):
        first = await client.get(path)
        assert "<altcha-widget" not in first.text
    for n in range(3):
        await post_form(client, "/forgot", {"email": f"a{n}@example.com"})
    forgot = await client.get("/forgot")
    assert "<altcha-widget" in forgot.text and wait_ticket(forgot.text)
    assert "<altcha-widget" not in (await client.get("/signup")).text


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
async def test_issue22_4_the_code_screen_states_the_codes_real_lifetime(
    settings: Settings, clock: FrozenClock, htmx: bool
) -> None:
    """#4 (L4): every wait a page states is the real one: with codes valid for 12 minutes,
    the code screen says 12, not the default 5."""
    lasting = settings.model_copy(update={"email_code_minutes": 12})
    application = create_app(lasting, clock=clock)
    async with application.router.lifespan_context(application), asgi_client(application) as http:
        await empty_all_tables()
        fields = {
            "email": "ada@example.com",
            "password": STRONG_PASSWORD,
            "question": "What was the name of your first pet?",
            "answer": "Fido",
        }
        started = await post_form(http, "/signup", fields)
        assert started.headers["location"] == "/login/code"
        screen = await http.get("/login/code", headers=HTMX if htmx else {})
    assert "It is valid for 12 minutes" in screen.text
