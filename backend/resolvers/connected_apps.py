"""I4: taking back an application's access from the profile ("Connected apps")."""

from __future__ import annotations

from typing import Annotated

import strawberry

from backend.errors import NotFound as NotFoundError
from backend.i18n import N_
from backend.schema.context import Context
from backend.schema.errors import NotAuthenticated, NotFound
from backend.schema.types import AppDisconnected, Me
from backend.services import oidc_grants

Info = strawberry.Info[Context, None]

DisconnectAppResult = Annotated[
    AppDisconnected | NotFound | NotAuthenticated, strawberry.union("DisconnectAppResult")
]


async def disconnect_app(info: Info, client_id: strawberry.ID) -> DisconnectAppResult:
    """The application loses its tokens and must ask you again."""
    session = await info.context.signed_in()
    if not await oidc_grants.disconnect(session.user_id, str(client_id)):
        raise NotFoundError(N_("You have not connected that application."))
    return AppDisconnected(me=Me.of(session.user))
