"""I4: the keys that sign ID tokens, with rotation (RS256, which OpenID Discovery requires).

The private half is sealed with LATCHKEY_SECRET_KEY before it reaches the database (R5), so
a copy of the database alone cannot mint ID tokens. The newest unretired key signs; `rotate`
retires it and makes a new one. A retired key stays in the JWKS until every ID token it
signed has expired, so relying parties that cached the JWKS keep validating them.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from joserfc.jwk import RSAKey

from backend.deps import Deps
from backend.models import SigningKey

logger = logging.getLogger("latchkey.oidc")
ALGORITHM = "RS256"
KEY_BITS = 2048
ID_TOKEN_SECONDS = 3600
# Published after retirement for an ID token's lifetime plus clock skew between servers.
PUBLISHED_AFTER_RETIREMENT = timedelta(seconds=ID_TOKEN_SECONDS + 300)


@dataclass(frozen=True)
class ActiveKey:
    kid: str
    private_jwk: dict[str, Any]


async def _create(deps: Deps) -> SigningKey:
    key = RSAKey.generate_key(KEY_BITS, {"use": "sig", "alg": ALGORITHM}, private=True)
    kid = key.thumbprint()
    return await SigningKey.create(
        kid=kid,
        private_key_sealed=deps.box.seal(json.dumps(key.as_dict(private=True))),
        public_jwk=json.dumps({**key.as_dict(private=False), "kid": kid}),
        created_at=deps.clock.now(),
    )


async def active(deps: Deps) -> ActiveKey:
    """The signing key, made on first use (two instances racing here make two; both are
    published). A key sealed under another LATCHKEY_SECRET_KEY cannot sign any more: it is
    retired (its public half stays published) and a new one made."""
    row = await SigningKey.filter(retired_at__isnull=True).order_by("-id").first()
    if row is not None:
        try:
            private = json.loads(deps.box.open(row.private_key_sealed))
        except ValueError:
            logger.warning("signing key %s was sealed with another secret key; rotating", row.kid)
            await rotate(deps)
            return await active(deps)
    else:
        row = await _create(deps)
        private = json.loads(deps.box.open(row.private_key_sealed))
    return ActiveKey(kid=row.kid, private_jwk={**private, "kid": row.kid})


async def rotate(deps: Deps) -> str:
    """Retire the signing key(s) and make a new one; returns the new key's id."""
    now = deps.clock.now()
    await SigningKey.filter(retired_at__isnull=True).update(retired_at=now)
    return (await _create(deps)).kid


async def published(deps: Deps) -> dict[str, list[dict[str, Any]]]:
    """The JWKS: the signing key and the retired keys whose ID tokens may still be live."""
    await active(deps)
    since = deps.clock.now() - PUBLISHED_AFTER_RETIREMENT
    rows = await SigningKey.filter(retired_at__isnull=True).order_by("-id")
    rows += await SigningKey.filter(retired_at__gt=since).order_by("-id")
    return {"keys": [json.loads(row.public_jwk) for row in rows]}
