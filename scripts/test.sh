#!/usr/bin/env bash
# Run the test suite in its own virtual environment: on SQLite, then on PostgreSQL
# as well when LATCHKEY_TEST_POSTGRES_URL is set (one database backend per pytest run).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'

echo "== tests on SQLite"
.venv/bin/python -m pytest "$@"
if [ -n "${LATCHKEY_TEST_POSTGRES_URL:-}" ]; then
  echo "== tests on PostgreSQL (${LATCHKEY_TEST_POSTGRES_URL})"
  LATCHKEY_TEST_BACKEND=postgres .venv/bin/python -m pytest "$@"
fi
