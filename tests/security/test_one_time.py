"""One-time means once (ASVS 6.5.1/6.6.x): concurrent use of one valid code, exactly one wins."""

from __future__ import annotations

import asyncio

import httpx
from starlette.applications import Starlette

from backend.mail.dev_sink import DevMailbox
from backend.models import Session
from tests.api.flows import login, signed_up_user, verify
from tests.conftest import code_from


async def test_l4_twenty_concurrent_uses_of_one_email_code_sign_in_once(
    client: httpx.AsyncClient, mailbox: DevMailbox, app: Starlette
) -> None:
    """L4 (ASVS 6.6.3): 20 simultaneous requests with the same emailed code: one session."""
    await signed_up_user(client, mailbox)
    sessions_before = await Session.all().count()
    started = await login(client)
    code = code_from(mailbox, "jane@example.com")
    results = await asyncio.gather(
        *(verify(client, started["loginToken"], code) for _ in range(20))
    )
    kinds = [r["__typename"] for r in results]
    assert kinds.count("LoginSuccess") == 1, kinds
    assert await Session.all().count() == sessions_before + 1
