"""Every chart at every export size (and at the narrowest screen column) reads without hover, clipping or collisions.

Each case (each chart, and the highlighted, filtered and narrow-range views a page exports) renders the chart's SVG with kaleido, exactly as the Export page does, then opens that SVG in Debian's
chromium and asks the browser for every text element's computed font size and the box of each of its lines
(`getBoundingClientRect` of each `tspan.line`, or of the whole `text` when it has one line). These are the boxes the
renderer laid out, not estimates from character counts. A text's role comes from where Plotly put it: the title
(`.g-gtitle`), the footer (the annotation named `footer`, or a legend), everything else chart text.

Checked: title, chart text and footer at least the sizes of `look.Look` for the canvas (36/20/16 px at 1920×1080,
in proportion elsewhere, 14 px minimum); no two text lines of different elements overlap (boxes shrunk by 1 px for
anti-aliasing); every line inside the canvas; no text in the image, alt text included, mentions hovering; no arrow,
link or leader line runs through a line of text or into a framed note other than its own label (sampled every 2 px
along the drawn SVG paths); and on the strategic map, no text covers a city's dot and the Kursk region's name sits
nearer the region than any dot.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass

import pytest

from kursk_brief.charts.look import SCREEN, Look
from kursk_brief.charts.registry import registry
from kursk_brief.charts.timeline import PRESETS
from kursk_brief.data.queries import place_names
from kursk_brief.out import export

pytestmark = pytest.mark.browser

CHARTS = {spec.key: spec for spec in registry()}
VIEWS = [
    *((key, {}) for key in CHARTS),
    # The views a page can show and export: highlighted, filtered, the narrow range.
    ("strategic-map", {"highlight": "china"}),
    ("strategic-map", {"highlight": "lavrov"}),
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
    const bg = annotation && annotation.querySelector('rect.bg');
    const framed = bg && parseFloat(getComputedStyle(bg).strokeWidth) > 0 && parseFloat(getComputedStyle(bg).strokeOpacity) > 0;
    const frame = framed ? bg.getBoundingClientRect() : null;
    return {
        text: t.textContent,
        size: Math.min(...sizes),
        title: !!t.closest('.g-gtitle'),
        legend: !!t.closest('.legend'),
        annotation: annotation ? Number(annotation.dataset.index) : null,
        boxes: (lines.length ? lines : [t]).map(e => { const r = e.getBoundingClientRect();
            return [r.left, r.top, r.right, r.bottom]; }),
        frame: frame ? [frame.left, frame.top, frame.right, frame.bottom] : null,
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
# Points every 2 px along drawn lines, in page pixels: scatter traces' lines (by trace index), shapes' paths (by shape
# index) and annotations' arrows, the shaft and its head (by annotation index). `getPointAtLength` follows a path's
# geometry, dashes and gaps alike, and `getScreenCTM` applies the arrowhead's own transform.
DRAWN_LINES = """([traces, shapes, arrows]) => {
    const sample = path => {
        const m = path.getScreenCTM(), points = [];
        for (let s = 0; s <= path.getTotalLength(); s += 2) {
            const p = path.getPointAtLength(s);
            points.push([m.a * p.x + m.c * p.y + m.e, m.b * p.x + m.d * p.y + m.f]);
        }
        return points;
    };
    const layer = document.querySelectorAll('g.scatterlayer g.trace');
    const paths = [
        ...traces.map(i => ['trace', i, [layer[i].querySelector('path.js-line')]]),
        ...shapes.map(i => ['shape', i, [document.querySelector(`g.shapelayer path[data-index="${i}"]`)]]),
        ...arrows.map(i => ['arrow', i, [...document.querySelectorAll(
            `g.annotation[data-index="${i}"] g.annotation-arrow-g path`)]]),
    ];
    return paths.map(([kind, i, found]) => [kind, i, found.filter(p => p).flatMap(sample)]);
}"""
# Centres of a trace's drawn markers, and the box of a trace's filled shape, in page pixels (trace by index).
MARKER_CENTRES = """(index) => [...document.querySelectorAll('g.scatterlayer g.trace')[index].querySelectorAll(
    'path.point')].map(p => { const r = p.getBoundingClientRect(); return [(r.left + r.right) / 2, (r.top + r.bottom) / 2]; })"""
FILL_BOX = """(index) => { const r = document.querySelectorAll('g.scatterlayer g.trace')[index].querySelector('path.js-fill')
    .getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }"""
PLACES = "Place in the report"
"""The strategic map's trace of place markers: cities as opaque dots, states as transparent ones under their boxes."""
REFERENCE_RULES = ("Report published",)
"""Lines that are references, not marks: the timeline's publication date runs top to bottom like the date grid, and
like it passes behind the event labels, whose opaque backgrounds interrupt it (checked by eye in the narrow range,
bench/results and the Timeline page). Arrows and connectors never pass behind text; these rules must."""
TEXT_SLACK = 1.0
"""Pixels a text line's box is shrunk by before a line point counts as inside it. The box is the font's whole line
(ascent to descent), a few pixels taller than the ink, and its edges are anti-aliased: a line grazing its edge does
not touch a letter, while one sampled 1 px inside the box runs through the line of type."""
FRAME_SLACK = 2.0
"""Pixels a note's framed box is shrunk by: an arrow or leader may end on a box's border (drawn 1.5-4 px wide,
centred on the edge, and placed from measured, not rendered, text sizes), never run into it."""


