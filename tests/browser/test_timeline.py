"""The timeline in a real browser: the chart is drawn, the undated lane shows, nothing leaves the machine."""

from __future__ import annotations

import pytest

from kursk_brief.charts.timeline import timeline_figure
from kursk_brief.data.load import load_brief
from tests.browser.watch import exception_boxes, open_view, screenshot
from tests.paths import DATA

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


def test_a_filtered_timeline_has_no_empty_band_above_its_key(server, browser_page) -> None:
    """Filtered to one undated event, the chart ends under that event: its key follows it, with no band of empty
    plot between them (the chart used to keep the full view's height, leaving about 400 px blank)."""
    page, watch = browser_page
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_view(page, f"{server.url}/timeline?actor=Sergey%20Lavrov", "Timeline")
    chart = page.locator(".js-plotly-plot").first
    chart.wait_for()
    screenshot(page, "timeline-lavrov")
    event = chart.locator("g.annotation", has_text="Lavrov and Choe Son Hui meet in Moscow").bounding_box()
    key = chart.locator("g.annotation", has_text="REPORTED: the report states").bounding_box()
    whole = chart.bounding_box()
    assert 0 <= key["y"] - (event["y"] + event["height"]) <= 40
    assert key["y"] + key["height"] <= whole["y"] + whole["height"] and whole["height"] < 400
    assert exception_boxes(page) == 0 and watch.external == []
