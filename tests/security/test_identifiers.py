"""IDs are ASCII digits or nothing (G1, SE1, SE3): "²" is an ID Python's int() would not take.

Unicode digits such as superscripts pass `str.isdigit()` yet make `int()` raise: each one
must get the operation's own typed "not found", never Python's error text or a 500 page.
"""

from __future__ import annotations

import httpx

from backend.mail.dev_sink import DevMailbox
from tests.api.flows import signed_up_user
from tests.conftest import gql
from tests.pages.helpers import post_form

# Superscript two, full-width one, Arabic-Indic three, mathematical double-struck one.
ODD_IDS = ("²", "\uff11", "٣", "1²", "\U0001d7d9")

BY_ID = {
    "revokeSession": 'revokeSession(id: "{id}")',
    "forgetRememberedDevice": 'forgetRememberedDevice(id: "{id}")',
    "removePasskey": 'removePasskey(id: "{id}", password: "correct horse battery staple")',
    "removeTeamMember": 'removeTeamMember(memberId: "{id}")',
    "resendInvitation": 'resendInvitation(memberId: "{id}")',
}


async def test_g1_unicode_digit_ids_get_a_typed_not_found(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """G1: every operation taking an ID answers NotFound with a readable message."""
    session = await signed_up_user(client, mailbox)
    for odd in ODD_IDS:
        for name, call in BY_ID.items():
            document = (
                "mutation { "
                + call.format(id=odd)
                + " { __typename ... on UserError { message } } }"
            )
            answer = (await gql(client, document, bearer=session))[name]
            assert answer["__typename"] == "NotFound", (name, odd, answer)
            assert "int()" not in answer["message"]


async def test_se3_activity_log_refuses_a_unicode_digit_cursor_clearly(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """SE3: an odd cursor is a readable error for API clients and a 404 page for browsers."""
    session = await signed_up_user(client, mailbox)
    query = '{ me { activity(after: "²") { nextCursor } } }'
    response = await client.post(
        "/graphql", json={"query": query}, headers={"Authorization": f"Bearer {session}"}
    )
    errors = response.json()["errors"]
    assert "not a cursor" in errors[0]["message"] and "int()" not in errors[0]["message"]
    page = await client.get("/profile/activity", params={"after": "²"})
    assert page.status_code == 404 and "Older entries" not in page.text


async def test_se1_profile_forms_with_unicode_digit_ids_never_answer_500(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """SE1: ending a session or forgetting a device with "²" leaves everything as it was."""
    await signed_up_user(client, mailbox)
    for path in ("/profile/sessions/²/end", "/profile/devices/²/forget"):
        response = await post_form(client, path, {})
        assert response.status_code == 303, (path, response.status_code)
    still_in = await client.get("/profile")
    assert still_in.status_code == 200 and "jane@example.com" in still_in.text
