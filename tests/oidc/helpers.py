"""Steps the OpenID Connect tests share: register a client, sign a person in, run the flow."""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
from joserfc import jwt
from joserfc.jwk import KeySet

from backend.mail.dev_sink import DevMailbox
from backend.services import oauth_clients
from backend.services.oauth_clients import NewClient
from tests.api.flows import signed_up_user

REDIRECT = "https://app.example.com/callback"


async def register(
    app: Any, *, public: bool = False, first_party: bool = True, name: str = "Example App"
) -> NewClient:
    return await oauth_clients.add(
        app.state.deps,
        name,
        [REDIRECT],
        post_logout_uris=["https://app.example.com/bye"],
        public=public,
        first_party=first_party,
    )


async def signed_in(http: httpx.AsyncClient, mailbox: DevMailbox, email: str) -> None:
    """Sign up and prove the address: the browser holds a fully signed-in session."""
    http.cookies.set("latchkey_session", await signed_up_user(http, mailbox, email))


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def authorize_url(client_id: str, **extra: str) -> str:
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": REDIRECT,
        "scope": "openid email",
        "state": "st-123",
        "nonce": secrets.token_urlsafe(8),  # a nonce seen before is refused as a replay
        **extra,
    }
    return f"/authorize?{urlencode(params)}"


def query_of(location: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


async def code_for(http: httpx.AsyncClient, client_id: str, **extra: str) -> str:
    """Ask /authorize for a code as the signed-in browser (consent already settled)."""
    response = await http.get(authorize_url(client_id, **extra))
    assert response.status_code == 302, response.text
    assert response.headers["location"].startswith(REDIRECT + "?")
    query = query_of(response.headers["location"])
    assert query["state"] == "st-123"
    return query["code"]


async def redeem(
    http: httpx.AsyncClient, made: NewClient, code: str, **extra: str
) -> httpx.Response:
    """POST /token with client_secret_basic (or as a public client when there is no secret)."""
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, **extra}
    if made.secret is None:
        form["client_id"] = made.client.client_id
        return await http.post("/token", data=form)
    return await http.post("/token", data=form, auth=(made.client.client_id, made.secret))


async def verified_claims(http: httpx.AsyncClient, id_token: str) -> dict[str, Any]:
    """The ID token's claims, after checking its signature against the published JWKS."""
    keys = KeySet.import_key_set((await http.get("/.well-known/jwks.json")).json())
    token = jwt.decode(id_token, keys, algorithms=["RS256"])
    claims: dict[str, Any] = token.claims
    return claims
