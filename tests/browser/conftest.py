"""A real `latchkey serve` process and headless Chromium (Debian's) driven by Playwright.

Issue 22 #17: the tests wait for states (a heading, a swapped fragment, a finished
navigation), never for a time. Playwright's own budgets (5 s for an assertion, 30 s for an
action) are only ceilings on that wait; on a shared two-core machine under load a page can take
longer than 5 s, so every wait here gets the same generous ceiling, which only a broken page
ever reaches.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import database_url
from tests.live import WAIT_CEILING_SECONDS, serving

CHROMIUM = os.environ.get("LATCHKEY_CHROMIUM", "/usr/bin/chromium")
# The ceiling on any one wait for a state, in Playwright's milliseconds.
WAIT_CEILING_MS = WAIT_CEILING_SECONDS * 1000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The service as a user runs it: `latchkey serve`, development mode, dev mailbox."""
    folder = tmp_path_factory.mktemp("server")
    with serving(folder, database_url(folder)) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("LATCHKEY_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
        pytest.skip(f"Chromium not found at {CHROMIUM}; .ci/run installs it")
    from playwright.sync_api import BrowserContext, expect, sync_playwright

    expect.set_options(timeout=WAIT_CEILING_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        open_context = chromium.new_context

        def new_context(**options: Any) -> BrowserContext:
            """A context whose actions and navigations wait up to the same ceiling."""
            context = open_context(**options)
            context.set_default_timeout(WAIT_CEILING_MS)
            context.set_default_navigation_timeout(WAIT_CEILING_MS)
            return context

        chromium.new_context = new_context  # type: ignore[method-assign]
        yield chromium
        chromium.close()
