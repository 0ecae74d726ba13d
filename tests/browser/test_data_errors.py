"""Broken data in a real browser: a readable problem table at any deep link, no traceback, nothing else drawn."""

from __future__ import annotations

import pytest

from tests.browser.server import serving
from tests.browser.watch import exception_boxes, open_view, screenshot
from tests.faults import apply_case

pytestmark = pytest.mark.browser

# case -> the deep link opened; the second case used to crash every page (an anchor cycle recursed forever).
CASES = {"dangling_actor": "facts", "anchors_in_a_cycle": "timeline"}


@pytest.mark.parametrize("case", CASES)
def test_data_errors_are_shown_as_a_table_not_a_traceback(data_copy, browser_page, case) -> None:
    expected = apply_case(data_copy, case)
    page, watch = browser_page
    with serving(data_copy) as server:
        open_view(page, f"{server.url}/{CASES[case]}", "Kursk Brief cannot show its data")
        screenshot(page, f"data-error-{case}")
        body = page.locator("body").inner_text()
        grid = page.locator('[data-testid="stDataFrame"]')
        grid.first.wait_for(timeout=60_000)  # the table may paint after the heading on a loaded machine
        assert f"did not pass validation: {len(expected)} problem(s)" in body
        assert grid.count() == 1
        assert "Traceback" not in body and 'File "' not in body
        assert exception_boxes(page) == 0
        assert watch.external == []
