"""Real servers for the forward-auth tests (I3): Debian's nginx with `auth_request` in front of
a tiny application that shows the identity headers it was given."""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from tests.live import WAIT_CEILING_SECONDS, stop

NGINX = os.environ.get("LATCHKEY_TEST_NGINX", "/usr/sbin/nginx")
IDENTITY = ("Remote-User", "Remote-Email", "Remote-Name", "Remote-Groups")

# The configuration the README gives, with ports and paths filled in.
NGINX_CONF = """
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log info;
events {{ worker_connections 64; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            auth_request /_latchkey;
            auth_request_set $remote_user_id $upstream_http_remote_user;
            auth_request_set $remote_email $upstream_http_remote_email;
            auth_request_set $remote_name $upstream_http_remote_name;
            auth_request_set $remote_groups $upstream_http_remote_groups;
            auth_request_set $latchkey_login $upstream_http_location;
            error_page 401 =302 $latchkey_login;
            proxy_set_header Remote-User $remote_user_id;
            proxy_set_header Remote-Email $remote_email;
            proxy_set_header Remote-Name $remote_name;
            proxy_set_header Remote-Groups $remote_groups;
            proxy_pass http://127.0.0.1:{app_port};
        }}
        location = /_latchkey {{
            internal;
            proxy_pass {latchkey}/auth/verify;
            proxy_pass_request_body off;
            proxy_set_header Content-Length "";
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host $http_host;
            proxy_set_header X-Forwarded-Uri $request_uri;
        }}
    }}
}}
"""


class _EchoIdentity(BaseHTTPRequestHandler):
    """The protected application: a page naming who the proxy said the visitor is."""

    def do_GET(self) -> None:
        rows = "".join(
            f"<dt>{name}</dt><dd id='{name.lower()}'>{html.escape(self.headers.get(name, ''))}</dd>"
            for name in IDENTITY
        )
        body = (
            f"<!doctype html><title>Reports</title><h1>Reports</h1>"
            f"<p id='path'>{html.escape(self.path)}</p><dl>{rows}</dl>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: pytest shows the test's own output."""


@contextmanager
def echo_app(port: int) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", port), _EchoIdentity)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def nginx_in_front(folder: Path, port: int, app_port: int, latchkey: str) -> Iterator[str]:
    """Debian's nginx on 127.0.0.1:`port`, asking `latchkey` about every request."""
    if not Path(NGINX).exists() and not shutil.which("nginx"):
        if os.environ.get("LATCHKEY_REQUIRE_BROWSER") == "1":
            pytest.fail(f"nginx not found at {NGINX} (apt-get install nginx)")
        pytest.skip(f"nginx not found at {NGINX}; .ci/run installs it")
    folder.mkdir(parents=True, exist_ok=True)
    conf = folder / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(folder=folder, port=port, app_port=app_port, latchkey=latchkey)
    )
    command = [NGINX, "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + WAIT_CEILING_SECONDS
        while True:
            assert process.poll() is None, (folder / "error.log").read_text()
            try:
                httpx.get(base, timeout=1)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.1)
        yield base
    finally:
        stop(process, timeout=10)
