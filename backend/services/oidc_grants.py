"""I4: what a relying party may hold: authorization codes, access and refresh tokens, consents.

Every secret is stored as a SHA-256 hash (R5). Single use is enforced by the database, not by
a read-then-write: a code or a refresh token is claimed with a conditional UPDATE, so of any
number of concurrent redemptions exactly one changes the row. Presenting a spent code or a
rotated refresh token again revokes every token of that chain (RFC 9700 4.13, 4.14); a refresh
token only after REFRESH_REUSE_GRACE.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from backend.deps import Deps
from backend.models import (
    AuthorizationCode,
    Consent,
    EventKind,
    OAuthClient,
    OAuthToken,
    Session,
)
from backend.services import activity
from backend.services.activity_details import named
from backend.services.client_info import ClientInfo
from backend.services.tokens import hash_token
from backend.transaction import transaction

logger = logging.getLogger("latchkey.oidc")

CODE_SECONDS = 60
ACCESS_TOKEN_SECONDS = 3600
REFRESH_TOKEN_DAYS = 30
# A refresh token presented again this soon after it rotated is one client racing itself
# (two tabs, a retry after a timeout): refused, but its chain stays. Later it is a stolen copy
# and revokes the chain (like Okta's rotation grace period and Auth0's reuse interval).
REFRESH_REUSE_GRACE = timedelta(seconds=10)
SCOPES = ("openid", "email", "profile", "offline_access")
# acr: the second factor was proved at this sign-in, or a remembered device stood in for it.
ACR_MFA = "urn:latchkey:acr:mfa"
ACR_REMEMBERED_DEVICE = "urn:latchkey:acr:remembered-device"


@dataclass(frozen=True)
class CodeRequest:
    """What /authorize decided, to be bound to the code it issues."""

    client: OAuthClient
    redirect_uri: str
    scope: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None


def acr_of(amr: list[str]) -> str:
    return ACR_MFA if "mfa" in amr else ACR_REMEMBERED_DEVICE


async def save_code(
    deps: Deps, code: str, request: CodeRequest, session: Session
) -> AuthorizationCode:
    now = deps.clock.now()
    return await AuthorizationCode.create(
        code_hash=hash_token(code),
        client=request.client,
        user_id=session.user_id,
        redirect_uri=request.redirect_uri,
        scope=request.scope,
        nonce=request.nonce,
        code_challenge=request.code_challenge,
        code_challenge_method=request.code_challenge_method,
        auth_time=session.created_at,
        amr=session.amr,
        created_at=now,
        expires_at=now + timedelta(seconds=CODE_SECONDS),
    )


async def nonce_used(client_id: str, nonce: str) -> bool:
    """A nonce already bound to a code of this client is a replayed request."""
    return await AuthorizationCode.filter(client__client_id=client_id, nonce=nonce).exists()


async def redeem_code(deps: Deps, code: str, client: OAuthClient) -> AuthorizationCode | None:
    """Claim a live code for this client, once; a second redemption revokes its tokens."""
    now = deps.clock.now()
    code_hash = hash_token(code)
    claimed = await AuthorizationCode.filter(
        code_hash=code_hash, client_id=client.id, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if claimed != 1:
        await revoke_chain(code_hash)  # tokens from a code are chained by its hash
        return None
    return await AuthorizationCode.get(code_hash=code_hash).select_related("user")


async def save_tokens(
    deps: Deps,
    *,
    access_token: str,
    refresh_token: str | None,
    client: OAuthClient,
    user_id: int,
    scope: str,
    chain: str,
    auth_time: datetime,
    amr: str,
    who: ClientInfo,
) -> OAuthToken:
    now = deps.clock.now()
    async with transaction():
        token = await OAuthToken.create(
            chain=chain,
            client=client,
            user_id=user_id,
            access_token_hash=hash_token(access_token),
            refresh_token_hash=hash_token(refresh_token) if refresh_token else None,
            scope=scope,
            auth_time=auth_time,
            amr=amr,
            issued_at=now,
            access_expires_at=now + timedelta(seconds=ACCESS_TOKEN_SECONDS),
            refresh_expires_at=now + timedelta(days=REFRESH_TOKEN_DAYS) if refresh_token else None,
        )
        await activity.record(deps, user_id, EventKind.APP_TOKENS_ISSUED, who, named(client.name))
    return token


async def claim_refresh_token(
    deps: Deps, refresh_token: str, client: OAuthClient
) -> OAuthToken | None:
    """Rotate: the refresh token works once. Presented again after REFRESH_REUSE_GRACE, its
    whole chain is revoked."""
    if not refresh_token or len(refresh_token) > 200:
        return None
    now = deps.clock.now()
    token_hash = hash_token(refresh_token)
    claimed = await OAuthToken.filter(
        refresh_token_hash=token_hash,
        client_id=client.id,
        rotated_at__isnull=True,
        revoked_at__isnull=True,
        refresh_expires_at__gt=now,
    ).update(rotated_at=now)
    row = await OAuthToken.get_or_none(refresh_token_hash=token_hash).select_related("user")
    if row is None:
        return None
    if claimed != 1:
        if row.rotated_at is not None and row.client_id == client.id:
            await _presented_again(row, client, now)
        return None
    if await _chain_revoked(row.chain):
        return None
    # The access token issued with it goes too: the client is about to get a new one.
    await OAuthToken.filter(id=row.id).update(access_expires_at=now)
    return row


async def _presented_again(row: OAuthToken, client: OAuthClient, now: datetime) -> None:
    """A rotated refresh token came back: within the grace the client raced itself, later it
    is a copy in someone else's hands. Both are logged for operators (client, user)."""
    assert row.rotated_at is not None
    if row.rotated_at + REFRESH_REUSE_GRACE >= now:
        logger.info(
            "refresh token presented again within the grace: refused",
            extra={"client_id": client.client_id, "user_id": row.user_id},
        )
        return
    revoked = await revoke_chain(row.chain)
    logger.warning(
        "rotated refresh token reused: its chain is revoked",
        extra={"client_id": client.client_id, "user_id": row.user_id, "revoked": revoked},
    )


