"""Debian's Apache with mod_auth_openidc, started by a test on a free 127.0.0.1 port.

Not the system service: a throw-away ServerRoot with its own configuration, a protected
page (a CGI script that prints the claims mod_auth_openidc hands it) and its logs.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

APACHE = "/usr/sbin/apache2"
MODULES = Path("/usr/lib/apache2/modules")
NEEDED = (
    "mpm_prefork",
    "authn_core",
    "authz_core",
    "authz_user",
    "mime",
    "cgi",
    "dir",
    "auth_openidc",
)
WHOAMI = """#!/usr/bin/env python3
import html, os
print("Content-Type: text/html; charset=utf-8")
print()
sub = html.escape(os.environ.get("OIDC_CLAIM_sub", ""))
email = html.escape(os.environ.get("OIDC_CLAIM_email", ""))
print(f"<h1>Protected page</h1><p>sub: <b id='sub'>{sub}</b></p>")
print(f"<p>email: <b id='email'>{email}</b></p>")
"""


def apache_available() -> bool:
    return Path(APACHE).exists() and (MODULES / "mod_auth_openidc.so").exists()


def _config(root: Path, port: int, provider: str, client_id: str, secret: str) -> str:
    loads = "\n".join(f"LoadModule {name}_module {MODULES / f'mod_{name}.so'}" for name in NEEDED)
    run_as = "User www-data\nGroup www-data" if os.getuid() == 0 else ""
    return f"""
ServerRoot {root}
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {root}/httpd.pid
ErrorLog {root}/error.log
LogLevel warn auth_openidc:info
{loads}
{run_as}
TypesConfig /etc/mime.types
DocumentRoot {root}/htdocs

OIDCProviderMetadataURL {provider}/.well-known/openid-configuration
OIDCClientID {client_id}
OIDCClientSecret {secret}
OIDCRedirectURI http://127.0.0.1:{port}/protected/redirect_uri
OIDCCryptoPassphrase {secrets.token_urlsafe(32)}
OIDCScope "openid email"
OIDCPKCEMethod S256
OIDCProviderTokenEndpointAuth client_secret_basic

<Directory {root}/htdocs/protected>
    AuthType openid-connect
    Require valid-user
    Options +ExecCGI
    AddHandler cgi-script .cgi
    DirectoryIndex index.cgi
</Directory>
"""


@contextmanager
def apache_protecting(provider: str, client_id: str, secret: str, port: int) -> Iterator[str]:
    """Apache on 127.0.0.1:`port` protecting /protected/ with `provider` as the OpenID
    Provider; yields the protected page's URL."""
    # Apache's children run as www-data when started as root: a world-readable folder.
    root = Path(tempfile.mkdtemp(prefix="latchkey-apache-"))
    root.chmod(0o755)
    try:
        page = root / "htdocs" / "protected"
        page.mkdir(parents=True)
        (root / "htdocs").chmod(0o755)
        page.chmod(0o755)
        script = page / "index.cgi"
        script.write_text(WHOAMI)
        script.chmod(0o755)
        config = root / "httpd.conf"
        config.write_text(_config(root, port, provider, client_id, secret))
        started = subprocess.run(
            [APACHE, "-f", str(config), "-k", "start"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if started.returncode != 0:
            pytest.fail(f"apache did not start: {started.stderr}")
        url = f"http://127.0.0.1:{port}/protected/"
        try:
            _wait_until_up(url, root)
            yield url
        finally:
            subprocess.run(
                [APACHE, "-f", str(config), "-k", "stop"], capture_output=True, timeout=60
            )
            _wait_until_stopped(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def error_log(root: Path) -> str:
    log = root / "error.log"
    return log.read_text() if log.exists() else ""


def _wait_until_up(url: str, root: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=2)  # any answer: a redirect to the provider, usually
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    pytest.fail(f"apache did not answer:\n{error_log(root)}")


def _wait_until_stopped(root: Path) -> None:
    deadline = time.monotonic() + 15
    while (root / "httpd.pid").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
