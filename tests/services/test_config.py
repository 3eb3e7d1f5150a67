"""Configuration from the environment (issue 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.config import ConfigError, load_settings


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="LATCHKEY_SECRET_KEY"):
        load_settings({"LATCHKEY_ENV": "production"}, folder=tmp_path)


def test_production_refuses_weak_argon2_parameters(tmp_path: Path) -> None:
    env = {
        "LATCHKEY_ENV": "production",
        "LATCHKEY_SECRET_KEY": "k" * 40,
        "LATCHKEY_ARGON2_MEMORY_KIB": "1024",
    }
    with pytest.raises(ConfigError, match="argon2id"):
        load_settings(env, folder=tmp_path)


def test_development_generates_a_secret_key_once_and_keeps_it(tmp_path: Path) -> None:
    first = load_settings({}, folder=tmp_path)
    second = load_settings({}, folder=tmp_path)
    assert len(first.secret_key) >= 32 and first.secret_key == second.secret_key
    assert first.database_url == f"sqlite://{tmp_path / 'latchkey.sqlite3'}"
    assert first.dev_mail_sink


def test_bad_numbers_are_reported_by_name(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="LATCHKEY_SMTP_PORT"):
        load_settings({"LATCHKEY_SMTP_PORT": "twenty-five"}, folder=tmp_path)
