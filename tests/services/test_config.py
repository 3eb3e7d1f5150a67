"""Configuration from the environment (O2): typed, ranged, refused by name, all at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from backend.config import ConfigError, RateLimit, Settings, load_settings

# A production environment that passes every rule; each case below spoils one variable.
GOOD_PRODUCTION = {
    "LATCHKEY_ENV": "production",
    "LATCHKEY_SECRET_KEY": "a-production-secret-that-is-long-enough-0123",
    "LATCHKEY_DATABASE_URL": "postgres://latchkey:db-password@127.0.0.1:1/latchkey",
    "LATCHKEY_BASE_URL": "https://login.example.com",
    "LATCHKEY_SMTP_HOST": "mail.example.com",
    "LATCHKEY_SMTP_PASSWORD": "smtp-password-value",
}


def latchkey(folder: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run the `latchkey` command as an operator would, with only these LATCHKEY_ variables
    (plus the suite's own LATCHKEY_TEST_* ones, which are not settings and are ignored)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LATCHKEY_")}
    suite = {k: v for k, v in os.environ.items() if k.startswith("LATCHKEY_TEST_")}
    return subprocess.run(
        [sys.executable, "-m", "backend.cli", *args],
        env={**clean, **suite, **env},
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value", "reason"),
    [
        ("LATCHKEY_BASE_URL", "http://login.example.com", "https://"),
        ("LATCHKEY_DATABASE_URL", "sqlite:///srv/latchkey.sqlite3", "PostgreSQL"),
        ("LATCHKEY_SMTP_HOST", "", "SMTP server"),
        ("LATCHKEY_SECRET_KEY", "short", "at least 32 characters"),
        ("LATCHKEY_CLEANUP_MINUTES", "0", "greater than or equal to 1"),
        ("LATCHKEY_SESSION_IDLE_MINUTES", "-5", "greater than or equal to 1"),
        ("LATCHKEY_SESSION_ABSOLUTE_HOURS", "100000", "less than or equal to 720"),
        ("LATCHKEY_SMTP_PORT", "twenty-five", "valid integer"),
        ("LATCHKEY_ARGON2_MEMORY_KIB", "9000", "argon2id"),
        ("LATCHKEY_SMTP_HOTS", "mail.example.com", "did you mean LATCHKEY_SMTP_HOST"),
    ],
)
def test_o2_production_start_with_a_bad_setting_fails_naming_the_variable(
    tmp_path: Path, variable: str, value: str, reason: str
) -> None:
    """O2: `latchkey serve` in production refuses each unsafe or misspelt setting by name."""
    started = latchkey(tmp_path, {**GOOD_PRODUCTION, variable: value}, "serve", "--port", "0")
    assert started.returncode == 2
    assert f"{variable}: " in started.stderr and reason in started.stderr
    assert "Latchkey (production) on" not in started.stdout


def test_o2_check_config_prints_the_effective_settings_with_secrets_masked(
    tmp_path: Path,
) -> None:
    """O2: check-config shows what would run (one VARIABLE=value a line) and no secret."""
    shown = latchkey(tmp_path, {**GOOD_PRODUCTION, "LATCHKEY_SMTP_PORT": "465"}, "check-config")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert "LATCHKEY_ENV=production" in lines and "LATCHKEY_SMTP_PORT=465" in lines
    assert "LATCHKEY_CLEANUP_MINUTES=10" in lines
    assert "LATCHKEY_RATE_LIMIT_LOGIN_PER_ADDRESS=30/600" in lines
    assert "LATCHKEY_DATABASE_URL=postgres://latchkey:******@127.0.0.1:1/latchkey" in lines
    for secret in ("a-production-secret", "smtp-password-value", "db-password"):
        assert secret not in shown.stdout


def test_o2_check_config_reports_every_problem_at_once(tmp_path: Path) -> None:
    """O2: an operator fixes everything in one round, not one variable per restart."""
    env = {
        **GOOD_PRODUCTION,
        "LATCHKEY_BASE_URL": "http://login.example.com",
        "LATCHKEY_EMAIL_CODE_MINUTES": "0",
        "LATCHKEY_CAPTHCA": "off",
    }
    refused = latchkey(tmp_path, env, "check-config")
    assert refused.returncode == 2 and refused.stdout == ""
    for name in ("LATCHKEY_BASE_URL", "LATCHKEY_EMAIL_CODE_MINUTES", "LATCHKEY_CAPTHCA"):
        assert f"  {name}: " in refused.stderr


def test_o2_sqlite_in_production_only_when_the_operator_accepts_one_instance(
    tmp_path: Path,
) -> None:
    env = {**GOOD_PRODUCTION, "LATCHKEY_DATABASE_URL": f"sqlite://{tmp_path / 'db.sqlite3'}"}
    with pytest.raises(ConfigError, match="LATCHKEY_DATABASE_URL"):
        load_settings(env, folder=tmp_path)
    accepted = load_settings({**env, "LATCHKEY_ALLOW_SQLITE_IN_PRODUCTION": "1"}, tmp_path)
    assert accepted.database_url.startswith("sqlite://")


def test_o2_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = {k: v for k, v in GOOD_PRODUCTION.items() if k != "LATCHKEY_SECRET_KEY"}
    with pytest.raises(ConfigError, match="LATCHKEY_SECRET_KEY"):
        load_settings(env, folder=tmp_path)


def test_o2_smtp_tls_is_starttls_or_implicit_never_both(tmp_path: Path) -> None:
    implicit = load_settings({"LATCHKEY_SMTP_IMPLICIT_TLS": "1"}, folder=tmp_path)
    assert implicit.smtp_implicit_tls and not implicit.smtp_starttls
    both = {"LATCHKEY_SMTP_IMPLICIT_TLS": "1", "LATCHKEY_SMTP_STARTTLS": "1"}
    with pytest.raises(ConfigError, match="LATCHKEY_SMTP_IMPLICIT_TLS"):
        load_settings(both, folder=tmp_path)


def test_o2_rate_limits_and_display_name_are_settings(tmp_path: Path) -> None:
    settings = load_settings(
        {"LATCHKEY_RATE_LIMIT_SIGNUPS_PER_ADDRESS": "2/60", "LATCHKEY_SERVICE_NAME": "Acme ID"},
        folder=tmp_path,
    )
    assert settings.rate_limit_signups_per_address == RateLimit(max_hits=2, window_seconds=60)
    assert settings.service_name == "Acme ID"
    with pytest.raises(ConfigError, match="LATCHKEY_RATE_LIMIT_PASSWORD_FAILURES: write it"):
        load_settings({"LATCHKEY_RATE_LIMIT_PASSWORD_FAILURES": "ten"}, folder=tmp_path)


def test_o2_the_suites_own_variables_are_not_settings(tmp_path: Path) -> None:
    env = {"LATCHKEY_TEST_BACKEND": "postgres", "LATCHKEY_REQUIRE_BROWSER": "1"}
    assert load_settings(env, folder=tmp_path).env == "development"


def test_o2_settings_built_in_code_read_no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests and tools build Settings(...) from what they name, whatever the shell exports."""
    monkeypatch.setenv("LATCHKEY_SMTP_HOST", "mail.example.com")
    assert Settings(secret_key="k" * 40).smtp_host == ""


def test_production_refuses_weak_argon2_parameters(tmp_path: Path) -> None:
    env = {**GOOD_PRODUCTION, "LATCHKEY_ARGON2_TIME_COST": "1"}
    with pytest.raises(ConfigError, match="LATCHKEY_ARGON2_TIME_COST: argon2id"):
        load_settings(env, folder=tmp_path)


def test_development_generates_a_secret_key_once_and_keeps_it(tmp_path: Path) -> None:
    first = load_settings({}, folder=tmp_path)
    second = load_settings({}, folder=tmp_path)
    assert len(first.secret_key) >= 32 and first.secret_key == second.secret_key
    assert first.database_url == f"sqlite://{tmp_path / 'latchkey.sqlite3'}"
    assert first.dev_mail_sink
