"""A schemathesis fuzzing pass over the GraphQL API (G1, R3; ASVS 13.x / 1.2.x).

Schemathesis writes documents from the introspected schema (every query and mutation, with
wild argument values) and sends them to the real server: none may end in a server error.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import database_url
from tests.live import serving

CLI = Path(sys.executable).with_name("schemathesis")


def test_g1_fuzzed_documents_never_cause_a_server_error(tmp_path: Path) -> None:
    """G1: any document the schema allows gets an answer, never a 5xx."""
    if not CLI.exists():
        pytest.fail("schemathesis is a test dependency: pip install -e '.[test]'")
    with serving(tmp_path, database_url(tmp_path)) as base:
        run = subprocess.run(
            [
                str(CLI),
                "run",
                f"{base}/graphql",
                "--checks",
                "not_a_server_error",
                "--max-examples",
                "25",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert run.returncode == 0, run.stdout[-3000:]
    assert "No issues found" in run.stdout
    assert "passed" in run.stdout