async def revoke_chain(chain: str) -> int:
    """Every token of one chain stops working (a token added to it later is dead too:
    see `_chain_revoked`). The time is the wall clock's, kept for operators only."""
    revoked: int = await OAuthToken.filter(chain=chain, revoked_at__isnull=True).update(
        revoked_at=datetime.now(UTC)
    )
    return revoked


async def revoke_for_user(user_id: int) -> int:
    """Sessions ended everywhere, a password reset, "This wasn't me": apps lose their tokens
    (backend/services/access.py calls this with the sessions and devices)."""
    revoked: int = await OAuthToken.filter(user_id=user_id, revoked_at__isnull=True).update(
        revoked_at=datetime.now(UTC)
    )
    return revoked


async def _chain_revoked(chain: str) -> bool:
    """A reused token revokes its chain; a refresh that won a race with the reuse may add
    its row after that, and must not outlive the revocation."""
    return await OAuthToken.filter(chain=chain, revoked_at__isnull=False).exists()


async def token_for_access(deps: Deps, access_token: str) -> OAuthToken | None:
    """The live token behind a Bearer access token (for /userinfo)."""
    if not access_token or len(access_token) > 200:
        return None
    token = (
        await OAuthToken.filter(
            access_token_hash=hash_token(access_token),
            revoked_at__isnull=True,
            access_expires_at__gt=deps.clock.now(),
        )
        .select_related("user", "client")
        .first()
    )
    if token is None or not token.user.is_active or await _chain_revoked(token.chain):
        return None
    return token


async def has_consent(user_id: int, client: OAuthClient, scope: str) -> bool:
    """First-party clients need none; others need a consent covering every scope asked."""
    if client.first_party:
        return True
    consent = await Consent.get_or_none(user_id=user_id, client_id=client.id)
    return consent is not None and set(scope.split()) <= set(consent.scope.split())


async def give_consent(
    deps: Deps, user_id: int, client: OAuthClient, scope: str, who: ClientInfo
) -> None:
    async with transaction():
        consent = await Consent.get_or_none(user_id=user_id, client_id=client.id)
        if consent is None:
            await Consent.create(
                user_id=user_id, client=client, scope=scope, created_at=deps.clock.now()
            )
        else:
            merged = " ".join(sorted(set(consent.scope.split()) | set(scope.split())))
            await Consent.filter(id=consent.id).update(scope=merged)
        await activity.record(deps, user_id, EventKind.APP_AUTHORIZED, who, named(client.name))


async def connected_apps(user_id: int) -> list[Consent]:
    """I4: the applications this person allowed (the profile's "Connected apps")."""
    return await Consent.filter(user_id=user_id).select_related("client").order_by("-id")


async def disconnect(user_id: int, client_id: str) -> bool:
    """Take the consent back: the app asks again next time, and its tokens stop working."""
    async with transaction():
        consent = await Consent.get_or_none(user_id=user_id, client__client_id=client_id)
        if consent is None:
            return False
        await consent.delete()
        await OAuthToken.filter(
            user_id=user_id, client_id=consent.client_id, revoked_at__isnull=True
        ).update(revoked_at=datetime.now(UTC))
    return True
