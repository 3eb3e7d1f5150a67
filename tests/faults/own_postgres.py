"""A PostgreSQL server of the test's own (initdb in a temp dir, pg_ctl on a free port), so a
test can stop and start it; the shared server on 5432 is never touched."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.live import free_port


def _binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.fail("PostgreSQL server binaries are missing (apt-get install postgresql)")
    return Path(found[-1]).parent


class OwnPostgres:
    def __init__(self, folder: Path, port: int) -> None:
        self.bin = _binaries()
        self.data = folder / "data"
        self.log = folder / "postgres.log"
        self.port = port
        self.url = f"postgres://postgres@127.0.0.1:{port}/latchkey"

    def _run(self, *command: str) -> None:
        # initdb and postgres refuse to run as root: use the postgres account then.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "start",
        )

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def create_database(self) -> None:
        self._run(
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-c",
            "CREATE DATABASE latchkey",
        )


@contextmanager
def own_postgres() -> Iterator[OwnPostgres]:
    """A fresh, running server with an empty `latchkey` database; removed afterwards.

    Its folder is a new one directly under the temp dir, so the postgres account (when the
    test runs as root) can reach it."""
    folder = Path(tempfile.mkdtemp(prefix="latchkey-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    server = OwnPostgres(folder, free_port())
    server.init()
    server.start()
    try:
        server.create_database()
        yield server
    finally:
        try:
            server.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped by the test
        shutil.rmtree(folder, ignore_errors=True)
