"""I5: the account owner registers, removes and re-keys their OpenID Connect applications."""

from __future__ import annotations

from typing import Annotated

import strawberry

from backend.errors import Forbidden as ForbiddenError
from backend.i18n import N_
from backend.models import Role, Session
from backend.schema.applications import Application, ApplicationSecret
from backend.schema.context import Context
from backend.schema.errors import Forbidden, InvalidInput, NotAuthenticated, NotFound
from backend.services import oauth_clients

Info = strawberry.Info[Context, None]

ApplicationSecretResult = Annotated[
    ApplicationSecret | InvalidInput | NotFound | Forbidden | NotAuthenticated,
    strawberry.union("ApplicationSecretResult"),
]


async def _owner(info: Info) -> Session:
    session = await info.context.signed_in()
    if Role(session.user.role) != Role.OWNER or session.user.account_owner_id is not None:
        raise ForbiddenError(N_("Only the account owner can manage applications."))
    return session


async def register_application(
    info: Info,
    name: str,
    redirect_uris: list[str],
    post_logout_uris: list[str] | None = None,
    public: bool = False,
    first_party: bool = False,
) -> ApplicationSecretResult:
    """Register an application; its secret (confidential ones) is in the answer, once."""
    session = await _owner(info)
    made = await oauth_clients.add(
        info.context.deps,
        name,
        redirect_uris,
        post_logout_uris=post_logout_uris or [],
        public=public,
        first_party=first_party,
        owner_id=session.user_id,
    )
    return ApplicationSecret(application=Application.of(made.client), client_secret=made.secret)


async def rotate_application_secret(
    info: Info, client_id: strawberry.ID
) -> ApplicationSecretResult:
    """A new secret replaces the old one at once."""
    session = await _owner(info)
    secret = await oauth_clients.rotate_secret(str(client_id), owner_id=session.user_id)
    client = await oauth_clients.find(str(client_id))
    assert client is not None
    return ApplicationSecret(application=Application.of(client), client_secret=secret)


async def remove_application(info: Info, client_id: strawberry.ID) -> ApplicationSecretResult:
    """The application and every token and consent it had are deleted."""
    session = await _owner(info)
    client = await oauth_clients.find(str(client_id))
    await oauth_clients.remove(str(client_id), owner_id=session.user_id)
    assert client is not None
    return ApplicationSecret(application=Application.of(client), client_secret=None)
