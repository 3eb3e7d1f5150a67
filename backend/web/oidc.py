"""I4: the OpenID Connect provider's HTTP endpoints (discovery, JWKS, authorize, token, userinfo).

Thin: Authlib (backend/oidc/server.py) checks the protocol, the services keep the rules. The
person signs in on Latchkey's own login pages: /authorize sends them there with a return-to
back to the same request, so every factor, the captcha and the rate limits apply unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

from authlib.oauth2 import OAuth2Error
from authlib.oidc.core.errors import ConsentRequiredError
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from backend.i18n import N_
from backend.models import Session, User
from backend.oidc.server import LatchkeyRequest, LatchkeyServer, run, subject, user_claims
from backend.services import oidc_grants, sessions, signing_keys
from backend.web import cookies, csrf
from backend.web.context import client_info
from backend.web.middleware import PAGE_CSP
from backend.web.pages.forms import read_form, text
from backend.web.render import is_htmx, page

# X1: the consent page shows these in the reader's language.
SCOPE_DESCRIPTIONS = {
    "openid": N_("Know who you are (an ID that stays the same)"),
    "email": N_("See your email address"),
    "profile": N_("See your name"),
    "offline_access": N_("Stay connected while you are away"),
}


def _server(request: Request) -> LatchkeyServer:
    server: LatchkeyServer = request.app.state.oidc
    return server


def _issuer(request: Request) -> str:
    return _server(request).issuer


async def discovery(request: Request) -> Response:
    issuer = _issuer(request)
    return JSONResponse(
        {
            "issuer": issuer,
            "authorization_endpoint": f"{issuer}/authorize",
            "token_endpoint": f"{issuer}/token",
            "userinfo_endpoint": f"{issuer}/userinfo",
            "jwks_uri": f"{issuer}/.well-known/jwks.json",
            "end_session_endpoint": f"{issuer}/end-session",
            "scopes_supported": list(oidc_grants.SCOPES),
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code", "refresh_token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": [signing_keys.ALGORITHM],
            "token_endpoint_auth_methods_supported": [
                "client_secret_basic",
                "client_secret_post",
                "none",
            ],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": [
                "sub",
                "iss",
                "aud",
                "exp",
                "iat",
                "auth_time",
                "nonce",
                "acr",
                "amr",
                "at_hash",
                "email",
                "email_verified",
                "name",
            ],
            "acr_values_supported": [oidc_grants.ACR_MFA, oidc_grants.ACR_REMEMBERED_DEVICE],
            "prompt_values_supported": ["none", "login", "consent"],
            "claims_parameter_supported": False,
            "request_parameter_supported": False,
        },
        headers={"Cache-Control": "public, max-age=300"},
    )


async def jwks(request: Request) -> Response:
    keys = await signing_keys.published(request.app.state.deps)
    return JSONResponse(keys, headers={"Cache-Control": "public, max-age=300"})


def _session_token(request: Request) -> str:
    return request.cookies.get(cookies.session_name(request.app.state.deps.settings), "")


def _authorization_request(request: Request, session: Session | None) -> LatchkeyRequest:
    """The authorization request is always the query string (the consent form keeps it)."""
    uri = f"{_issuer(request)}/authorize?{request.url.query}"
    return LatchkeyRequest(
        request.method,
        uri,
        request.headers,
        request.query_params.multi_items(),
        client_info(request),
        session,
    )


def _refused(request: Request, error: OAuth2Error, oauth: LatchkeyRequest) -> Response:
    """Errors go back to the client once its redirect URI is known good; else to the person."""
    if error.redirect_uri:
        response: Response = _server(request).handle_error_response(oauth, error)
        return response
    return page(
        request,
        "pages/error.html",
        status=400,
        title=N_("This sign-in link does not work"),
        # X1: the sentence is translated; Authlib's reason stays as it says it (technical).
        message=N_(
            "The application sent an invalid request: %(reason)s. "
            "Go back to the application and try again.",
            reason=error.description or error.error,
        ),
    )


def _needs_fresh_sign_in(request: Request, oauth: LatchkeyRequest, session: Session) -> bool:
    """`prompt=login`, or a `max_age` older than this session's sign-in."""
    data = oauth.payload.data
    if "login" in str(data.get("prompt", "")).split():
        return True
    max_age = str(data.get("max_age", ""))
    if not max_age.isdigit():
        return False
    now: datetime = request.app.state.deps.clock.now()
    return now - session.created_at > timedelta(seconds=int(max_age))


async def _to_login(request: Request, session: Session | None) -> Response:
    """Sign in on Latchkey, then come back to this request (without what forced the sign-in).

    A forced fresh sign-in ends the current session first, so the sign-in that follows is
    new by construction and the request can come back without `prompt=login` or `max_age`.
    """
    params = [
        (name, value)
        for name, value in request.query_params.multi_items()
        if name not in ("prompt", "max_age")
    ]
    back = f"{_issuer(request)}/authorize?{urlencode(params)}"
    response = RedirectResponse(f"/login?{urlencode({'return_to': back})}", status_code=303)
    if session is not None:
        await sessions.end_session(_session_token(request))
        cookies.delete_cookie(response, request.app.state.deps.settings, cookies.SESSION)
    return response


@dataclass(frozen=True)
class _Checked:
    """An authorization request Authlib accepted, and the browser's session if any."""

    oauth: LatchkeyRequest
    grant: Any
    session: Session | None


async def _checked(request: Request) -> _Checked | Response:
    """Authlib validates the request (client, exact redirect URI, PKCE, nonce, prompt)."""
    session = await sessions.session_for_token(request.app.state.deps, _session_token(request))
    oauth = _authorization_request(request, session)
    try:
        user = session.user if session else None
        grant = await run(_server(request).get_consent_grant, oauth, user)
    except OAuth2Error as error:
        return _refused(request, error, oauth)
    return _Checked(oauth, grant, session)


