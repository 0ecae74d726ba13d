"""Every page, in a real browser, offline: drawn, no exception box, no console error, no request elsewhere."""

from __future__ import annotations

import json

import pytest

from kursk_brief.app.site import PAGES
from kursk_brief.charts.look import FONT_FAMILY, MIN_PX
from tests.browser.watch import exception_boxes, open_view, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_page_renders_offline(server, browser_page, spec) -> None:
    page, watch = browser_page
    path = "" if spec.default else spec.url_path
    open_view(page, f"{server.url}/{path}", spec.heading or spec.title)
    shot = screenshot(page, f"page-{spec.url_path}")
    log = shot.with_name(f"page-{spec.url_path}.network.json")
    log.write_text(json.dumps({"requests": watch.requests, "external": watch.external}, indent=1))

    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Brief" in nav and "Browse" in nav, "navigation must come from app.py, not Streamlit's pages/ fallback"
    assert exception_boxes(page) == 0
    assert watch.external == [], f"requests to other hosts: {watch.external}"
    assert watch.unexpected_failures() == []
    assert watch.real_console_errors() == []
    assert watch.requests > 10, "the guard saw too few requests to have watched the page load"
    assert shot.stat().st_size > 10_000


CHART_VIEWS = {
    "map": "Kursk region",
    "map?view=Strategic": "Who is linked",
    "timeline": "Timeline",
    "actors": "Who said",
    "story": "North Korean troops",
}
"""Each view's path and the start of its chart's title (the page heading alone would not tell the map's views apart)."""
CHART_TEXT = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] svg text')]
    .filter(t => t.textContent.trim())
    .map(t => ({text: t.textContent, family: getComputedStyle(t).fontFamily, size: parseFloat(getComputedStyle(t).fontSize)}))"""


@pytest.mark.parametrize("path", CHART_VIEWS, ids=list(CHART_VIEWS))
def test_a_page_draws_its_chart_in_the_type_the_chart_was_laid_out_for(server, browser_page, path) -> None:
    """Streamlit's own chart theme swaps in its font and smaller sizes (12 px ticks): the text would no longer be the
    text whose boxes the layout measured, nor what the exported image shows, nor the size a room can read."""
    page, _ = browser_page
    open_view(page, f"{server.url}/{path}", path.split("?")[0].capitalize())
    page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for()
    texts = page.evaluate(CHART_TEXT)
    assert any(t["text"].startswith(CHART_VIEWS[path]) for t in texts), "the view's own chart is drawn"
    family = FONT_FAMILY.split(",")[0]
    assert [t for t in texts if not t["family"].strip('"').startswith(family)] == []
    assert [t for t in texts if t["size"] < MIN_PX] == []
