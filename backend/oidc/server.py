"""Authlib's AuthorizationServer and grants, wired to Latchkey's services.

Authlib's server classes are synchronous and our database is async. Each protocol call runs
in a worker thread (`run`), and the few lookups Authlib makes from there (`wait`) are run on
the event loop, which stays free for other requests meanwhile.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Coroutine
from typing import Any, ClassVar, TypeVar

import anyio.from_thread
import anyio.to_thread
from authlib.oauth2 import AuthorizationServer, OAuth2Request
from authlib.oauth2.rfc6749 import (
    AuthorizationCodeMixin,
    ClientMixin,
    InvalidRequestError,
    OAuth2Payload,
    TokenMixin,
    grants,
)
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from authlib.oidc.core.util import create_half_hash
from authlib.oidc.rpinitiated import EndSessionEndpoint, EndSessionRequest
from joserfc import jwt
from joserfc.jwk import RSAKey
from starlette.responses import JSONResponse, Response

from backend.deps import Deps
from backend.models import AuthorizationCode, OAuthClient, OAuthToken, Session, User
from backend.services import oauth_clients, oidc_grants, signing_keys
from backend.services.client_info import ClientInfo
from backend.services.tokens import new_token

T = TypeVar("T")
TOKEN_AUTH_METHODS: list[str] = ["client_secret_basic", "client_secret_post", "none"]


async def run(work: Callable[..., T], *args: Any) -> T:
    """Run Authlib's synchronous `work` off the event loop."""
    return await anyio.to_thread.run_sync(functools.partial(work, *args))


def wait(work: Callable[..., Coroutine[Any, Any, T]], *args: Any, **kwargs: Any) -> T:
    """From Authlib's thread: run an async service call on the event loop and wait for it."""

    async def call() -> T:
        return await work(*args, **kwargs)

    return anyio.from_thread.run(call)


def subject(user: User) -> str:
    """I1: the OIDC `sub` is the user's stable opaque ID, never the row number or email."""
    return str(user.public_id)


def user_claims(user: User, scope: str) -> UserInfo:
    """The claims a scope releases: `openid` the subject, `email` and `profile` more."""
    return UserInfo(
        sub=subject(user),
        email=user.email,
        email_verified=user.email_verified_at is not None,
        name=user.display_name or None,
    ).filter(scope)


class Payload(OAuth2Payload):  # type: ignore[misc]
    """Parameters of one request (query or form), the first of each name for `data`."""

    def __init__(self, items: list[tuple[str, str]]) -> None:
        self._datalist: defaultdict[str, list[str]] = defaultdict(list)
        for name, value in items:
            self._datalist[name].append(value)
        self._data = {name: values[0] for name, values in self._datalist.items()}

    @property
    def data(self) -> dict[str, str]:
        return self._data

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        return self._datalist


class LatchkeyRequest(OAuth2Request):  # type: ignore[misc]
    """An OAuth request as Authlib sees it, with who sent it and their session, if any."""

    def __init__(
        self,
        method: str,
        uri: str,
        headers: Any,
        params: list[tuple[str, str]],
        who: ClientInfo,
        session: Session | None = None,
    ) -> None:
        super().__init__(method, uri, headers=headers)
        self.payload = Payload(params)
        self.who = who
        self.session = session

    @property
    def args(self) -> dict[str, str]:
        data: dict[str, str] = self.payload.data
        return data

    @property
    def form(self) -> dict[str, str]:
        data: dict[str, str] = self.payload.data
        return data