async def _issue(request: Request, checked: _Checked, user: User | None) -> Response:
    """The redirect back to the client: a code for `user`, or access_denied for None."""
    server = _server(request)
    response: Response = await run(
        server.create_authorization_response, checked.oauth, user, checked.grant
    )
    return response


async def authorize(request: Request) -> Response:
    """GET /authorize: validate, make sure the person is signed in and agreed, issue a code."""
    if is_htmx(request):  # the answer is a redirect to another site: navigate for real
        here = f"{_issuer(request)}/authorize?{request.url.query}"
        return Response(status_code=204, headers={"HX-Redirect": here})
    checked = await _checked(request)
    if isinstance(checked, Response):
        return checked
    oauth, session = checked.oauth, checked.session
    if session is None or _needs_fresh_sign_in(request, oauth, session):
        return await _to_login(request, session)
    prompt = str(oauth.payload.data.get("prompt", "")).split()
    if "consent" in prompt or not await oidc_grants.has_consent(
        session.user_id, oauth.client.row, oauth.scope
    ):
        if "none" in prompt:
            error = ConsentRequiredError(redirect_uri=checked.grant.redirect_uri)
            return _refused(request, error, oauth)
        return _consent_page(request, oauth, checked.grant.redirect_uri)
    return await _issue(request, checked, session.user)


def _consent_page(request: Request, oauth: LatchkeyRequest, redirect_uri: str) -> Response:
    scopes = [SCOPE_DESCRIPTIONS[s] for s in oauth.scope.split() if s in SCOPE_DESCRIPTIONS]
    response = page(
        request,
        "pages/consent.html",
        client=oauth.client.row,
        scopes=scopes,
        query=request.url.query,
    )
    _let_form_redirect_to(response, redirect_uri)
    return response


def _let_form_redirect_to(response: Response, uri: str) -> None:
    """Browsers hold a form's redirects to CSP form-action too, and this form's answer is a
    redirect to the client: allow its origin (only on this page)."""
    target = urlsplit(uri)
    response.headers["Content-Security-Policy"] = PAGE_CSP.replace(
        "form-action 'self'", f"form-action 'self' {target.scheme}://{target.netloc}"
    )


async def consent_submit(request: Request) -> Response:
    """POST /authorize?...: Allow (remembered for this app) or Deny."""
    form = await read_form(request)
    checked = await _checked(request)
    if isinstance(checked, Response):
        return checked
    if checked.session is None:
        return await _to_login(request, None)
    allowed = text(form, "decision") == "allow"
    if allowed:
        await oidc_grants.give_consent(
            request.app.state.deps,
            checked.session.user_id,
            checked.oauth.client.row,
            checked.oauth.scope,
            client_info(request),
        )
    response = await _issue(request, checked, checked.session.user if allowed else None)
    response.status_code = 303  # after a form post, the browser must GET the client's page
    return response


async def token(request: Request) -> Response:
    form = await request.form()
    oauth = LatchkeyRequest(
        "POST",
        f"{_issuer(request)}/token",
        request.headers,
        [(name, value) for name, value in form.multi_items() if isinstance(value, str)],
        client_info(request),
    )
    response: Response = await run(_server(request).create_token_response, oauth)
    return response


async def userinfo(request: Request) -> Response:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    found = None
    if scheme.lower() == "bearer":
        found = await oidc_grants.token_for_access(request.app.state.deps, value.strip())
    if found is None or "openid" not in found.scope.split():
        return JSONResponse(
            {"error": "invalid_token"},
            status_code=401,
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    claims = dict(user_claims(found.user, found.scope))
    return JSONResponse(claims, headers={"Cache-Control": "no-store"})


END_SESSION_FIELDS = ("id_token_hint", "client_id", "post_logout_redirect_uri", "state")


async def end_session(request: Request) -> Response:
    """RP-initiated logout (GET or POST /end-session): end the Latchkey session, then go to
    the client's registered post-logout URI, if it named one. Without an ID token of the
    signed-in person the person confirms first (a stray link cannot sign anyone out)."""
    deps = request.app.state.deps
    form = await request.form() if request.method == "POST" else None
    source = form.multi_items() if form is not None else request.query_params.multi_items()
    params = [(k, v) for k, v in source if k in END_SESSION_FIELDS and isinstance(v, str)]
    oauth = LatchkeyRequest(
        request.method,
        f"{_issuer(request)}/end-session",
        request.headers,
        params,
        client_info(request),
    )
    server = _server(request)
    try:
        ending = await run(server.validate_endpoint_request, "end_session", oauth)
    except OAuth2Error as error:
        return _refused(request, error, oauth)
    token = _session_token(request)
    session = await sessions.session_for_token(deps, token)
    hinted = (ending.id_token_claims or {}).get("sub")
    confirmed = (
        session is None
        or (hinted is not None and hinted == subject(session.user))
        or (form is not None and csrf.is_valid(request, form, deps.settings))
    )
    if not confirmed:
        response = page(
            request,
            "pages/end_session.html",
            client=ending.client.row if ending.client else None,
            params=params,
        )
        if ending.redirect_uri:
            _let_form_redirect_to(response, ending.redirect_uri)
        return response
    if session is not None:
        await sessions.end_session(token)
    answer: Response | None = await run(server.create_endpoint_response, "end_session", ending)
    if answer is not None and form is not None:
        answer.status_code = 303  # after a form post, the browser must GET the client's page
    done: Response = answer or page(request, "pages/signed_out.html")
    cookies.delete_cookie(done, deps.settings, cookies.SESSION)
    return done
