"""Browser-test fixtures: one live server and one headless Chromium per test process, and a fresh guarded page per test.

The helpers they use live in `server.py` (shared with `make bench`) and `watch.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, Server, serving
from tests.browser.watch import Watch, watched_page


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    """The app on its embedded data."""
    with serving() as running:
        yield running


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Debian's chromium is required: `make test` installs it"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def browser_page(browser: Browser) -> Iterator[tuple[Page, Watch]]:
    """A fresh page whose every request to another host is recorded and aborted."""
    with watched_page(browser) as watched:
        yield watched
