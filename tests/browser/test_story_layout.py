"""The Story chart at every export size and the narrowest screen column reads without hover, clipping or collisions.

As `test_chart_layout` does for the registered charts: each measure's chart is rendered to SVG with kaleido, opened
in chromium, and every text line's box and font size is asked of the browser. Checked: type at least the sizes of
`look.Look` for the canvas, no two text lines of different elements overlapping, every line inside the canvas, and
no text asking for hover. Measured on every measure whose chart draws three statements or more (the crowded ones).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from kursk_brief.charts.claims import ClaimsView, claims_alt_text, claims_figure, statements
from kursk_brief.charts.look import SCREEN
from kursk_brief.data.load import load_brief
from kursk_brief.out import export
from tests.browser.test_chart_layout import MEASURE, SCREEN_SIZE, clashes, outside

pytestmark = pytest.mark.browser

BRIEF = load_brief()
MEASURES = [m for m in BRIEF.measures["measure_id"] if len(statements(BRIEF, ClaimsView(m))[0]) >= 3]
CASES = [(measure, size) for measure in MEASURES for size in (*export.SIZES, SCREEN_SIZE)]
IDS = [f"{measure}-{size.width}x{size.height}" for measure, size in CASES]


@pytest.fixture(scope="module")
def measured(browser):
    page = browser.new_page()
    cache: dict[tuple[str, int], tuple[list[dict], object, export.Size]] = {}

    def get(measure: str, size: export.Size):
        if (measure, size.width) not in cache:
            look = SCREEN if size is SCREEN_SIZE else size.look()
            figure = claims_figure(BRIEF, ClaimsView(measure), look)
            svg = export.render(figure, "svg", replace(size, scale=1)).decode("utf-8")
            page.set_viewport_size({"width": size.width, "height": size.height})
            page.set_content(f"<html><body style='margin:0'>{svg}</body></html>")
            footer = [a.name for a in figure.layout.annotations].index("footer")
            cache[(measure, size.width)] = (page.evaluate(MEASURE), look, size, footer)
        return cache[(measure, size.width)]

    yield get
    page.close()
    export.stop()


def test_the_crowded_measures_are_measured() -> None:
    assert len(MEASURES) >= 4, MEASURES


@pytest.mark.parametrize(("measure", "size"), CASES, ids=IDS)
def test_story_chart_type_fits_and_nothing_overlaps_or_leaves_the_canvas(measured, measure, size) -> None:
    texts, look, size, footer = measured(measure, size)
    for text in texts:
        minimum = look.title_px if text["title"] else look.footer_px if text["annotation"] == footer else look.text_px
        assert text["size"] >= minimum - 0.01, f"{text['text'][:60]!r}: {text['size']} px < {minimum:.1f} px"
    assert clashes(texts) == []
    assert outside(texts, size) == []
    assert "hover" not in " ".join(t["text"] for t in texts).lower()
    assert "hover" not in claims_alt_text(BRIEF, ClaimsView(measure)).lower()
