"""Return-to (I2): where a person goes once a sign-in is complete; the one place that decides.

Other applications send people to `/login?return_to=<URL>` (also `/signup`, `/invite` and
`/profile/verify`), or call the `login`, `signUp`, `acceptInvitation` and `startStepUp`
mutations with `returnTo`. The URL is checked here when the login attempt opens and stored
with the attempt (server side); the end of the sign-in, whichever path it took (emailed code,
app code, recovery code, passkey, remembered device, enrolment, recovery-code
acknowledgement), reads it back from the attempt, never from a later request.

How another module starts a login that comes back to it (e.g. OIDC's /authorize): redirect
the browser to `/login?return_to=` + `urllib.parse.quote(<its own URL, absolute or a path on
Latchkey>, safe="")`. A signed-in browser is sent straight back; anyone else signs in fully
(both factors) and then arrives at that URL with the session cookie set. URLs on Latchkey's
own origin are always allowed, so no setting is needed for that.

Only two shapes are honoured, everything else falls back to DEFAULT (the profile):
- a path on Latchkey itself: `/` followed by anything but `/` or `\\`;
- an absolute http(s) URL whose origin (scheme, host, port) is Latchkey's own or listed in
  LATCHKEY_ALLOWED_RETURN_ORIGINS, with no user-info (`https://app@evil`).
Whitespace, control characters, backslashes and non-ASCII anywhere, and an encoded `/`, `\\`
or control character in the path (which some servers decode into `//evil`) are refused: a
browser would "fix" them into another host, so they never name an allowed place honestly.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit, urlunsplit

if TYPE_CHECKING:  # backend.config uses origin_of to normalise the setting
    from backend.config import Settings

DEFAULT = "/profile"
MAX_LENGTH = 2000
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Anything a browser strips, folds or reinterprets before it parses a URL.
_SUSPECT = re.compile(r"[\x00-\x20\x7f\\]|[^\x00-\x7f]")
_ENCODED_SUSPECT = re.compile(r"%(2f|5c|[01][0-9a-f]|7f|25)", re.IGNORECASE)


def origin_of(url: str) -> str | None:
    """`scheme://host[:port]` of an absolute http(s) URL, lower case and without a default
    port; None when `url` is not one or carries user-info or a malformed port."""
    if _SUSPECT.search(url):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname or "@" in parts.netloc:
        return None
    try:
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    shown_port = "" if port in (None, _DEFAULT_PORTS[scheme]) else f":{port}"
    host = parts.hostname  # already lower case
    if ":" in host:
        host = f"[{host}]"  # IPv6 literal
    return f"{scheme}://{host}{shown_port}"


def _honest_path(path: str) -> bool:
    """A path that stays a path once a server decodes it (no `//evil`, no backslash)."""
    if _ENCODED_SUSPECT.search(path):
        return False
    decoded = unquote(path)
    return not decoded.startswith("//") and "\\" not in decoded


def checked(settings: Settings, url: str | None) -> str | None:
    """`url` as it will be followed when it is allowed (see the module docstring), else None.

    Relative paths stay relative (they are on Latchkey); absolute URLs come back with their
    scheme and host in lower case and the default port dropped.
    """
    if not url or len(url) > MAX_LENGTH or _SUSPECT.search(url):
        return None
    if url.startswith("/"):
        if url.startswith("//") or not _honest_path(urlsplit(url).path):
            return None
        return url
    origin = origin_of(url)
    allowed = (settings.origin, *settings.allowed_return_origins)
    if origin is None or origin not in allowed:
        return None
    parts = urlsplit(url)
    if not _honest_path(parts.path):
        return None
    return urlunsplit((parts.scheme.lower(), origin.split("://", 1)[1], *parts[2:]))


def destination(stored: str | None) -> str:
    """Where to go after a complete sign-in: the stored return-to, else the profile."""
    return stored or DEFAULT
