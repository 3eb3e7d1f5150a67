"""Two app instances on one PostgreSQL share every piece of state (R2, L9, SE1; issue 5, 9).

A login started on one instance finishes on the other, a logout on one is seen by the other
at once, and rate limits count across both.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from backend.services import rate_limits
from tests.conftest import BACKEND, POSTGRES_URL, STRONG_PASSWORD
from tests.live import LIVE_TIMEOUT, SIGN_UP, VERIFY, code_in_mailbox, serving
from tests.live import post_graphql as gql

pytestmark = pytest.mark.skipif(
    BACKEND != "postgres", reason="multi-instance runs on PostgreSQL (.ci/run runs it)"
)

LOGIN = """mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename
  ... on CodeRequired { loginToken } ... on RateLimited { retryAfterSeconds } } }"""


@pytest.fixture(scope="module")
def instances(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder: Path = tmp_path_factory.mktemp("two")
    with (
        serving(folder / "a", POSTGRES_URL) as first,
        serving(folder / "b", POSTGRES_URL) as second,
    ):
        yield first, second


def test_l9_login_started_on_one_instance_finishes_on_the_other(
    instances: tuple[str, str],
) -> None:
    first, second = instances
    started = gql(first, SIGN_UP, e="two@example.com", p=STRONG_PASSWORD)["signUp"]
    code = code_in_mailbox(first, "two@example.com")
    done = gql(second, VERIFY, t=started["loginToken"], c=code)["verifyLoginCode"]
    assert done["__typename"] == "LoginSuccess"
    token = done["sessionToken"]
    assert gql(first, "{ me { email } }", bearer=token)["me"]["email"] == "two@example.com"


def test_se1_logout_on_one_instance_is_seen_by_the_other_at_once(
    instances: tuple[str, str],
) -> None:
    first, second = instances
    started = gql(first, LOGIN, e="two@example.com", p=STRONG_PASSWORD)["login"]
    code = code_in_mailbox(first, "two@example.com")
    token = gql(first, VERIFY, t=started["loginToken"], c=code)["verifyLoginCode"]["sessionToken"]
    assert gql(second, "{ me { email } }", bearer=token)["me"] is not None
    assert (
        gql(first, "mutation { logout { __typename } }", bearer=token)["logout"]["__typename"]
        == "LoggedOut"
    )
    assert gql(second, "{ me { email } }", bearer=token)["me"] is None


def _signed_in(base: str) -> str:
    started = gql(base, LOGIN, e="two@example.com", p=STRONG_PASSWORD)["login"]
    code = code_in_mailbox(base, "two@example.com")
    token: str = gql(base, VERIFY, t=started["loginToken"], c=code)["verifyLoginCode"][
        "sessionToken"
    ]
    return token


def _forward_auth(base: str, token: str) -> int:
    """What a reverse proxy in front of an application hears about this session cookie."""
    cookies = {"latchkey_session": token}
    return httpx.get(f"{base}/auth/verify", cookies=cookies, timeout=LIVE_TIMEOUT).status_code


def test_se1_i3_sessions_ended_on_one_instance_stop_passing_forward_auth_on_the_other(
    instances: tuple[str, str],
) -> None:
    """Issue 20: the session check takes no shortcut an instance could hold stale: "sign out
    everywhere else" and a logout on one instance shut the door on the other at the next
    request."""
    first, second = instances
    kept, ended = _signed_in(first), _signed_in(first)
    assert (_forward_auth(second, kept), _forward_auth(second, ended)) == (200, 200)
    others = gql(first, "mutation { signOutEverywhereElse { __typename } }", bearer=kept)
    assert others["signOutEverywhereElse"]["__typename"] == "SessionsChanged"
    assert (_forward_auth(second, kept), _forward_auth(second, ended)) == (200, 401)
    gql(first, "mutation { logout { __typename } }", bearer=kept)
    assert _forward_auth(second, kept) == 401


def test_r2_rate_limits_count_across_instances(instances: tuple[str, str]) -> None:
    first, second = instances
    kinds = []
    for i in range(rate_limits.LOGIN_PER_ADDRESS.max_hits + 2):
        base = first if i % 2 else second
        kinds.append(gql(base, LOGIN, e=f"n{i}@example.com", p="x")["login"]["__typename"])
    assert kinds.count("InvalidCredentials") + 2 <= len(kinds)
    assert kinds[-2:] == ["RateLimited", "RateLimited"]
