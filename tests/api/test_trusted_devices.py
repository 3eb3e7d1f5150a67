"""Remember this device for 30 days (L2, L6) through GraphQL."""

from __future__ import annotations

from typing import Any

import httpx
from starlette.applications import Starlette

from backend.clock import FrozenClock
from backend.mail.dev_sink import DevMailbox
from backend.models import TrustedDevice
from backend.services.tokens import hash_token
from tests.api.flows import login, sign_up
from tests.api.test_password_reset import NEW_PASSWORD, REQUEST, RESET, link_token
from tests.conftest import STRONG_PASSWORD, code_from, gql

VERIFY_REMEMBER = """mutation($token: String!, $code: String!) {
  verifyLoginCode(loginToken: $token, code: $code, rememberDevice: true) {
    __typename ... on LoginSuccess { sessionToken deviceToken } ... on UserError { message } } }"""
LOGIN_WITH_DEVICE = """mutation($email: String!, $password: String!, $device: String) {
  login(email: $email, password: $password, deviceToken: $device) {
    __typename ... on LoginSuccess { sessionToken deviceToken } ... on CodeRequired { method }
    ... on UserError { message } } }"""


async def _remembered(
    http: httpx.AsyncClient, mailbox: DevMailbox, email: str = "jane@example.com"
) -> dict[str, Any]:
    started = await sign_up(http, email=email)
    response = await http.post(
        "/graphql",
        json={
            "query": VERIFY_REMEMBER,
            "variables": {"token": started["loginToken"], "code": code_from(mailbox, email)},
        },
    )
    result: dict[str, Any] = response.json()["data"]["verifyLoginCode"]
    assert result["__typename"] == "LoginSuccess" and result["deviceToken"]
    result["set-cookie"] = response.headers.get_list("set-cookie")
    return result


async def _login_with(
    http: httpx.AsyncClient, device: str | None, email: str = "jane@example.com"
) -> dict[str, Any]:
    data = await gql(http, LOGIN_WITH_DEVICE, email=email, password=STRONG_PASSWORD, device=device)
    result: dict[str, Any] = data["login"]
    return result


async def remembered_browser_session(
    http: httpx.AsyncClient, mailbox: DevMailbox, email: str = "jane@example.com"
) -> str:
    """A session whose login skipped the code on a remembered browser (L2): no fresh factor."""
    remembered = await _remembered(http, mailbox, email)
    http.cookies.clear()
    skipped = await _login_with(http, remembered["deviceToken"], email)
    assert skipped["__typename"] == "LoginSuccess"
    http.cookies.clear()
    session: str = skipped["sessionToken"]
    return session


async def test_l6_remembering_sets_an_httponly_30_day_cookie_stored_hashed(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """L6: HttpOnly, SameSite=Lax, 30 days; the database holds only the token's hash."""
    remembered = await _remembered(client, mailbox)
    device_cookie = next(c for c in remembered["set-cookie"] if c.startswith("latchkey_device="))
    assert "HttpOnly" in device_cookie and "samesite=lax" in device_cookie.lower()
    assert "Max-Age=2592000" in device_cookie
    row = await TrustedDevice.get(user__email="jane@example.com")
    assert row.token_hash == hash_token(remembered["deviceToken"])


async def test_l2_a_remembered_device_skips_the_code_until_thirty_days(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """L2, L6: no code (and no email) for 30 days from issue; then the code is asked again."""
    device = (await _remembered(client, mailbox))["deviceToken"]
    client.cookies.clear()
    sent = len(mailbox.messages())
    assert (await _login_with(client, device))["__typename"] == "LoginSuccess"
    assert len(mailbox.messages()) == sent
    clock.advance(days=29, hours=23, minutes=59)
    assert (await _login_with(client, device))["__typename"] == "LoginSuccess"
    clock.advance(minutes=1)
    assert (await _login_with(client, device))["__typename"] == "CodeRequired"


async def test_l6_the_browser_cookie_works_without_passing_a_token(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """L6: browsers carry the device as a cookie; clearing cookies makes it unknown."""
    await _remembered(client, mailbox)
    assert (await login(client))["__typename"] == "LoginSuccess"
    client.cookies.clear()
    assert (await login(client))["__typename"] == "CodeRequired"


async def test_l6_another_users_device_never_skips_step_two(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """L6: a device is bound to the user who trusted it."""
    janes = (await _remembered(client, mailbox))["deviceToken"]
    await _remembered(client, mailbox, email="bob@example.com")
    client.cookies.clear()
    assert (await _login_with(client, janes, email="bob@example.com"))[
        "__typename"
    ] == "CodeRequired"


async def test_l6_a_device_does_not_replace_the_password(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """L2: the device skips step 2 only; a wrong password is still refused."""
    device = (await _remembered(client, mailbox))["deviceToken"]
    client.cookies.clear()
    data = await gql(
        client, LOGIN_WITH_DEVICE, email="jane@example.com", password="wrong wrong", device=device
    )
    assert data["login"]["__typename"] == "InvalidCredentials"


async def test_p1_l6_a_password_reset_forgets_every_device(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """P1: after a reset, no device skips step 2."""
    device = (await _remembered(client, mailbox))["deviceToken"]
    await gql(client, REQUEST, email="jane@example.com")
    token = await link_token(app, mailbox, "jane@example.com")
    await gql(client, RESET, token=token, password=NEW_PASSWORD)
    client.cookies.clear()
    data = await gql(
        client, LOGIN_WITH_DEVICE, email="jane@example.com", password=NEW_PASSWORD, device=device
    )
    assert data["login"]["__typename"] == "CodeRequired"
    assert await TrustedDevice.all().count() == 0


async def test_l6_garbage_device_tokens_just_ask_for_the_code(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    await _remembered(client, mailbox)
    client.cookies.clear()
    for device in ("", "forged", "x" * 5000):
        assert (await _login_with(client, device))["__typename"] == "CodeRequired"
