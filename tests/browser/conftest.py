"""A real `latchkey serve` process and headless Chromium (Debian's) driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import TEST_ARGON2, database_url

CHROMIUM = os.environ.get("LATCHKEY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The service as a user runs it: `latchkey serve`, development mode, dev mailbox."""
    folder = tmp_path_factory.mktemp("server")
    port = _free_port()
    env = {
        **os.environ,
        "LATCHKEY_DATABASE_URL": database_url(folder),
        "LATCHKEY_SECRET_KEY": "browser-test-secret-key-long-enough-0123456789",
        "LATCHKEY_ARGON2_TIME_COST": str(TEST_ARGON2.time_cost),
        "LATCHKEY_ARGON2_MEMORY_KIB": str(TEST_ARGON2.memory_cost_kib),
        "LATCHKEY_ARGON2_PARALLELISM": str(TEST_ARGON2.parallelism),
        "LATCHKEY_BASE_URL": f"http://127.0.0.1:{port}",
    }
    log = (folder / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "serve", "--port", str(port)],
        cwd=folder,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, folder / "server.log")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited:\n{log.read_text()}")
        try:
            if httpx.get(f"{base}/login", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    pytest.fail(f"server did not start:\n{log.read_text()}")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("LATCHKEY_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
        pytest.skip(f"Chromium not found at {CHROMIUM}; .ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
