"""I5: the applications (OIDC relying parties) allowed to sign people in through Latchkey.

A client's secret is random (256 bits), shown once when made or rotated, and stored only as
a SHA-256 hash. Redirect URIs are absolute URLs without fragments, compared exactly at
/authorize: no prefix or wildcard matching, which is how open redirects creep in.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from backend.deps import Deps
from backend.errors import InvalidInput, NotFound
from backend.i18n import N_
from backend.models import OAuthClient
from backend.services.tokens import hash_token, new_token, same_hash

MAX_URIS = 10
LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")


@dataclass(frozen=True)
class NewClient:
    client: OAuthClient
    secret: str | None  # shown once; None for public clients


def _checked_uri(uri: str, field: str) -> str:
    """An absolute https URL (http only on loopback, for development and native apps)."""
    uri = uri.strip()
    try:
        parts = urlsplit(uri)
    except ValueError:
        raise InvalidInput(N_("%(uri)s is not a URL.", uri=repr(uri)), field=field) from None
    if len(uri) > 2000 or not parts.hostname or parts.fragment or "#" in uri:
        raise InvalidInput(
            N_("%(uri)s must be an absolute URL without a fragment.", uri=repr(uri)), field=field
        )
    secure = parts.scheme == "https" or (
        parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS
    )
    if not secure:
        raise InvalidInput(
            N_("%(uri)s must use https (http only on 127.0.0.1).", uri=repr(uri)), field=field
        )
    return uri


def _checked_uris(uris: list[str], field: str, *, required: bool) -> list[str]:
    checked = list(dict.fromkeys(_checked_uri(u, field) for u in uris if u.strip()))
    if required and not checked:
        raise InvalidInput(N_("Give at least one redirect URI."), field=field)
    if len(checked) > MAX_URIS:
        raise InvalidInput(N_("At most %(count)s URIs.", count=MAX_URIS), field=field)
    return checked


async def add(
    deps: Deps,
    name: str,
    redirect_uris: list[str],
    *,
    post_logout_uris: list[str] | None = None,
    public: bool = False,
    first_party: bool = False,
    owner_id: int | None = None,
) -> NewClient:
    name = name.strip()
    if not 1 <= len(name) <= 100:
        raise InvalidInput(
            N_("Give the application a name (at most 100 characters)."), field="name"
        )
    secret = None if public else new_token()
    client = await OAuthClient.create(
        # Hex, so an ID never starts with '-' (a command line would read it as an option).
        client_id=secrets.token_hex(16),
        name=name,
        secret_hash=hash_token(secret) if secret else None,
        redirect_uris=_checked_uris(redirect_uris, "redirect_uris", required=True),
        post_logout_redirect_uris=_checked_uris(
            post_logout_uris or [], "post_logout_uris", required=False
        ),
        is_public=public,
        first_party=first_party,
        owner_id=owner_id,
        created_at=deps.clock.now(),
    )
    return NewClient(client=client, secret=secret)


async def find(client_id: str) -> OAuthClient | None:
    if not client_id or len(client_id) > 64:
        return None
    return await OAuthClient.get_or_none(client_id=client_id)


async def listed(owner_id: int | None = None) -> list[OAuthClient]:
    query = OAuthClient.all() if owner_id is None else OAuthClient.filter(owner_id=owner_id)
    return await query.order_by("id")


async def _owned(client_id: str, owner_id: int | None) -> OAuthClient:
    client = await find(client_id)
    if client is None or (owner_id is not None and client.owner_id != owner_id):
        raise NotFound(N_("There is no such application."))
    return client


async def remove(client_id: str, *, owner_id: int | None = None) -> None:
    """The client's codes, tokens and consents go with it (ON DELETE CASCADE)."""
    client = await _owned(client_id, owner_id)
    await client.delete()


async def rotate_secret(client_id: str, *, owner_id: int | None = None) -> str:
    """A new secret replaces the old one at once; the old one stops working."""
    client = await _owned(client_id, owner_id)
    if client.is_public:
        raise InvalidInput(N_("A public client has no secret."), field="client_id")
    secret = new_token()
    await OAuthClient.filter(id=client.id).update(secret_hash=hash_token(secret))
    return secret


def secret_matches(client: OAuthClient, secret: str) -> bool:
    if client.is_public or not client.secret_hash or not secret or len(secret) > 200:
        return False
    return same_hash(client.secret_hash, hash_token(secret))
