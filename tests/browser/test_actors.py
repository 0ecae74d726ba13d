"""Actor cards in a real browser: the grid at two screen sizes (hostile data on every page: test_hostile.py)."""

from __future__ import annotations

import pytest

from kursk_brief.facts import load_brief
from tests.browser.conftest import exception_boxes, open_view, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["1280x720", "1920x1080"])
def test_card_grid_at_presentation_sizes(server, browser_page, size) -> None:
    page, watch = browser_page
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_view(page, f"{server.url}/actors", "Actors")
    page.locator(".js-plotly-plot").first.wait_for()
    screenshot(page, f"actors-{size[0]}x{size[1]}")
    # Every card ends with its links (test_urls.py clicks them: a plain click switches page in this tab).
    assert page.locator("a[href^='timeline?actor=']").count() == len(load_brief().actors)
    assert watch.external == [] and watch.real_console_errors() == [] and exception_boxes(page) == 0
