"""GraphQL types of the account owner's OpenID Connect applications (I5)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from backend.models import OAuthClient


@strawberry.type(description="I5: an application that signs people in through Latchkey.")
class Application:
    client_id: strawberry.ID
    name: str
    redirect_uris: list[str] = strawberry.field(description="Compared exactly at /authorize.")
    post_logout_uris: list[str]
    public: bool = strawberry.field(description="No secret; must use PKCE (S256).")
    first_party: bool = strawberry.field(description="Signs people in without a consent screen.")
    created_at: datetime

    @classmethod
    def of(cls, row: OAuthClient) -> Application:
        return cls(
            client_id=strawberry.ID(row.client_id),
            name=row.name,
            redirect_uris=list(row.redirect_uris),
            post_logout_uris=list(row.post_logout_redirect_uris),
            public=row.is_public,
            first_party=row.first_party,
            created_at=row.created_at,
        )


@strawberry.type(description="I5: the secret is shown here once; only its hash is kept.")
class ApplicationSecret:
    application: Application
    client_secret: str | None = strawberry.field(description="null for public applications.")
