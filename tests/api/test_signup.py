"""Sign-up through GraphQL (A1, A2, A3, G1)."""

from __future__ import annotations

import httpx

from backend.mail.dev_sink import DevMailbox
from backend.models import User
from tests.api.flows import ME, sign_up, signed_up_user, verify
from tests.conftest import code_from, gql


async def test_a1_signup_sends_a_code_and_turns_the_email_factor_on(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """A1, L3, L4: sign-up sends the first code at once; the email factor is on."""
    started = await sign_up(client, email="Jane@Example.com")
    assert started["__typename"] == "CodeRequired"
    assert started["method"] == "EMAIL"
    assert started["destination"] == "j•••@e•••.com"
    mail = mailbox.latest_to("jane@example.com")
    assert mail is not None
    assert mail.subject == "Your authentication code"
    assert mail.sender == "notifications@latchkey.example"
    done = await verify(client, started["loginToken"], code_from(mailbox, "jane@example.com"))
    assert done["__typename"] == "LoginSuccess"
    assert done["me"] == {"email": "jane@example.com", "factors": {"email": True, "app": False}}


async def test_a2_a3_password_and_answer_are_stored_only_as_argon2id_hashes(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """A2, A3: neither the password nor the answer is stored in clear."""
    await sign_up(client, answer="  My First   PET ")
    user = await User.get(email="jane@example.com")
    assert user.password_hash.startswith("$argon2id$")
    assert user.security_answer_hash.startswith("$argon2id$")
    assert "correct horse" not in user.password_hash
    assert "pet" not in user.security_answer_hash.lower()


async def test_a3_answer_is_compared_without_case_or_spacing(
    client: httpx.AsyncClient, app: object
) -> None:
    """A3: the stored answer matches the same words typed in another case and spacing."""
    await sign_up(client, answer="  Fido   The DOG ")
    user = await User.get(email="jane@example.com")
    passwords = app.state.deps.passwords  # type: ignore[attr-defined]
    from backend.services.identity import normalize_answer

    assert await passwords.verify(user.security_answer_hash, normalize_answer("fido the dog"))
    assert not await passwords.verify(user.security_answer_hash, normalize_answer("fido"))


async def test_a2_weak_or_common_passwords_are_refused_with_a_reason(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """A2: common and short passwords are refused with a reason; nothing is written."""
    for weak, reason in (("password1", "common"), ("short", "at least 8")):
        result = await sign_up(client, password=weak)
        assert result["__typename"] == "InvalidInput"
        assert result["field"] == "password"
        assert reason in result["message"].lower()
    assert await User.all().count() == 0
    assert mailbox.messages() == []


async def test_a2_long_passwords_with_any_characters_are_accepted(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """A2: up to at least 64 characters, any characters, no composition rules."""
    password = "ünïcødé pässwörd 🙂 " * 3 + "x" * 40
    assert 64 <= len(password) <= 128
    started = await sign_up(client, password=password)
    assert started["__typename"] == "CodeRequired"


async def test_a1_bad_fields_get_clear_errors_and_write_nothing(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """A1: malformed email, empty question or answer: typed error on the field."""
    cases = [
        ({"email": "not-an-email"}, "email"),
        ({"email": "a" * 300 + "@example.com"}, "email"),
        ({"question": "   "}, "security_question"),
        ({"answer": ""}, "security_answer"),
        ({"password": ""}, "password"),
        ({"password": "x" * 5000}, "password"),
    ]
    for fields, expected_field in cases:
        result = await sign_up(client, **fields)
        assert result["__typename"] == "InvalidInput", (fields, result)
        assert result["field"] == expected_field
        assert result["message"]
    assert await User.all().count() == 0
    assert mailbox.messages() == []


async def test_a1_existing_email_gets_the_same_answer_and_its_owner_is_told(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """A1 (no enumeration): a second sign-up looks the same; only the owner learns of it."""
    await signed_up_user(client, mailbox)
    first_hash = (await User.get(email="jane@example.com")).password_hash
    again = await sign_up(client, password="another fine passphrase here")
    assert again["__typename"] == "CodeRequired"
    assert again["destination"] == "j•••@e•••.com"
    notice = mailbox.latest_to("jane@example.com")
    assert notice is not None and "already have one" in notice.body
    # The decoy attempt can never sign anyone in, and the password is unchanged.
    wrong = await verify(client, again["loginToken"], "123456")
    assert wrong["__typename"] == "InvalidCode"
    assert (await User.get(email="jane@example.com")).password_hash == first_hash


async def test_g1_wrong_variable_types_and_missing_fields_are_refused_cleanly(
    client: httpx.AsyncClient,
) -> None:
    """G1: wrong types and missing arguments give GraphQL errors, never a 500; nothing written."""
    bad_type = await client.post(
        "/graphql",
        json={
            "query": 'mutation($e: String!) { login(email: $e, password: "x") { __typename } }',
            "variables": {"e": 12345},
        },
    )
    assert bad_type.status_code == 200
    assert "errors" in bad_type.json()
    missing = await client.post(
        "/graphql", json={"query": 'mutation { login(email: "a@b.com") { __typename } }'}
    )
    assert missing.status_code == 200
    assert "password" in missing.json()["errors"][0]["message"]
    assert await User.all().count() == 0


async def test_g1_a_ten_megabyte_password_is_refused_before_parsing(
    client: httpx.AsyncClient,
) -> None:
    """G1/A2: a 10 MB body is refused with a readable error and writes nothing."""
    response = await client.post(
        "/graphql",
        json={
            "query": 'mutation($p: String!) { login(email: "a@b.com", password: $p) '
            "{ __typename } }",
            "variables": {"p": "x" * 10_000_000},
        },
    )
    assert response.status_code == 413
    assert "too large" in response.json()["errors"][0]["message"].lower()
    assert await User.all().count() == 0


async def test_m1_me_is_null_when_signed_out(client: httpx.AsyncClient) -> None:
    """M1/SE1: without a session, `me` is null (not an error)."""
    assert (await gql(client, ME))["me"] is None


async def test_a1_control_characters_are_refused_not_stored(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """A1: NUL and other control characters in the question or answer are an input error
    (PostgreSQL cannot store NUL; found by the schemathesis pass)."""
    for fields, expected in (
        ({"question": "Pet\x00name?"}, "security_question"),
        ({"answer": "Fi\x00do"}, "security_answer"),
        ({"email": "ja\x00ne@example.com"}, "email"),
    ):
        result = await sign_up(client, **fields)
        assert result["__typename"] == "InvalidInput" and result["field"] == expected
    assert await User.all().count() == 0
