"""Every chart at every export size (and at the narrowest screen column) reads without hover, clipping or collisions.

Each case (each chart, and the highlighted, filtered and narrow-range views a page exports) renders the chart's SVG with kaleido, exactly as the Export page does, then opens that SVG in Debian's
chromium and asks the browser for every text element's computed font size and the box of each of its lines
(`getBoundingClientRect` of each `tspan.line`, or of the whole `text` when it has one line). These are the boxes the
renderer laid out, not estimates from character counts. A text's role comes from where Plotly put it: the title
(`.g-gtitle`), the footer (the annotation named `footer`, or a legend), everything else chart text.

Checked: title, chart text and footer at least the sizes of `style.Look` for the canvas (36/20/16 px at 1920×1080,
in proportion elsewhere, 14 px minimum); no two text lines of different elements overlap (boxes shrunk by 1 px for
anti-aliasing); every line inside the canvas; and no text in the image, alt text included, mentions hovering.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import pytest

from kursk_brief import export
from kursk_brief.charts import registry
from kursk_brief.style import SCREEN, Look
from kursk_brief.timeline import PRESETS

pytestmark = pytest.mark.browser

CHARTS = {spec.key: spec for spec in registry()}
VIEWS = [
    *((key, {}) for key in CHARTS),
    # The views a page can show and export: highlighted, filtered, the narrow range.
    ("strategic-map", {"highlight": "china"}),
    ("actor-relations", {"highlight": "lavrov"}),
    ("timeline", {"actor": "lavrov"}),
    ("timeline", {"preset": PRESETS[1]}),
    ("timeline", {"actor": "lavrov", "place": "kursk_region"}),  # no event: a line says so
]
SCREEN_SIZE = export.Size("narrowest screen column", int(SCREEN.width), int(SCREEN.height))
CASES = [(CHARTS[key], size, view) for key, view in VIEWS for size in (*export.SIZES, SCREEN_SIZE)]
IDS = [export.file_name(spec, "svg", size, view).removeprefix("kursk-brief-") for spec, size, view in CASES]

MEASURE = """() => [...document.querySelectorAll('svg text')].filter(t => t.textContent.trim()).map(t => {
    const lines = [...t.querySelectorAll('tspan.line')].filter(l => l.textContent.trim());
    const sizes = [t, ...t.querySelectorAll('tspan')].map(e => parseFloat(getComputedStyle(e).fontSize));
    const annotation = t.closest('g.annotation');
    return {
        text: t.textContent,
        size: Math.min(...sizes),
        title: !!t.closest('.g-gtitle'),
        legend: !!t.closest('.legend'),
        annotation: annotation ? Number(annotation.dataset.index) : null,
        boxes: (lines.length ? lines : [t]).map(e => { const r = e.getBoundingClientRect();
            return [r.left, r.top, r.right, r.bottom]; }),
    };
})"""


# Points every 2 px along the line of one scatter trace (by its index), in page pixels: Plotly draws each trace as a
# `g.trace` of the scatter layer, in the figure's order, its line as one `path.js-line`.
LINE_POINTS = """(index) => {
    const path = document.querySelectorAll('g.scatterlayer g.trace')[index].querySelector('path.js-line');
    const m = path.getScreenCTM(), points = [];
    for (let s = 0; s <= path.getTotalLength(); s += 2) {
        const p = path.getPointAtLength(s);
        points.push([m.a * p.x + m.c * p.y + m.e, m.b * p.x + m.d * p.y + m.f]);
    }
    return points;
}"""
BORDER = "Russia–Ukraine state border"


@dataclass
class Rendered:
    svg: str
    texts: list[dict]
    look: Look
    footer_index: int | None
    size: export.Size
    border: list[list[float]]
    """Points along the map's state border line, where the chart draws one."""


@pytest.fixture(scope="module")
def page(browser):
    """A page of the session's chromium (one Playwright per session), and kaleido stopped after the module."""
    opened = browser.new_page()
    yield opened
    opened.close()
    export.stop()


