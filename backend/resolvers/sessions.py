"""Ending sessions and forgetting remembered devices from the profile (SE1, L6)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from backend.errors import NotFound as NotFoundError
from backend.resolvers.ids import number
from backend.schema.context import Context
from backend.schema.errors import NotAuthenticated, NotFound
from backend.schema.types import Me, SessionsChanged
from backend.services import sessions, trusted_devices

Info = strawberry.Info[Context, None]

SessionsChangedResult = Annotated[
    SessionsChanged | NotFound | NotAuthenticated, strawberry.union("SessionsChangedResult")
]


async def revoke_session(info: Info, id: strawberry.ID) -> SessionsChangedResult:
    """End one of your sessions (it stops working on its next request)."""
    session = await info.context.signed_in()
    if not await sessions.revoke(info.context.deps, session, number(id), info.context.client):
        raise NotFoundError()
    return SessionsChanged(me=Me.of(session.user))


async def sign_out_everywhere_else(info: Info) -> SessionsChangedResult:
    """End every session but this one."""
    session = await info.context.signed_in()
    await sessions.end_others(info.context.deps, session, info.context.client)
    return SessionsChanged(me=Me.of(session.user))


async def forget_remembered_device(info: Info, id: strawberry.ID) -> SessionsChangedResult:
    """That device will be asked for a code again at its next login."""
    session = await info.context.signed_in()
    deps, client = info.context.deps, info.context.client
    if not await trusted_devices.revoke(deps, session.user_id, number(id), client):
        raise NotFoundError()
    return SessionsChanged(me=Me.of(session.user))
