"""The HTML pages: sign-up, login, code entry, profile, logout (A1, L1, L3, L4, L8, M1, G2, G3)."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from backend.branding import TEMPLATES_DIR
from backend.clock import FrozenClock
from backend.mail.dev_sink import DevMailbox
from backend.models import User
from backend.services.login.screens import SCREEN_OF_STATE
from tests.conftest import STRONG_PASSWORD, code_from
from tests.pages.helpers import HTMX, csrf_of, post_form


def wrong_code(right: str) -> str:
    return "000000" if right != "000000" else "111111"


class QueryLog(logging.Handler):
    """The SQL statements Tortoise runs meanwhile (it logs each at DEBUG)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []
        self.logger = logging.getLogger("tortoise.db_client")

    def emit(self, record: logging.LogRecord) -> None:
        self.statements.append(record.getMessage())

    def reading(self, table: str) -> list[str]:
        source = f'FROM "{table}"'
        return [s for s in self.statements if s.startswith("SELECT") and source in s]

    def __enter__(self) -> QueryLog:
        self.level_before = self.logger.level
        self.logger.setLevel(logging.DEBUG)
        self.logger.addHandler(self)
        return self

    def __exit__(self, *_: object) -> None:
        self.logger.removeHandler(self)
        self.logger.setLevel(self.level_before)


SIGNUP_FIELDS = {
    "email": "jane@example.com",
    "password": STRONG_PASSWORD,
    "question": "What was the name of your first pet?",
    "custom_question": "",
    "answer": "Fido",
}


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
async def test_g2_signup_code_profile_logout_with_and_without_htmx(
    client: httpx.AsyncClient, mailbox: DevMailbox, htmx: bool
) -> None:
    """G2, A1, L3, M1: the whole journey by form posts; HTMX gets fragments, no-JS redirects."""
    response = await post_form(client, "/signup", SIGNUP_FIELDS, htmx=htmx)
    if htmx:
        assert response.status_code == 204
        assert json.loads(response.headers["HX-Location"])["path"] == "/login/code"
    else:
        assert response.status_code == 303 and response.headers["location"] == "/login/code"
    code_page = await client.get("/login/code", headers=HTMX if htmx else {})
    assert "j•••@e•••.com" in code_page.text
    assert ('autocomplete="one-time-code"' in code_page.text) and "inputmode" in code_page.text
    assert ("<html" in code_page.text) is not htmx
    assert code_page.headers["vary"] == "HX-Request"
    code = code_from(mailbox, "jane@example.com")
    done = await post_form(client, "/login/code", {"code": code}, htmx=htmx)
    assert done.status_code in (204, 303)
    profile = await client.get("/profile")
    assert "jane@example.com" in profile.text
    assert "Email code" in profile.text and "On" in profile.text
    await post_form(client, "/logout", {}, htmx=htmx)
    after = await client.get("/profile")
    assert after.status_code == 303 and after.headers["location"] == "/login"