@pytest.fixture(scope="module")
def rendered(brief, page):
    """Each case rendered and measured once, on first use."""
    cache: dict[tuple[str, int, int], Rendered] = {}

    def get(spec, size, view) -> Rendered:
        key = (spec.key, size.width, size.height, *view.items())
        if key not in cache:
            look = SCREEN if size is SCREEN_SIZE else size.look()
            figure = spec.build(brief, look=look, **view)
            if size is SCREEN_SIZE:  # on screen a chart may grow taller than its minimum to fit its content
                size = export.Size(size.label, size.width, round(figure.layout.height))
            svg = export.render(figure, "svg", size).decode("utf-8")
            page.set_viewport_size({"width": size.width, "height": size.height})
            page.set_content(f"<html><body style='margin:0'>{svg}</body></html>")
            names = [a.name for a in figure.layout.annotations]
            border = [i for i, trace in enumerate(figure.data) if (trace.name or "").startswith(BORDER)]
            points = page.evaluate(LINE_POINTS, border[0]) if border else []
            cache[key] = Rendered(svg, page.evaluate(MEASURE), look, names.index("footer"), size, points)
        return cache[key]

    return get


@pytest.mark.parametrize(("spec", "size", "view"), CASES, ids=IDS)
def test_type_is_at_least_the_size_for_its_canvas(rendered, spec, size, view) -> None:
    result = rendered(spec, size, view)
    look = result.look
    for text in result.texts:
        if text["title"]:
            minimum = look.title_px
        elif text["legend"] or text["annotation"] == result.footer_index:
            minimum = look.footer_px
        else:
            minimum = look.text_px
        assert text["size"] >= minimum - 0.01, f"{text['text'][:60]!r}: {text['size']} px < {minimum:.1f} px"
    assert any(t["title"] for t in result.texts) and any(t["annotation"] == result.footer_index for t in result.texts)


@pytest.mark.parametrize(("spec", "size", "view"), CASES, ids=IDS)
def test_no_text_overlaps_another(rendered, spec, size, view) -> None:
    lines = [(i, t["text"], box) for i, t in enumerate(rendered(spec, size, view).texts) for box in t["boxes"]]
    clashes = [
        (a[1][:40], b[1][:40])
        for a, b in itertools.combinations(lines, 2)
        if a[0] != b[0]
        and a[2][0] + 1 < b[2][2] - 1
        and b[2][0] + 1 < a[2][2] - 1
        and a[2][1] + 1 < b[2][3] - 1
        and b[2][1] + 1 < a[2][3] - 1
    ]
    assert clashes == []


@pytest.mark.parametrize(
    ("spec", "size", "view"), [c for c in CASES if c[0].key == "kursk-map"], ids=[i for i in IDS if "kursk-map" in i]
)
def test_no_text_lies_on_the_state_border(rendered, spec, size, view) -> None:
    """The heavy border line runs through no label (Sumy and Kurchatov sit beside it)."""
    result = rendered(spec, size, view)
    assert len(result.border) > 100, "the border line is drawn and measured"
    crossed = {
        t["text"][:40]
        for t in result.texts
        for left, top, right, bottom in t["boxes"]
        for x, y in result.border
        if left + 1 < x < right - 1 and top + 1 < y < bottom - 1
    }
    assert crossed == set()


@pytest.mark.parametrize(("spec", "size", "view"), CASES, ids=IDS)
def test_every_text_lies_inside_the_canvas(rendered, spec, size, view) -> None:
    result = rendered(spec, size, view)
    width, height = result.size.width, result.size.height
    outside = [
        t["text"][:60]
        for t in result.texts
        for left, top, right, bottom in t["boxes"]
        if left < -0.5 or top < -0.5 or right > width + 0.5 or bottom > height + 0.5
    ]
    assert outside == []


@pytest.mark.parametrize(("spec", "size", "view"), CASES, ids=IDS)
def test_no_image_asks_for_hover(rendered, spec, size, view) -> None:
    words = " ".join(re.findall(r">([^<>]+)<", rendered(spec, size, view).svg))
    assert "hover" not in words.lower()
