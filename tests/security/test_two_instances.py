"""Two app instances on one PostgreSQL share every piece of state (R2, L9, SE1; issue 5, 9).

A login started on one instance finishes on the other, a logout on one is seen by the other
at once, and rate limits count across both.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backend.services import rate_limits
from tests.conftest import BACKEND, POSTGRES_URL, STRONG_PASSWORD
from tests.live import SIGN_UP, VERIFY, code_in_mailbox, serving
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


def test_r2_rate_limits_count_across_instances(instances: tuple[str, str]) -> None:
    first, second = instances
    kinds = []
    for i in range(rate_limits.LOGIN_PER_ADDRESS.max_hits + 2):
        base = first if i % 2 else second
        kinds.append(gql(base, LOGIN, e=f"n{i}@example.com", p="x")["login"]["__typename"])
    assert kinds.count("InvalidCredentials") + 2 <= len(kinds)
    assert kinds[-2:] == ["RateLimited", "RateLimited"]