async def test_l1_login_page_shows_the_same_error_for_unknown_and_wrong(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """L1: the page re-renders with the same message next to the form, keeping the email."""
    await post_form(client, "/signup", SIGNUP_FIELDS)
    client.cookies.clear()
    wrong = await post_form(
        client, "/login", {"email": "jane@example.com", "password": "wrong password here"}
    )
    unknown = await post_form(
        client, "/login", {"email": "who@example.com", "password": "wrong password here"}
    )
    assert wrong.status_code == unknown.status_code == 400
    assert "Incorrect email or password." in wrong.text
    assert "Incorrect email or password." in unknown.text
    assert 'value="jane@example.com"' in wrong.text


async def test_a2_signup_page_shows_the_password_reason_next_to_the_field(
    client: httpx.AsyncClient,
) -> None:
    """A2, G2: a weak password re-renders the form with the reason by the password field."""
    response = await post_form(client, "/signup", {**SIGNUP_FIELDS, "password": "password1"})
    assert response.status_code == 400
    assert 'id="password-error"' in response.text and "common" in response.text.lower()
    assert await User.all().count() == 0


async def test_a1_signup_page_accepts_a_question_of_your_own(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """A1: pick from the list or write your own question."""
    fields = {**SIGNUP_FIELDS, "question": "custom", "custom_question": "Favourite teacher?"}
    response = await post_form(client, "/signup", fields)
    assert response.status_code == 303
    assert (await User.get(email="jane@example.com")).security_question == "Favourite teacher?"


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
async def test_a1_refused_sign_up_keeps_everything_but_the_password(
    client: httpx.AsyncClient, htmx: bool
) -> None:
    """A1 (issue 22 #5): a weak password is refused; the email, the chosen or written question
    and its answer are still there, and only the password must be typed again."""
    fields = {
        **SIGNUP_FIELDS,
        "password": "password1",
        "question": "custom",
        "custom_question": "Street I grew up on?",
        "answer": "Elm Row",
    }
    refused = await post_form(client, "/signup", fields, htmx=htmx)
    assert refused.status_code == 400
    assert 'value="jane@example.com"' in refused.text
    assert '<option value="custom" selected>' in refused.text
    assert 'value="Street I grew up on?"' in refused.text and 'value="Elm Row"' in refused.text
    assert "password1" not in refused.text


async def test_l8_code_page_shows_invalid_code_and_resend_throttle(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """L8, L4: a wrong code re-renders with "Invalid code"; an early Resend is refused (429)."""
    await post_form(client, "/signup", SIGNUP_FIELDS)
    right = code_from(mailbox, "jane@example.com")
    response = await post_form(client, "/login/code", {"code": wrong_code(right)}, htmx=True)
    assert response.status_code == 400 and "Invalid code" in response.text
    resend = await post_form(client, "/login/code/resend", {})
    assert resend.status_code == 429 and "Please wait" in resend.text


@pytest.fixture
def operations(app: Starlette, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The GraphQL operations the pages run in-process from now on, in order."""
    run: list[str] = []
    execute = app.state.schema.execute

    async def counted(document: str, *args: Any, **kwargs: Any) -> Any:
        run.append(document.split("(")[0])
        return await execute(document, *args, **kwargs)

    monkeypatch.setattr(app.state.schema, "execute", counted)
    return run


async def test_l8_a_wrong_code_is_one_operation_that_reads_the_attempt_once(
    client: httpx.AsyncClient, mailbox: DevMailbox, operations: list[str]
) -> None:
    """Issue 16: the refusal carries the code screen, so the page asks nothing more."""
    await post_form(client, "/signup", SIGNUP_FIELDS)
    right = code_from(mailbox, "jane@example.com")
    data = {"csrf_token": csrf_of((await client.get("/login/code")).text)}
    operations.clear()
    with QueryLog() as queries:
        response = await client.post("/login/code", data={**data, "code": wrong_code(right)})
    assert response.status_code == 400 and "Invalid code" in response.text
    assert "We sent a code to" in response.text  # the whole code screen again
    assert operations == ["mutation VerifyLoginCode"]
    assert len(queries.reading("login_attempts")) == 1


async def test_l4_a_resend_shows_the_new_code_screen_in_one_operation(
    client: httpx.AsyncClient, clock: FrozenClock, operations: list[str]
) -> None:
    """L4, issue 16: Resend answers with the code screen it leads to; nothing is asked again."""
    await post_form(client, "/signup", SIGNUP_FIELDS)
    data = {"csrf_token": csrf_of((await client.get("/login/code")).text)}
    clock.advance(seconds=30)
    operations.clear()
    sent = await client.post("/login/code/resend", data=data)
    assert "We sent you a new code." in sent.text and 'data-resend-wait="30"' in sent.text
    assert operations == ["mutation ResendLoginCode"]


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
async def test_l4_code_page_states_the_resend_wait_and_an_early_press_is_no_error(
    client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock, htmx: bool
) -> None:
    """L4 (issue 22 #15): the code screen says how long Resend waits (the number app.js counts
    down from); pressed early without JavaScript it answers with the seconds left as a notice,
    not a red error; once the wait is over it sends a new code."""
    await post_form(client, "/signup", SIGNUP_FIELDS)
    headers = HTMX if htmx else {}
    screen = await client.get("/login/code", headers=headers)
    assert 'data-resend-wait="30"' in screen.text
    assert "You can ask for a new code in 30 seconds." in screen.text
    clock.advance(seconds=12)
    early = await post_form(client, "/login/code/resend", {}, htmx=htmx)
    assert early.status_code == 429
    assert '<p class="notice" role="status">Please wait 18 seconds' in early.text
    assert 'role="alert" aria-live="assertive"></div>' in early.text  # no error shown
    assert "You can ask for a new code in 18 seconds." in early.text
    clock.advance(seconds=18)
    ready = await client.get("/login/code", headers=headers)
    assert (
        'data-resend-wait="0"' in ready.text and "You can ask for a new code in" not in ready.text
    )
    sent = await post_form(client, "/login/code/resend", {}, htmx=htmx)
    assert "We sent you a new code." in sent.text and 'data-resend-wait="30"' in sent.text


async def test_l9_code_page_without_a_login_says_start_again(client: httpx.AsyncClient) -> None:
    """L9: no (or an expired) login attempt: the page says so and links to the login."""
    response = await client.get("/login/code")
    assert response.status_code == 410
    assert "sign in again" in response.text.lower() and 'href="/login"' in response.text


async def test_l9_each_state_of_a_login_has_its_page(client: httpx.AsyncClient) -> None:
    """Issue 16: each pending state's screen (screens.SCREEN_OF_STATE) is a page at
    /login/<name> with its template; without a login under way it says to start again."""
    for screen in SCREEN_OF_STATE.values():
        assert (TEMPLATES_DIR / "pages" / f"{screen.name}.html").is_file()
        response = await client.get(f"/login/{screen.name}")
        assert response.status_code == 410 and 'href="/login"' in response.text


async def test_g2_cross_site_form_post_is_refused(client: httpx.AsyncClient) -> None:
    """G2/R4: a form post without our CSRF token changes nothing."""
    response = await client.post("/signup", data={**SIGNUP_FIELDS})
    assert response.status_code == 403
    page = await client.get("/signup")
    forged = await client.post("/signup", data={**SIGNUP_FIELDS, "csrf_token": "x" * 43})
    assert forged.status_code == 403 and csrf_of(page.text)
    assert await User.all().count() == 0


async def test_g3_dev_mailbox_lists_captured_emails_newest_first(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """G3: the development mailbox shows what the SMTP sink received."""
    await post_form(client, "/signup", SIGNUP_FIELDS)
    await post_form(client, "/signup", {**SIGNUP_FIELDS, "email": "bob@example.com"})
    page = await client.get("/dev/mailbox")
    assert page.status_code == 200
    assert page.text.index("bob@example.com") < page.text.index("jane@example.com")
    assert code_from(mailbox, "jane@example.com") in page.text


async def test_g3_dev_mailbox_links_are_clickable_and_it_filters_by_recipient(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """G3 (issue 22 #12): the link in a reset email is a link on the mailbox page, and
    ?to= shows one recipient's emails only (any case, part of the address is enough)."""
    await post_form(client, "/signup", SIGNUP_FIELDS)
    await post_form(client, "/signup", {**SIGNUP_FIELDS, "email": "bob@example.com"})
    client.cookies.clear()
    await post_form(client, "/forgot", {"email": "jane@example.com"})
    page = (await client.get("/dev/mailbox")).text
    match = re.search(r'<a href="(http://testserver/reset\?token=[^"]+)">\1</a>', page)
    assert match, page
    only_bob = (await client.get("/dev/mailbox", params={"to": "BOB@"})).text
    assert "To bob@example.com" in only_bob and "To jane@example.com" not in only_bob
    assert 'name="to" type="search" value="BOB@"' in only_bob
    nobody = (await client.get("/dev/mailbox", params={"to": "carol"})).text
    assert "No emails to addresses containing “carol”." in nobody


async def test_g1_graphiql_is_served_from_local_files(client: httpx.AsyncClient) -> None:
    """G1: GraphiQL in a browser, with its scripts vendored under /static (no CDN)."""
    page = await client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "/static/vendor/graphiql/graphiql.min.js" in page.text
    assert "unpkg" not in page.text and "jsdelivr" not in page.text
    script = await client.get("/static/vendor/graphiql/graphiql.min.js")
    assert script.status_code == 200 and len(script.content) > 100_000


async def test_g2_pages_send_security_headers(client: httpx.AsyncClient) -> None:
    """G2/R4: CSP without inline scripts, no framing, no caching of pages."""
    page = await client.get("/login")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1]
    assert "frame-ancestors 'none'" in csp
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["x-content-type-options"] == "nosniff"


async def test_se1_profile_page_lists_sessions_and_ends_the_others(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: object
) -> None:
    """SE1, G2: the profile lists sessions; "Sign out everywhere else" works as a plain form."""
    from tests.api.flows import login, verify

    await post_form(client, "/signup", SIGNUP_FIELDS)
    await post_form(client, "/login/code", {"code": code_from(mailbox, "jane@example.com")})
    browser_cookies = dict(client.cookies)
    client.cookies.clear()
    started = await login(client)
    other = await verify(client, started["loginToken"], code_from(mailbox, "jane@example.com"))
    client.cookies.clear()
    client.cookies.update(browser_cookies)
    profile = await client.get("/profile")
    assert "Where you're signed in" in profile.text and "(this browser)" in profile.text
    assert "Sign out everywhere else" in profile.text
    response = await post_form(client, "/profile/sign-out-others", {})
    assert response.status_code == 303
    from tests.api.flows import ME
    from tests.conftest import gql

    client.cookies.clear()
    assert (await gql(client, ME, bearer=other["sessionToken"]))["me"] is None