@dataclass
class Rendered:
    svg: str
    texts: list[dict]
    look: Look
    footer_index: int | None
    size: export.Size
    border: list[list[float]]
    """Points along the map's state border line, where the chart draws one."""
    lines: list[DrawnLine]
    """Every line the chart draws as a mark: line traces (not filled shapes), line shapes and annotation arrows."""
    dots: list[list[float]]
    """Centres of the strategic map's city dots (opaque place markers); empty on other charts."""
    kursk: list[float] | None
    """The box of the strategic map's Kursk region outline."""


@dataclass
class DrawnLine:
    name: str
    own: set[int]
    """Indices of the annotations that belong to the line (a link's label sits on its own arrow)."""
    points: list[list[float]]


def drawn_lines(figure) -> tuple[list[int], list[int], list[int], dict[tuple[str, int], tuple[str, set[int]]]]:
    """Which traces, shapes and annotation arrows draw lines, and each one's name and own annotations.

    A link trace `link: F` owns its label, the annotation named `link-F`; an annotation arrow belongs to the trace
    whose line ends where the arrow points (its head) and owns what that trace owns. Filled traces (land, regions) are
    areas, not lines, and rectangles are swatches; reference rules (`REFERENCE_RULES`) are left out as gridlines are.
    """
    names = [a.name for a in figure.layout.annotations]
    traces, owners = [], {}
    for i, trace in enumerate(figure.data):
        if "lines" in (trace.mode or "") and trace.fill in (None, "none") and trace.name not in REFERENCE_RULES:
            traces.append(i)
            label = f"link-{trace.name.removeprefix('link: ')}" if (trace.name or "").startswith("link: ") else None
            owners[("trace", i)] = (trace.name or f"trace {i}", {names.index(label)} if label in names else set())
    shapes = [i for i, shape in enumerate(figure.layout.shapes) if shape.type == "line"]
    owners |= {("shape", i): (figure.layout.shapes[i].name or f"shape {i}", set()) for i in shapes}
    arrows = [i for i, a in enumerate(figure.layout.annotations) if a.showarrow]
    for i in arrows:
        head = (figure.layout.annotations[i].x, figure.layout.annotations[i].y)
        trace = next((t for t in traces if (figure.data[t].x[-1], figure.data[t].y[-1]) == head), None)
        owners[("arrow", i)] = (
            (f"arrowhead of {owners[('trace', trace)][0]}", owners[("trace", trace)][1])
            if (trace is not None)
            else (f"arrow {i}", set())
        )
    return traces, shapes, arrows, owners


