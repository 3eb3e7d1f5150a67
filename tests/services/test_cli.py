"""The `latchkey` command's account jobs (S2, A4), run as an operator would, on an SQLite file.

Each command runs in its own process (as from a shell), so this test does not mix database
backends inside the pytest process.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


class Shell:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.database = folder / "cli.sqlite3"
        self.env = {
            **os.environ,
            "LATCHKEY_DATABASE_URL": f"sqlite://{self.database}",
            "LATCHKEY_ARGON2_TIME_COST": "1",
            "LATCHKEY_ARGON2_MEMORY_KIB": "8192",
            "LATCHKEY_ARGON2_PARALLELISM": "1",
        }

    def run(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "backend.cli", *args],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=self.folder,
            env=self.env,
            timeout=60,
            check=False,
        )


@pytest.fixture
def shell(tmp_path: Path) -> Shell:
    return Shell(tmp_path)


def _row(shell: Shell, email: str) -> tuple[int, int, str]:
    with sqlite3.connect(shell.database) as connection:
        row = connection.execute(
            "SELECT is_support, is_active, password_hash FROM users WHERE email = ?", (email,)
        ).fetchone()
    assert row is not None
    return row[0], row[1], row[2]


def test_s2_create_support_user_then_a4_deactivate_and_reactivate(shell: Shell) -> None:
    """S2: the command makes a staff account; A4: off and on again keep the password hash."""
    made = shell.run(
        "create-support-user", "Staff@Example.com", stdin="a long staff passphrase here\nteal\n"
    )
    assert made.returncode == 0, made.stderr
    assert "Created support user staff@example.com" in made.stdout
    is_support, is_active, password_hash = _row(shell, "staff@example.com")
    assert is_support == 1 and is_active == 1 and password_hash.startswith("$argon2id$")

    assert shell.run("deactivate", "staff@example.com").returncode == 0
    assert _row(shell, "staff@example.com")[1] == 0
    assert shell.run("reactivate", "staff@example.com").returncode == 0
    assert _row(shell, "staff@example.com") == (1, 1, password_hash)


def test_a4_cli_reports_unknown_accounts_and_weak_passwords(shell: Shell) -> None:
    """A2: the staff password follows the same rules; unknown addresses are reported."""
    unknown = shell.run("deactivate", "nobody@example.com")
    assert unknown.returncode == 1 and "no account uses" in unknown.stderr
    weak = shell.run("create-support-user", "staff@example.com", stdin="password\nteal\n")
    assert weak.returncode == 1 and "latchkey:" in weak.stderr


def test_cleanup_command_reports_what_it_deleted(shell: Shell) -> None:
    """`latchkey cleanup` runs the same purge as the app's periodic task."""
    done = shell.run("cleanup")
    assert done.returncode == 0, done.stderr
    assert "login_attempts: 0 deleted" in done.stdout and "security_events:" in done.stdout
