"""Captcha (R1; ASVS 5.0 6.3.1 anti-automation): asked after a few requests or failures, solved
for real, accepted once."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from altcha import v1 as altcha_v1
from starlette.applications import Starlette

from backend.clock import FrozenClock
from backend.config import Settings
from backend.mail.dev_sink import DevMailbox
from tests.api.flows import signed_up_user
from tests.api.test_passkey_sign_in import OPTIONS, SIGN_IN
from tests.conftest import STRONG_PASSWORD, asgi_client, gql
from tests.pages.helpers import post_form

SIGN_UP = """mutation($email: String!, $captcha: String!) {
  signUp(email: $email, password: "correct horse battery staple",
         securityQuestion: "What was the name of your first pet?", securityAnswer: "Fido",
         captcha: $captcha) { __typename ... on UserError { code message } } }"""
LOGIN = """mutation($email: String!, $password: String!, $captcha: String!) {
  login(email: $email, password: $password, captcha: $captcha) {
  __typename ... on UserError { code message } } }"""
RESET = """mutation($email: String!, $captcha: String!) {
  requestPasswordReset(email: $email, captcha: $captcha) { __typename } }"""
HELP = """mutation($email: String!, $captcha: String!) {
  fileHelpRequest(email: $email, kind: CANT_LOGIN, captcha: $captcha) { __typename } }"""
CHALLENGE = "{ captchaChallenge { provider altchaChallenge } }"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The production policy: three free requests, then the captcha (ALTCHA)."""
    return settings.model_copy(update={"captcha_free_tries": 3})


async def solved(http: httpx.AsyncClient) -> str:
    """Fetch a challenge through GraphQL and solve it as the browser widget does."""
    data = await gql(http, CHALLENGE)
    assert data["captchaChallenge"]["provider"] == "altcha"
    challenge = json.loads(data["captchaChallenge"]["altchaChallenge"])
    solution = altcha_v1.solve_challenge(
        challenge["challenge"], challenge["salt"], challenge["algorithm"], challenge["maxNumber"]
    )
    assert solution is not None
    payload = altcha_v1.Payload(
        challenge["algorithm"],
        challenge["challenge"],
        solution.number,
        challenge["salt"],
        challenge["signature"],
    )
    return payload.to_base64()


async def sign_up(http: httpx.AsyncClient, n: int, captcha: str = "") -> dict[str, Any]:
    result: dict[str, Any] = (
        await gql(http, SIGN_UP, email=f"user{n}@example.com", captcha=captcha)
    )["signUp"]
    return result


async def test_r1_sign_up_asks_after_three_and_a_solved_captcha_passes_once(
    client: httpx.AsyncClient,
) -> None:
    """R1: the 4th sign-up from an address needs a solved ALTCHA; a solution works once."""
    for n in range(3):
        assert (await sign_up(client, n))["__typename"] == "CodeRequired"
    asked = await sign_up(client, 3)
    assert asked["__typename"] == "CaptchaRequired" and "robot" in asked["message"]
    solution = await solved(client)
    assert (await sign_up(client, 3, solution))["__typename"] == "CodeRequired"
    replayed = await sign_up(client, 4, solution)
    assert replayed["__typename"] == "CaptchaRequired" and "did not pass" in replayed["message"]
    forged = json.loads(base64.b64decode(await solved(client)))
    forged["number"] += 1
    tampered = base64.b64encode(json.dumps(forged).encode()).decode()
    assert (await sign_up(client, 4, tampered))["__typename"] == "CaptchaRequired"
    assert (await sign_up(client, 4, "not a payload at all"))["__typename"] == "CaptchaRequired"