class RelyingParty(ClientMixin):  # type: ignore[misc]
    """An OAuthClient row as Authlib's client."""

    def __init__(self, row: OAuthClient) -> None:
        self.row = row
        self.client_id = row.client_id
        self.client_metadata: dict[str, Any] = {
            "post_logout_redirect_uris": row.post_logout_redirect_uris
        }

    def get_client_id(self) -> str:
        return self.row.client_id

    def get_default_redirect_uri(self) -> str | None:
        uris: list[str] = self.row.redirect_uris
        return uris[0] if len(uris) == 1 else None

    def get_allowed_scope(self, scope: str | None) -> str:
        asked = (scope or "openid").split()
        return " ".join(s for s in dict.fromkeys(asked) if s in oidc_grants.SCOPES)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.row.redirect_uris  # exact comparison (I5)

    def check_client_secret(self, client_secret: str) -> bool:
        return oauth_clients.secret_matches(self.row, client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        if self.row.is_public:
            return method == "none"
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in ("authorization_code", "refresh_token")


class IssuedCode(AuthorizationCodeMixin):  # type: ignore[misc]
    """A redeemed AuthorizationCode row as Authlib's code."""

    def __init__(self, row: AuthorizationCode) -> None:
        self.row = row
        self.code_challenge = row.code_challenge
        self.code_challenge_method = row.code_challenge_method

    def get_redirect_uri(self) -> str:
        return self.row.redirect_uri

    def get_scope(self) -> str:
        return self.row.scope

    def get_nonce(self) -> str | None:
        return self.row.nonce

    def get_auth_time(self) -> int:
        return int(self.row.auth_time.timestamp())

    def get_amr(self) -> list[str]:
        return self.row.amr.split()

    def get_acr(self) -> str:
        return oidc_grants.acr_of(self.get_amr())


class RefreshCredential(TokenMixin):  # type: ignore[misc]
    """A claimed refresh token's row as Authlib's token."""

    def __init__(self, row: OAuthToken) -> None:
        self.row = row

    def check_client(self, client: RelyingParty) -> bool:
        return self.row.client_id == client.row.id

    def get_scope(self) -> str:
        return self.row.scope


class LatchkeyServer(AuthorizationServer):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__(scopes_supported=list(oidc_grants.SCOPES))
        self._deps: Deps | None = None
        self.register_token_generator(
            "default",
            BearerTokenGenerator(
                access_token_generator=lambda **_: new_token(),
                refresh_token_generator=lambda **_: new_token(),
                expires_generator=lambda client, grant_type: oidc_grants.ACCESS_TOKEN_SECONDS,
            ),
        )
        self.register_grant(CodeGrant, [S256Only(required=True), LatchkeyOpenIDCode(self)])
        self.register_grant(RotatingRefreshGrant)
        self.register_endpoint(LatchkeyEndSession)

    @property
    def deps(self) -> Deps:
        assert self._deps is not None, "the app's lifespan sets the dependencies"
        return self._deps

    @deps.setter
    def deps(self, deps: Deps) -> None:
        self._deps = deps

    @property
    def issuer(self) -> str:
        return self.deps.settings.base_url.rstrip("/")

    def query_client(self, client_id: str) -> RelyingParty | None:
        row = wait(oauth_clients.find, client_id)
        return RelyingParty(row) if row else None

    def save_token(self, token: dict[str, Any], request: LatchkeyRequest) -> None:
        """Both grants land here; the chain and the sign-in facts come from what was redeemed."""
        source: AuthorizationCode | OAuthToken
        if request.refresh_token is not None:
            source = request.refresh_token.row
            chain = request.refresh_token.row.chain
        else:
            source = request.authorization_code.row
            chain = request.authorization_code.row.code_hash  # a reused code revokes the chain
        wait(
            oidc_grants.save_tokens,
            self.deps,
            access_token=token["access_token"],
            refresh_token=token.get("refresh_token"),
            client=request.client.row,
            user_id=request.user.id,
            scope=token.get("scope") or source.scope,
            chain=chain,
            auth_time=source.auth_time,
            amr=source.amr,
            who=request.who,
        )

    def create_oauth2_request(self, request: LatchkeyRequest) -> LatchkeyRequest:
        return request

    def handle_response(self, status: int, body: Any, headers: list[tuple[str, str]]) -> Response:
        if isinstance(body, dict):
            return JSONResponse(body, status_code=status, headers=dict(headers))
        return Response(body, status_code=status, headers=dict(headers))

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        """Authlib's signals (client authenticated, token revoked): nothing listens."""


def _live_user(user: User) -> User | None:
    return user if user.is_active else None


class CodeGrant(grants.AuthorizationCodeGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = TOKEN_AUTH_METHODS
    server: LatchkeyServer

    def save_authorization_code(self, code: str, request: LatchkeyRequest) -> None:
        assert request.session is not None
        wait(
            oidc_grants.save_code,
            self.server.deps,
            code,
            oidc_grants.CodeRequest(
                client=request.client.row,
                redirect_uri=request.payload.redirect_uri,
                scope=request.scope,
                nonce=request.payload.data.get("nonce"),
                code_challenge=request.payload.data.get("code_challenge"),
                code_challenge_method=request.payload.data.get("code_challenge_method"),
            ),
            request.session,
        )

    def query_authorization_code(self, code: str, client: RelyingParty) -> IssuedCode | None:
        row = wait(oidc_grants.redeem_code, self.server.deps, code, client.row)
        return IssuedCode(row) if row else None

    def delete_authorization_code(self, authorization_code: IssuedCode) -> None:
        """Nothing left to do: redeeming the code already spent it."""

    def authenticate_user(self, authorization_code: IssuedCode) -> User | None:
        return _live_user(authorization_code.row.user)


class RotatingRefreshGrant(grants.RefreshTokenGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = TOKEN_AUTH_METHODS
    INCLUDE_NEW_REFRESH_TOKEN = True  # rotation: every refresh returns the next token
    server: LatchkeyServer

    def authenticate_refresh_token(self, refresh_token: str) -> RefreshCredential | None:
        client: RelyingParty = self.request.client
        row = wait(oidc_grants.claim_refresh_token, self.server.deps, refresh_token, client.row)
        return RefreshCredential(row) if row else None

    def authenticate_user(self, refresh_token: RefreshCredential) -> User | None:
        return _live_user(refresh_token.row.user)

    def revoke_old_credential(self, refresh_token: RefreshCredential) -> None:
        """Nothing left to do: claiming the refresh token already rotated it."""


class S256Only(CodeChallenge):  # type: ignore[misc]
    """PKCE with S256 only (never `plain`); public clients must use it."""

    SUPPORTED_CODE_CHALLENGE_METHOD: ClassVar[list[str]] = ["S256"]
    DEFAULT_CODE_CHALLENGE_METHOD = "S256"

    def validate_code_challenge(self, grant: CodeGrant, redirect_uri: str) -> None:
        super().validate_code_challenge(grant, redirect_uri)
        data = grant.request.payload.data
        if data.get("code_challenge") and data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("Use code_challenge_method=S256.")
        if grant.request.client.row.is_public and not data.get("code_challenge"):
            raise InvalidRequestError("A public client must use PKCE (S256).")


class LatchkeyOpenIDCode(OpenIDCode):  # type: ignore[misc]
    """ID tokens signed with the current key, with Latchkey's `sub`, `amr` and `acr`."""

    DEFAULT_EXPIRES_IN = signing_keys.ID_TOKEN_SECONDS

    def __init__(self, server: LatchkeyServer) -> None:
        super().__init__(require_nonce=False)
        self.server = server
        # Importing an RSA private key checks it (about 0.1 s): once per key per process.
        # The key ID is the key's thumbprint, so one ID always means one key.
        self._imported: dict[str, RSAKey] = {}

    def exists_nonce(self, nonce: str, request: LatchkeyRequest) -> bool:
        return wait(oidc_grants.nonce_used, request.payload.client_id, nonce)

    def get_client_claims(self, client: RelyingParty) -> dict[str, Any]:
        return {"iss": self.server.issuer, "aud": client.client_id}  # one audience: a string

    def generate_user_info(self, user: User, scope: str) -> UserInfo:
        return user_claims(user, scope)

    def encode_id_token(self, token: dict[str, Any], request: LatchkeyRequest) -> str:
        """Authlib's claims, signed with the active key and naming it (`kid`) for the JWKS."""
        key = wait(signing_keys.active, self.server.deps)
        claims = self.get_compatible_claims(request)
        claims.update(self.get_authorization_code_claims(request.authorization_code))
        at_hash = create_half_hash(token["access_token"], signing_keys.ALGORITHM)
        claims["at_hash"] = at_hash.decode()
        claims.update(self.generate_user_info(request.user, token["scope"]))
        header = {"alg": signing_keys.ALGORITHM, "kid": key.kid}
        private = self._imported.get(key.kid)
        if private is None:
            private = self._imported[key.kid] = RSAKey.import_key(key.private_jwk)
        return jwt.encode(header, claims, private, [signing_keys.ALGORITHM])


class LatchkeyEndSession(EndSessionEndpoint):  # type: ignore[misc]
    """RP-initiated logout: Authlib checks the ID token hint against our JWKS and allows
    only a registered post-logout URI; backend/web/oidc.py ends the Latchkey session."""

    server: LatchkeyServer

    def get_server_jwks(self) -> dict[str, Any]:
        return wait(signing_keys.published, self.server.deps)

    def is_post_logout_redirect_uri_legitimate(
        self, request: LatchkeyRequest, uri: str, client: RelyingParty, hint: str | None
    ) -> bool:
        """Without an ID token hint, the client named by client_id vouches for its own
        registered URI (compared exactly already): never an open redirect."""
        return True

    def end_session(self, end_session_request: EndSessionRequest) -> None:
        """The web layer ends the session (it owns the cookie) before asking for the answer."""
