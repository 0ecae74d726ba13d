"""The timeline in a real browser: the chart is drawn, the undated lane shows, nothing leaves the machine."""

from __future__ import annotations

import pytest

from kursk_brief.facts import load_brief
from kursk_brief.timeline import timeline_figure
from tests.browser.conftest import exception_boxes, open_view, screenshot
from tests.conftest import DATA

pytestmark = pytest.mark.browser


def test_timeline_draws_offline(server, browser_page) -> None:
    page, watch = browser_page
    open_view(page, f"{server.url}/timeline?actor=nosuchactor", "Timeline")
    chart = page.locator(".js-plotly-plot").first
    chart.wait_for()
    screenshot(page, "timeline")
    assert chart.locator(".scatterlayer .trace").count() == len(timeline_figure(load_brief(DATA)).data)
    assert "Undated" in chart.inner_text()
    assert "actor: nosuchactor" in page.locator('[data-testid="stAlert"]').first.inner_text()
    assert exception_boxes(page) == 0
    assert watch.external == [] and watch.real_console_errors() == []
