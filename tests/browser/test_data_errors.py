"""Broken data in a real browser: a readable problem table, no traceback, nothing else drawn."""

from __future__ import annotations

import pytest

from tests.browser.conftest import exception_boxes, open_view, screenshot, serving
from tests.test_validation import MALFORMED, apply_fixture

pytestmark = pytest.mark.browser


@pytest.fixture
def broken_server(data_copy):
    apply_fixture(data_copy, MALFORMED / "facts.dangling_actor.csv")
    with serving(data_copy) as running:
        yield running


def test_data_errors_are_shown_as_a_table_not_a_traceback(broken_server, browser_page) -> None:
    page, watch = browser_page
    open_view(page, f"{broken_server.url}/facts", "Kursk Brief cannot show its data")
    screenshot(page, "data-error-panel")
    body = page.locator("body").inner_text()
    assert "did not pass validation: 1 problem(s)" in body
    grid = page.locator('[data-testid="stDataFrame"]')
    grid.first.wait_for(timeout=60_000)  # the table may paint after the heading on a loaded machine
    assert grid.count() == 1
    assert "Traceback" not in body and 'File "' not in body
    assert exception_boxes(page) == 0
    assert watch.external == []
