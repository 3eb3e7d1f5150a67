"""The OpenID Connect provider over HTTP, as relying parties and browsers use it (I1, I4, I5)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from authlib.oidc.discovery import OpenIDProviderMetadata
from starlette.applications import Starlette

from backend.clock import FrozenClock
from backend.mail.dev_sink import DevMailbox
from backend.models import EventKind, SecurityEvent, User
from backend.services import signing_keys
from backend.services.secret_box import SecretBox
from tests.conftest import STRONG_PASSWORD, asgi_client, code_from
from tests.oidc.conftest import BASE
from tests.oidc.helpers import (
    REDIRECT,
    authorize_url,
    code_for,
    pkce,
    query_of,
    redeem,
    register,
    signed_in,
    verified_claims,
)
from tests.pages.helpers import csrf_of
from tests.pages.test_return_to_pages import post, went_to

EMAIL = "jane@example.com"


async def test_i4_discovery_document_is_valid_and_names_the_endpoints(
    client: httpx.AsyncClient,
) -> None:
    meta = (await client.get("/.well-known/openid-configuration")).json()
    OpenIDProviderMetadata(meta).validate()  # Authlib's checks of OpenID Discovery 1.0
    assert meta["issuer"] == "https://testserver"
    assert meta["code_challenge_methods_supported"] == ["S256"]
    assert {"client_secret_basic", "client_secret_post"} <= set(
        meta["token_endpoint_auth_methods_supported"]
    )
    jwks = (await client.get(meta["jwks_uri"].removeprefix("https://testserver"))).json()
    assert [key["kty"] for key in jwks["keys"]] == ["RSA"]
    assert all("d" not in key for key in jwks["keys"])  # never the private half


async def test_i4_code_flow_gives_a_signed_id_token_with_the_sign_in_facts(
    app: Starlette, client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """I1, I4: sub is the stable ID; amr says password + one-time code; userinfo agrees."""
    made = await register(app)
    await signed_in(client, mailbox, EMAIL)
    code = await code_for(client, made.client.client_id, nonce="n-456")
    response = await redeem(client, made, code)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    tokens = response.json()
    claims = await verified_claims(client, tokens["id_token"])
    user = await User.get(email=EMAIL)
    assert claims["sub"] == str(user.public_id) and claims["sub"] != str(user.id)
    assert claims["iss"] == "https://testserver" and claims["aud"] == made.client.client_id
    assert claims["email"] == EMAIL and claims["email_verified"] is True
    assert claims["nonce"] == "n-456"
    assert claims["amr"] == ["pwd", "otp", "mfa"]
    assert claims["acr"] == "urn:latchkey:acr:mfa"
    assert abs(claims["auth_time"] - app.state.deps.clock.now().timestamp()) < 5
    info = await client.get(
        "/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert info.json() == {"sub": claims["sub"], "email": EMAIL, "email_verified": True}
    assert (
        await client.get("/userinfo", headers={"Authorization": "Bearer nope"})
    ).status_code == 401


async def test_i4_client_secret_post_works_and_a_wrong_secret_does_not(
    app: Starlette, client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    made = await register(app)
    await signed_in(client, mailbox, EMAIL)
    form = {"grant_type": "authorization_code", "redirect_uri": REDIRECT}
    wrong = await client.post(
        "/token",
        data={
            **form,
            "code": await code_for(client, made.client.client_id),
            "client_id": made.client.client_id,
            "client_secret": "guess",
        },
    )
    assert wrong.status_code in (400, 401) and wrong.json()["error"] == "invalid_client"
    right = await client.post(
        "/token",
        data={
            **form,
            "code": await code_for(client, made.client.client_id),
            "client_id": made.client.client_id,
            "client_secret": made.secret,
        },
    )
    assert right.status_code == 200 and "id_token" in right.json()


async def test_i4_a_code_is_bound_to_its_client_redirect_uri_and_lifetime(
    app: Starlette, client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    made = await register(app)
    other = await register(app, name="Other App")
    await signed_in(client, mailbox, EMAIL)
    stolen = await code_for(client, made.client.client_id)
    assert (await redeem(client, other, stolen)).json()["error"] == "invalid_grant"
    wrong_uri = await redeem(
        client,
        made,
        await code_for(client, made.client.client_id),
        redirect_uri="https://app.example.com/callback/",
    )
    assert wrong_uri.json()["error"] == "invalid_grant"
    late = await code_for(client, made.client.client_id)
    clock.advance(seconds=61)
    assert (await redeem(client, made, late)).json()["error"] == "invalid_grant"


async def test_i4_a_reused_code_fails_and_revokes_what_it_gave(
    app: Starlette, client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    made = await register(app)
    await signed_in(client, mailbox, EMAIL)
    code = await code_for(client, made.client.client_id)
    first = (await redeem(client, made, code)).json()
    again = await redeem(client, made, code)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    bearer = {"Authorization": f"Bearer {first['access_token']}"}
    assert (await client.get("/userinfo", headers=bearer)).status_code == 401


async def test_i4_twenty_concurrent_redemptions_of_one_code_one_wins(
    app: Starlette, client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    made = await register(app)
    await signed_in(client, mailbox, EMAIL)
    code = await code_for(client, made.client.client_id)
    racers = [asgi_client(app, base=BASE) for _ in range(20)]
    try:
        answers = await asyncio.gather(*(redeem(http, made, code) for http in racers))
    finally:
        await asyncio.gather(*(http.aclose() for http in racers))
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200] + [400] * 19, [a.text for a in answers]


async def test_i4_pkce_s256_binds_the_code_to_the_verifier_and_public_clients_need_it(
    app: Starlette, client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    public = await register(app, public=True)
    await signed_in(client, mailbox, EMAIL)
    without = await client.get(authorize_url(public.client.client_id))
    assert without.status_code == 302
    assert query_of(without.headers["location"])["error"] == "invalid_request"
    plain = await client.get(
        authorize_url(
            public.client.client_id, code_challenge="x" * 43, code_challenge_method="plain"
        )
    )
    assert query_of(plain.headers["location"])["error"] == "invalid_request"
    verifier, challenge = pkce()
    s256 = {"code_challenge": challenge, "code_challenge_method": "S256"}
    wrong = await redeem(
        client,
        public,
        await code_for(client, public.client.client_id, **s256),
        code_verifier=pkce()[0],
    )
    assert wrong.json()["error"] == "invalid_grant"
    missing = await redeem(client, public, await code_for(client, public.client.client_id, **s256))
    assert missing.json()["error"] == "invalid_request"
    right = await redeem(
        client,
        public,
        await code_for(client, public.client.client_id, **s256),
        code_verifier=verifier,
    )
    assert right.status_code == 200 and "id_token" in right.json()


async def test_i5_redirect_uris_are_compared_exactly(
    app: Starlette, client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """An unregistered redirect URI is never redirected to: the person sees why."""
    made = await register(app)
    await signed_in(client, mailbox, EMAIL)
    for near_miss in (
        "https://app.example.com/callback/",
        "https://app.example.com/callback?x=1",
        "https://app.example.com.evil.test/callback",
        "https://APP.example.com/callback",
    ):
        response = await client.get(authorize_url(made.client.client_id, redirect_uri=near_miss))
        assert response.status_code == 400 and "location" not in response.headers
        assert "does not work" in response.text
    unknown = await client.get(authorize_url("no-such-client"))
    assert unknown.status_code == 400


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
async def test_i4_i2_not_signed_in_signs_in_on_latchkey_then_gets_a_code(
    app: Starlette, client: httpx.AsyncClient, mailbox: DevMailbox, htmx: bool
) -> None:
    """The login screens are Latchkey's own: password, emailed code, then back to /authorize
    (return-to), which answers the client with a code."""
    made = await register(app)
    await signed_in(client, mailbox, EMAIL)
    client.cookies.clear()
    url = authorize_url(made.client.client_id)
    sent = await client.get(url)
    assert sent.status_code == 303
    login_page = sent.headers["location"]
    target = urlsplit(login_page)
    assert target.path == "/login"
    assert parse_qs(target.query)["return_to"] == [f"https://testserver{url}"]
    fields = {"email": EMAIL, "password": STRONG_PASSWORD, "return_to": f"{BASE}{url}"}
    await post(client, login_page, "/login", fields, htmx)
    code = code_from(mailbox, EMAIL)
    done = await post(client, "/login/code", "/login/code", {"code": code}, htmx)
    back = went_to(done, htmx)
    assert back == f"{BASE}{url}"
    answer = await client.get(back)
    assert answer.status_code == 302 and "code" in query_of(answer.headers["location"])


async def test_i4_prompt_login_and_max_age_force_a_fresh_sign_in(
    app: Starlette, client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    made = await register(app)
    await signed_in(client, mailbox, EMAIL)
    response = await client.get(authorize_url(made.client.client_id, prompt="login"))
    assert response.status_code == 303
    back = parse_qs(urlsplit(response.headers["location"]).query)["return_to"][0]
    assert "prompt" not in back and "client_id" in back
    me = await client.post("/graphql", json={"query": "{ me { email } }"})
    assert me.json()["data"]["me"] is None  # the old session ended
    await signed_in(client, mailbox, "joe@example.com")
    assert (
        await client.get(authorize_url(made.client.client_id, max_age="600"))
    ).status_code == 302
    clock.advance(seconds=601)
    stale = await client.get(authorize_url(made.client.client_id, max_age="600"))
    assert stale.status_code == 303 and "/login?return_to=" in stale.headers["location"]


async def _consent_page(client: httpx.AsyncClient, client_id: str, htmx: bool) -> httpx.Response:
    headers = {"HX-Request": "true"} if htmx else {}
    url = authorize_url(client_id)
    page = await client.get(url, headers=headers)
    if htmx:  # the answer leaves the site: HTMX is told to navigate for real
        assert page.status_code == 204 and page.headers["HX-Redirect"] == f"{BASE}{url}"
        page = await client.get(url)
    return page


async def test_i4_third_party_clients_ask_for_consent_once_and_a_denial_is_reported(
    app: Starlette, client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    made = await register(app, first_party=False, name="Photo Printer")
    await signed_in(client, mailbox, EMAIL)
    page = await _consent_page(client, made.client.client_id, htmx=False)
    assert page.status_code == 200 and "Allow Photo Printer" in page.text
    assert "form-action 'self' https://app.example.com" in page.headers["content-security-policy"]
    denied = await client.post(
        authorize_url(made.client.client_id),
        data={"csrf_token": csrf_of(page.text), "decision": "deny"},
    )
    assert denied.status_code == 303
    assert query_of(denied.headers["location"])["error"] == "access_denied"
    page = await _consent_page(client, made.client.client_id, htmx=True)
    forged = await client.post(authorize_url(made.client.client_id), data={"decision": "allow"})
    assert forged.status_code == 403  # R4: a cross-site form cannot consent
    allowed = await client.post(
        authorize_url(made.client.client_id),
        data={"csrf_token": csrf_of(page.text), "decision": "allow"},
    )
    assert allowed.status_code == 303 and "code" in query_of(allowed.headers["location"])
    assert await code_for(client, made.client.client_id)  # remembered: no second question
    events = await SecurityEvent.filter(kind=EventKind.APP_AUTHORIZED).values_list(
        "detail_params", flat=True
    )
    assert events == [{"name": "Photo Printer"}]


async def test_i4_prompt_none_without_consent_reports_consent_required(
    app: Starlette, client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    made = await register(app, first_party=False)
    url = authorize_url(made.client.client_id, prompt="none")
    assert query_of((await client.get(url)).headers["location"])["error"] == "login_required"
    await signed_in(client, mailbox, EMAIL)
    assert query_of((await client.get(url)).headers["location"])["error"] == "consent_required"


async def test_i4_rotated_keys_stay_published_until_their_tokens_expire(
    app: Starlette, client: httpx.AsyncClient, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    made = await register(app)
    await signed_in(client, mailbox, EMAIL)
    old_token = (await redeem(client, made, await code_for(client, made.client.client_id))).json()
    old_kid = (await client.get("/.well-known/jwks.json")).json()["keys"][0]["kid"]
    new_kid = await signing_keys.rotate(app.state.deps)
    new_token = (await redeem(client, made, await code_for(client, made.client.client_id))).json()
    await verified_claims(client, old_token["id_token"])  # still verifiable
    assert (await verified_claims(client, new_token["id_token"]))["sub"]
    kids = [key["kid"] for key in (await client.get("/.well-known/jwks.json")).json()["keys"]]
    assert kids == [new_kid, old_kid]
    clock.advance(seconds=signing_keys.ID_TOKEN_SECONDS + 301)
    kids = [key["kid"] for key in (await client.get("/.well-known/jwks.json")).json()["keys"]]
    assert kids == [new_kid]


async def test_i4_tokens_issued_appear_in_the_activity_log(
    app: Starlette, client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    made = await register(app)
    await signed_in(client, mailbox, EMAIL)
    await redeem(client, made, await code_for(client, made.client.client_id))
    page = await client.get("/profile/activity")
    assert "Example App" in page.text


async def test_i4_a_new_secret_key_retires_the_key_it_cannot_open(app: Starlette) -> None:
    """R5: keys are sealed with LATCHKEY_SECRET_KEY; after it changes, signing goes on."""
    deps = app.state.deps
    old = await signing_keys.active(deps)
    moved = replace(deps, box=SecretBox("another-secret-key-that-is-long-enough-0123"))
    new = await signing_keys.active(moved)
    assert new.kid != old.kid
    published = [key["kid"] for key in (await signing_keys.published(moved))["keys"]]
    assert published == [new.kid, old.kid]
