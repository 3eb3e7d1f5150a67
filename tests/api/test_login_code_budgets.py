"""Emailed login codes are counted per account, and per network only with a high ceiling
(issue 22 #3; L4, R2, L3, L7): colleagues behind one address do not stop each other, and a
person whose codes ran out is still let in by another method and told what happened."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from starlette.applications import Starlette

from backend.clock import FrozenClock
from backend.mail.dev_sink import DevMailbox
from backend.models import User
from backend.services import rate_limits, recovery_codes
from backend.services.factors import recovery_code
from tests.api.app_flows import CHOOSE
from tests.api.flows import login, sign_up, verify
from tests.conftest import STRONG_PASSWORD, asgi_client, code_from, gql
from tests.pages.helpers import post_form

OFFICE = "203.0.113.7"  # the `client` fixture's address
RECOVERY_CODE = recovery_codes.new_code()


@pytest.fixture
def clock() -> FrozenClock:
    """At the start of an hour, so the hour's budgets have exactly 60 minutes left."""
    return FrozenClock(datetime.now(UTC).replace(minute=0, second=0, microsecond=0))


async def colleague(app: Starlette, mailbox: DevMailbox, n: int) -> str:
    """A user who signed up (and proved the address) from home."""
    email = f"colleague{n}@example.com"
    async with asgi_client(app, f"198.51.100.{n + 1}") as home:
        started = await sign_up(home, email=email)
        done = await verify(home, started["loginToken"], code_from(mailbox, email))
        assert done["__typename"] == "LoginSuccess"
    return email


async def test_issue22_3_colleagues_behind_one_address_all_get_their_codes(
    client: httpx.AsyncClient, app: Starlette, mailbox: DevMailbox
) -> None:
    """#3 (L4, R2): 21 codes mailed to three colleagues from the office address (20 used to
    stop everyone there for an hour); a fourth colleague still gets a code."""
    emails = [await colleague(app, mailbox, n) for n in range(4)]
    for email in emails[:3]:
        for _ in range(7):
            assert (await login(client, email=email))["__typename"] == "CodeRequired"
    fourth = await login(client, email=emails[3])
    assert fourth["__typename"] == "CodeRequired" and fourth["method"] == "EMAIL"


async def test_issue22_3_when_an_accounts_codes_run_out_the_recovery_code_still_works(
    client: httpx.AsyncClient, app: Starlette, mailbox: DevMailbox
) -> None:
    """#3 (L3, L7): after twenty codes this hour, jane (email and a recovery code) is asked for
    the recovery code instead of being stopped at the password; choosing Email says why not."""
    email = await colleague(app, mailbox, 0)
    user = await User.get(email=email)
    await recovery_code.FACTOR.issue(app.state.deps, user.id, RECOVERY_CODE)
    for _ in range(rate_limits.LOGIN_CODES_PER_ACCOUNT.max_hits - 1):  # and the sign-up's
        assert (await login(client, email=email))["method"] == "EMAIL"
    started = await login(client, email=email)
    assert started["__typename"] == "CodeRequired", started
    assert started["method"] == "RECOVERY_CODE" and "EMAIL" in started["otherMethods"]
    chosen = await gql(client, CHOOSE, token=started["loginToken"], method="EMAIL")
    refused = chosen["chooseLoginMethod"]
    assert refused["__typename"] == "RateLimited"
    assert refused["message"].startswith("Too many codes were sent to this account.")
    done = await verify(client, started["loginToken"], RECOVERY_CODE)
    assert done["__typename"] == "RecoveryCodeIssued"


async def test_issue22_3_an_email_only_user_is_told_the_network_sent_too_many(
    client: httpx.AsyncClient, app: Starlette, mailbox: DevMailbox
) -> None:
    """#3 (R2): when the network's ceiling is reached, the refusal says so, with the real wait."""
    email = await colleague(app, mailbox, 0)
    deps = app.state.deps
    for _ in range(rate_limits.LOGIN_CODES_PER_ADDRESS.max_hits):
        await rate_limits.add(deps, rate_limits.LOGIN_CODES_PER_ADDRESS, OFFICE)
    refused = await login(client, email=email)
    assert refused["__typename"] == "RateLimited"
    assert refused["message"].startswith("Too many codes were sent from your network.")
    assert "try again in 60 minutes, or use another method." in refused["message"]


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
async def test_issue22_3_the_login_page_says_the_network_sent_too_many_codes(
    client: httpx.AsyncClient, app: Starlette, mailbox: DevMailbox, htmx: bool
) -> None:
    """#3 (R2, G2): the login page shows the same reason, with and without JavaScript."""
    email = await colleague(app, mailbox, 0)
    for _ in range(rate_limits.LOGIN_CODES_PER_ADDRESS.max_hits):
        await rate_limits.add(app.state.deps, rate_limits.LOGIN_CODES_PER_ADDRESS, OFFICE)
    page = await post_form(
        client, "/login", {"email": email, "password": STRONG_PASSWORD}, htmx=htmx
    )
    assert page.status_code == 429
    assert "Too many codes were sent from your network." in page.text
    assert f'value="{email}"' in page.text
