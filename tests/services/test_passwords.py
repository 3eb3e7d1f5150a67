"""Password hashing and policy (A2)."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from backend.config import Argon2Params
from backend.errors import WeakPassword
from backend.mail.dev_sink import DevMailbox
from backend.models import User
from backend.services.passwords import PasswordHasher, check_password_policy
from tests.api.flows import login, signed_up_user


def test_a2_default_parameters_are_argon2id_and_meet_asvs() -> None:
    """A2 (ASVS 11.4.2 / RFC 9106): argon2id, at least 19 MiB, t>=2 by default."""
    params = Argon2Params()
    assert params.memory_cost_kib >= 19 * 1024 and params.time_cost >= 2
    hasher = PasswordHasher(params, workers=1)
    try:
        assert hasher._hasher.hash("x" * 8).startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    finally:
        hasher.close()


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("1234567", "at least 8"),
        ("password", "common"),
        ("asdfghjkl;", "rows of keys"),
        ("jane.example", "guess"),
        ("x" * 129, "at most 128"),
    ],
)
def test_a2_guessable_passwords_are_refused_with_a_reason(password: str, reason: str) -> None:
    """A2: each refusal says why, in words a person can act on."""
    with pytest.raises(WeakPassword) as refused:
        check_password_policy(password, "jane@example.com")
    assert reason in str(refused.value).lower()
    assert refused.value.field == "password"


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",
        "ünïcødé pässwörd 🙂 tea",
        "the quick brown fox jumps over thirteen lazy dogs by the river at dusk",
    ],
)
def test_a2_no_composition_rules(password: str) -> None:
    """A2: a long passphrase of lower-case words (or any characters) is fine."""
    check_password_policy(password, "jane@example.com")


async def test_a2_hash_is_upgraded_at_login_when_parameters_change(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """A2: after the cost parameters rise, the next successful password check re-hashes."""
    await signed_up_user(client, mailbox)
    old_hash = (await User.get(email="jane@example.com")).password_hash
    assert ",t=1," in old_hash
    stronger = PasswordHasher(Argon2Params(time_cost=2, memory_cost_kib=8192, parallelism=1))
    app.state.deps.passwords = stronger
    try:
        assert (await login(client))["__typename"] == "CodeRequired"
    finally:
        stronger.close()
    new_hash = (await User.get(email="jane@example.com")).password_hash
    assert ",t=2," in new_hash and new_hash != old_hash
