"""Forward-auth (I3): a reverse proxy asks, before every request to a protected application,
whether that request carries a fully signed-in Latchkey session.

nginx's `auth_request`, Caddy's `forward_auth` and Traefik's `ForwardAuth` send the request's
headers (the session cookie among them) to `/auth/verify`:

- signed in: 200 with `Remote-User` (the stable ID, I1), `Remote-Email`, `Remote-Name` and
  `Remote-Groups` (the role in the account: owner, admin or member) for the application;
- not signed in: 401 with `Location: <login URL>` (the default, for nginx, which only
  understands 2xx, 401 and 403 from an auth request; its config turns the 401 into a redirect
  with `auth_request_set $login $upstream_http_location; error_page 401 =302 $login;`), or with
  `?mode=redirect` a 302 to that URL (Caddy and Traefik hand the answer to the browser as is).

The login URL carries `return_to` = the original URL, rebuilt from `X-Forwarded-Proto`,
`X-Forwarded-Host` and `X-Forwarded-Uri`; those are believed only from
LATCHKEY_TRUSTED_PROXIES, and the URL is honoured only on an allowed origin (I2). A session
exists only once both factors passed (or a remembered device stood in for the second), so
any live session is a complete sign-in; a logout or an ended session is seen at once.

It sits in front of every request of every protected app: one indexed session lookup (with
the user joined), no GraphQL, no template.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from backend.config import Settings
from backend.models import User
from backend.services import return_to
from backend.services.sessions import session_for_token
from backend.web import cookies
from backend.web.client_address import is_trusted

NOT_STORED = (b"cache-control", b"no-store")
# nginx's auth request keeps the original request's method.
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _header(value: str) -> bytes:
    """A header value as UTF-8 with control characters dropped (a name cannot split a header)."""
    return "".join(char for char in value if char >= " " and char != "\x7f").encode()


def identity_headers(user: User) -> list[tuple[bytes, bytes]]:
    return [
        (b"remote-user", str(user.public_id).encode()),
        (b"remote-email", _header(user.email)),
        (b"remote-name", _header(user.display_name)),
        (b"remote-groups", _header(str(user.role))),
    ]


def original_url(request: Request, settings: Settings) -> str | None:
    """The URL the proxy was asked for, when a trusted proxy says so (else None)."""
    peer = request.client.host if request.client else ""
    if not settings.trusted_proxies or not is_trusted(peer, settings.trusted_proxies):
        return None
    headers = request.headers
    proto = headers.get("x-forwarded-proto", "").split(",")[0].strip()
    host = headers.get("x-forwarded-host", "").split(",")[0].strip()
    uri = headers.get("x-forwarded-uri", "/")
    if not proto or not host or not uri.startswith("/"):
        return None
    return f"{proto}://{host}{uri}"


def login_url(request: Request, settings: Settings) -> str:
    """Latchkey's login page, with the original URL as return_to when it is an allowed one."""
    back = return_to.checked(settings, original_url(request, settings))
    query = f"?return_to={quote(back, safe='')}" if back else ""
    return f"{settings.base_url}/login{query}"


async def verify(request: Request) -> Response:
    deps = request.app.state.deps
    settings = deps.settings
    token = request.cookies.get(cookies.session_name(settings), "")
    session = await session_for_token(deps, token) if token else None
    response = Response(status_code=200)
    if session is not None:
        response.raw_headers += [NOT_STORED, *identity_headers(session.user)]
        return response
    redirect = request.query_params.get("mode") == "redirect"
    response.status_code = 302 if redirect else 401
    response.raw_headers += [NOT_STORED, (b"location", login_url(request, settings).encode())]
    return response