def marks(page, figure, brief) -> tuple[list[list[float]], list[float]]:
    """The strategic map's city dots (centres) and the Kursk region's outline (box), as the browser drew them."""
    trace_names = [trace.name for trace in figure.data]
    places = figure.data[trace_names.index(PLACES)]
    centres = page.evaluate(MARKER_CENTRES, trace_names.index(PLACES))
    assert len(centres) == len(places.marker.color)
    dots = [c for c, colour in zip(centres, places.marker.color, strict=True) if colour != "rgba(0,0,0,0)"]
    return dots, page.evaluate(FILL_BOX, trace_names.index(place_names(brief)["kursk_region"]))


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
            traces, shapes, arrows, owners = drawn_lines(figure)
            lines = [
                DrawnLine(*owners[(kind, i)], sampled)
                for kind, i, sampled in page.evaluate(DRAWN_LINES, [traces, shapes, arrows])
            ]
            texts = page.evaluate(MEASURE)
            dots, kursk = marks(page, figure, brief) if spec.key == "strategic-map" else ([], None)
            cache[key] = Rendered(svg, texts, look, names.index("footer"), size, points, lines, dots, kursk)
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
def test_no_line_runs_through_text(rendered, spec, size, view) -> None:
    """No arrow, link or leader line runs through a line of text or into a framed note, except its own label.

    An arrow through a label reads as struck-out words or as pointing at the wrong thing; a line may end at a box's
    edge (an arrow at its state's box, a leader at its note) but not cross it.
    """
    result = rendered(spec, size, view)
    assert any(line.points for line in result.lines) or spec.key != "strategic-map", "the links are drawn and measured"
    unmeasured = [line.name for line in result.lines if not line.points]
    assert unmeasured == [], "every line the figure draws is found in the SVG and sampled"
    crossed = set()
    for line in result.lines:
        for text in result.texts:
            if text["annotation"] is not None and text["annotation"] in line.own:
                continue
            boxes = [(box, TEXT_SLACK) for box in text["boxes"]]
            boxes += [(text["frame"], FRAME_SLACK)] if text["frame"] else []
            for (left, top, right, bottom), slack in boxes:
                if any(left + slack < x < right - slack and top + slack < y < bottom - slack for x, y in line.points):
                    crossed.add((line.name, text["text"][:40]))
    assert not crossed, "lines through text:\n" + "\n".join(f"{line} -> {text!r}" for line, text in sorted(crossed))


STRATEGIC = [c for c in CASES if c[0].key == "strategic-map"]


@pytest.mark.parametrize(("spec", "size", "view"), STRATEGIC, ids=[i for i in IDS if "strategic-map" in i])
def test_city_dots_stay_visible_and_unnamed_by_other_labels(rendered, brief, spec, size, view) -> None:
    """No text or note covers a city's dot, and the Kursk region's name sits nearer to the region than to any dot by
    a text size: a name beside an unnamed dot reads as the dot's (it once sat 32 px from Moscow's dot)."""
    result = rendered(spec, size, view)
    assert result.dots and result.kursk, "the dots and the Kursk outline are drawn and measured"
    covered = [
        t["text"][:40]
        for t in result.texts
        for left, top, right, bottom in t["boxes"] + ([t["frame"]] if t["frame"] else [])
        for x, y in result.dots
        if left < x < right and top < y < bottom
    ]
    assert covered == []
    name = place_names(brief)["kursk_region"]
    [label] = [box for t in result.texts if t["text"] == name for box in t["boxes"]]
    to_region = box_distance(label, result.kursk)
    for x, y in result.dots:
        to_dot = box_distance(label, [x, y, x, y])
        assert to_dot >= to_region + result.look.text_px, (
            f"{name!r}: {to_dot:.0f} px from a dot, {to_region:.0f} px from its region"
        )


def box_distance(a: list[float], b: list[float]) -> float:
    return math.hypot(max(0.0, b[0] - a[2], a[0] - b[2]), max(0.0, b[1] - a[3], a[1] - b[3]))


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