async def test_r1_a_challenge_expires_after_ten_minutes(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    """R1: an old solution is refused; a fresh one is accepted."""
    clock.advance(seconds=3600 - clock.now().timestamp() % 3600)  # the hour's window just began
    for n in range(3):
        await sign_up(client, n)
    stale = await solved(client)
    clock.advance(minutes=10, seconds=1)
    assert (await sign_up(client, 3, stale))["__typename"] == "CaptchaRequired"
    assert (await sign_up(client, 3, await solved(client)))["__typename"] == "CodeRequired"


async def test_r1_login_asks_after_three_wrong_passwords_from_an_address_or_for_an_email(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """R1: failures from this address, or for this account from anywhere, bring the captcha."""
    await signed_up_user(client, mailbox)
    client.cookies.clear()
    for _ in range(3):
        wrong = await gql(client, LOGIN, email="jane@example.com", password="nope nope", captcha="")
        assert wrong["login"]["__typename"] == "InvalidCredentials"
    right = await gql(client, LOGIN, email="jane@example.com", password=STRONG_PASSWORD, captcha="")
    assert right["login"]["__typename"] == "CaptchaRequired"
    passed = await gql(
        client,
        LOGIN,
        email="jane@example.com",
        password=STRONG_PASSWORD,
        captcha=await solved(client),
    )
    assert passed["login"]["__typename"] == "CodeRequired"

    elsewhere = asgi_client(app, "198.51.100.9")
    async with elsewhere:
        same_account = await gql(
            elsewhere, LOGIN, email="jane@example.com", password=STRONG_PASSWORD, captcha=""
        )
        assert same_account["login"]["__typename"] == "CaptchaRequired"
        other_account = await gql(
            elsewhere, LOGIN, email="john@example.com", password="whatever it is", captcha=""
        )
        assert other_account["login"]["__typename"] == "InvalidCredentials"


async def test_r1_forgot_password_and_helper_ask_after_three(client: httpx.AsyncClient) -> None:
    """R1: the same policy on forgot-password and the "Can't login?" helper."""
    for document, field in ((RESET, "requestPasswordReset"), (HELP, "fileHelpRequest")):
        kinds = [
            (await gql(client, document, email="a@example.com", captcha=""))[field]["__typename"]
            for _ in range(4)
        ]
        assert kinds[:3] != ["CaptchaRequired"] * 3 and kinds[3] == "CaptchaRequired", kinds
        fine = await gql(client, document, email="a@example.com", captcha=await solved(client))
        assert fine[field]["__typename"] != "CaptchaRequired"


async def test_r1_sign_up_page_shows_the_widget_when_asked(client: httpx.AsyncClient) -> None:
    """R1: the form grows the ALTCHA widget (and, without JavaScript, a wait, issue 22 #4);
    its challenge is JSON."""
    fields = {
        "password": STRONG_PASSWORD,
        "question": "What was the name of your first pet?",
        "custom_question": "",
        "answer": "Fido",
    }
    for n in range(3):
        await post_form(client, "/signup", {**fields, "email": f"p{n}@example.com"})
    page = await post_form(client, "/signup", {**fields, "email": "p3@example.com"})
    assert page.status_code == 400
    assert "<altcha-widget" in page.text and 'challengeurl="/captcha/altcha"' in page.text
    assert "the button works 10 seconds after this form appeared" in page.text
    challenge = await client.get("/captcha/altcha")
    assert challenge.headers["cache-control"] == "no-store"
    assert set(challenge.json()) == {"algorithm", "challenge", "maxNumber", "salt", "signature"}


@pytest.fixture
async def no_captcha_client(
    settings: Settings, clock: FrozenClock
) -> AsyncIterator[httpx.AsyncClient]:
    from backend.app import create_app

    application = create_app(
        settings.model_copy(update={"captcha": "off", "captcha_free_tries": 0}), clock=clock
    )
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application, client=("203.0.113.8", 1))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


async def test_r1_captcha_off_is_never_asked(no_captcha_client: httpx.AsyncClient) -> None:
    """R1 is pluggable: LATCHKEY_CAPTCHA=off turns it off."""
    for n in range(5):
        assert (await sign_up(no_captcha_client, 10 + n))["__typename"] == "CodeRequired"


async def test_r1_full_width_spellings_of_an_email_bring_its_captcha(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """R1: three wrong passwords for jane@ in full-width letters, each from another address,
    are three failures for jane@example.com: her next sign-in from anywhere needs the captcha."""
    await signed_up_user(client, mailbox)
    full_width = "jane@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com"
    for n in range(3):
        async with asgi_client(app, f"198.51.100.{30 + n}") as elsewhere:
            wrong = await gql(elsewhere, LOGIN, email=full_width, password="nope nope", captcha="")
            assert wrong["login"]["__typename"] == "InvalidCredentials"
    async with asgi_client(app, "198.51.100.40") as fresh:
        right = await gql(
            fresh, LOGIN, email="jane@example.com", password=STRONG_PASSWORD, captcha=""
        )
    assert right["login"]["__typename"] == "CaptchaRequired"


async def test_r1_pk3_failed_passkey_sign_ins_bring_the_captcha_to_the_passkey_request(
    client: httpx.AsyncClient,
) -> None:
    """R1, PK3: refused passkey answers count like wrong passwords from the address; the
    request for a passkey challenge then needs a solved captcha."""
    for _ in range(3):
        request = (await gql(client, OPTIONS))["passkeySignInOptions"]
        assert request["__typename"] == "PasskeyOptions"
        answer = json.dumps({"id": "x", "response": {"clientDataJSON": "e30"}})
        refused = (await gql(client, SIGN_IN, response=answer))["passkeySignIn"]
        assert refused["__typename"] == "InvalidCredentials"
    asked = (await gql(client, OPTIONS))["passkeySignInOptions"]
    assert asked["__typename"] == "CaptchaRequired"
    passed = (await gql(client, OPTIONS, captcha=await solved(client)))["passkeySignInOptions"]
    assert passed["__typename"] == "PasskeyOptions"
