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
from dataclasses import dataclass, replace

import pytest

from kursk_brief.briefing.story import story
from kursk_brief.charts.geography.geodata import operational_regions, reference_places
from kursk_brief.charts.look import SCREEN, Look
from kursk_brief.charts.registry import registry
from kursk_brief.charts.timeline import PRESETS
from kursk_brief.data.load import load_brief
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
SLIDE_CHARTS = {slide.chart for slide in story(load_brief()) if slide.chart}
"""The charts the Present view and the deck draw on a slide, at the slide's canvas (`export.SLIDE_PICTURE`)."""
CASES = [(CHARTS[key], size, view) for key, view in VIEWS for size in (*export.SIZES, SCREEN_SIZE)]
CASES += [(CHARTS[key], export.SLIDE_PICTURE, {}) for key in sorted(SLIDE_CHARTS)]
IDS = [export.file_name(spec, "svg", size, view).removeprefix("kursk-brief-") for spec, size, view in CASES]

MEASURE = """() => [...document.querySelectorAll('svg text')].filter(t => t.textContent.trim()).map(t => {
    const lines = [...t.querySelectorAll('tspan.line')].filter(l => l.textContent.trim());
    const sizes = [t, ...t.querySelectorAll('tspan')].map(e => parseFloat(getComputedStyle(e).fontSize));
    const annotation = t.closest('g.annotation');
    const bg = annotation && annotation.querySelector('rect.bg');
    const framed = bg && parseFloat(getComputedStyle(bg).strokeWidth) > 0 && parseFloat(getComputedStyle(bg).strokeOpacity) > 0;
    const frame = framed ? bg.getBoundingClientRect() : null;
    const styles = [t, ...t.querySelectorAll('tspan')].map(e => getComputedStyle(e));
    return {
        text: t.textContent,
        lines: (lines.length ? lines : [t]).map(e => e.textContent),
        italic: styles.some(s => s.fontStyle === 'italic'),
        bold: styles.some(s => Number(s.fontWeight) >= 600 || s.fontWeight === 'bold'),
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
    areas: list[Territory]
    """Every filled area of a map: the place it is and the country it belongs to."""
    where: list[list[list[int]]]
    """For each text (in `texts` order), points sampled over its box (`label_boxes`), each as the indices into
    `areas` of the areas the browser says the point lies in (`isPointInFill` of each area's drawn path)."""


@dataclass(frozen=True)
class Territory:
    index: int
    """The area's trace in the figure."""
    names: frozenset[str]
    """What a label naming the area says (a region: its boundary file name and, for the report's, the report's)."""
    country: str | None
    """ISO code of the country the area is or lies in; None for the base map's land, which is any country."""


def territories(figure, brief) -> list[Territory]:
    """The filled areas a map draws. On the Kursk map each region carries its ISO 3166-2 code (`meta.iso`); on the
    strategic map each state and the focus region is named after its report place, the land under them unnamed."""
    regions = operational_regions().set_index("iso_3166_2")
    report = brief.places.dropna(subset=["iso_code"]).set_index("iso_code")["name"]
    by_name = {name: iso for iso, name in report.items()}
    areas = []
    for i, trace in enumerate(figure.data):
        if trace.fill != "toself":
            continue
        iso = (trace.meta or {}).get("iso")
        if iso in regions.index:
            names = {regions.loc[iso, "name"], report.get(iso, regions.loc[iso, "name"])}
            areas.append(Territory(i, frozenset(names), regions.loc[iso, "country"]))
        elif trace.name in by_name:
            areas.append(Territory(i, frozenset({trace.name}), by_name[trace.name].split("-")[0]))
        elif not trace.name:
            areas.append(Territory(i, frozenset(), None))
    return areas


def label_boxes(text: dict) -> list[list[float]]:
    """The boxes a text covers: its note's frame where it has one, else each of its lines."""
    return [text["frame"]] if text["frame"] else text["boxes"]


# For each box, points on a 9 by 3 grid over it (page pixels), each as the indices of the given traces whose filled
# area holds it: `isPointInFill` in the path's own coordinates, reached through the inverse of its screen matrix.
TERRITORY = """([traces, texts]) => {
    const layer = document.querySelectorAll('g.scatterlayer g.trace');
    const fills = traces.map(i => layer[i].querySelector('path.js-fill'));
    return texts.map(boxes => boxes.flatMap(([l, t, r, b]) => {
        const points = [];
        for (let i = 0; i < 9; i++) for (let j = 0; j < 3; j++) {
            const x = l + (r - l) * (i + 0.5) / 9, y = t + (b - t) * (j + 0.5) / 3;
            points.push(fills.flatMap((f, k) => {
                if (!f) return [];
                const p = new DOMPoint(x, y).matrixTransform(f.getScreenCTM().inverse());
                return f.isPointInFill(p) ? [k] : [];
            }));
        }
        return points;
    }));
}"""


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
            svg = export.render(figure, "svg", replace(size, scale=1)).decode("utf-8")  # an SVG in canvas pixels
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
            footer = names.index("footer") if "footer" in names else None
            areas = territories(figure, brief)
            where = page.evaluate(TERRITORY, [[a.index for a in areas], [label_boxes(t) for t in texts]])
            cache[key] = Rendered(svg, texts, look, footer, size, points, lines, dots, kursk, areas, where)
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
    assert any(t["title"] for t in result.texts) == look.titled
    footer = result.footer_index is not None and any(t["annotation"] == result.footer_index for t in result.texts)
    assert footer == look.footed


@pytest.mark.parametrize(("spec", "size", "view"), CASES, ids=IDS)
def test_no_text_overlaps_another(rendered, spec, size, view) -> None:
    assert clashes(rendered(spec, size, view).texts) == []


def clashes(texts: list[dict]) -> list[tuple[str, str]]:
    """Pairs of text lines of different elements whose boxes (shrunk by 1 px for anti-aliasing) overlap."""
    lines = [(i, t["text"], box) for i, t in enumerate(texts) for box in t["boxes"]]
    return [
        (a[1][:40], b[1][:40])
        for a, b in itertools.combinations(lines, 2)
        if a[0] != b[0]
        and a[2][0] + 1 < b[2][2] - 1
        and b[2][0] + 1 < a[2][2] - 1
        and a[2][1] + 1 < b[2][3] - 1
        and b[2][1] + 1 < a[2][3] - 1
    ]


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
    assert outside(result.texts, result.size) == []


def outside(texts: list[dict], size: export.Size) -> list[str]:
    """The text lines that reach past the canvas: past its left or top edge at all, past its right or bottom edge by
    more than half a pixel (a line ending on the last pixel column is measured a fraction beyond it)."""
    return [
        t["text"][:60]
        for t in texts
        for left, top, right, bottom in t["boxes"]
        if left < 0 or top < 0 or right > size.width + 0.5 or bottom > size.height + 0.5
    ]


@pytest.mark.parametrize(("spec", "size", "view"), CASES, ids=IDS)
def test_no_image_asks_for_hover(rendered, spec, size, view) -> None:
    words = " ".join(re.findall(r">([^<>]+)<", rendered(spec, size, view).svg))
    assert "hover" not in words.lower()


KURSK_MAPS = [c for c in CASES if c[0].key == "kursk-map"]
OWN_SHARE = 0.8
"""Of a region's name, the share that lies on the region: the name is inside it."""
FOREIGN_SHARE = 0.2
"""Of a city's name, the most that may lie on the other country's regions: beside its dot, on its side."""


@pytest.mark.parametrize(
    ("spec", "size", "view"), KURSK_MAPS, ids=[i for i, c in zip(IDS, CASES, strict=True) if c in KURSK_MAPS]
)
def test_every_name_lies_on_its_own_territory(rendered, brief, spec, size, view) -> None:
    """A region's name lies inside its region, a city's name beside its dot on its own side of the border; a name that
    cannot fit at a size is left out, never put on another region (at slide scale "Belgorod" once stood inside
    Ukraine's Kharkiv oblast and "Sumy" inside Russia's Bryansk oblast).

    A region's name is set in italic (the report's region in bold), a city's upright. Where each name lies is asked of
    the browser: points sampled over its box, each tested against every region's drawn shape."""
    result = rendered(spec, size, view)
    cities = cities_by_country()
    wrong, regions, named = [], 0, set()
    for text, points in zip(result.texts, result.where, strict=True):
        said = re.sub(r"\s+", "", "".join(text["lines"]))
        own = [k for k, area in enumerate(result.areas) if said in {re.sub(r"\s+", "", n) for n in area.names}]
        if (text["italic"] or text["bold"]) and own:
            regions += 1
            share = sum(any(k in own for k in point) for point in points) / len(points)
            if share < OWN_SHARE:
                wrong.append(f"{text['text']!r}: {share:.0%} on its region")
        elif not (text["italic"] or text["bold"]) and said in cities:
            named.add(said)
            foreign = sum(any(result.areas[k].country != cities[said] for k in point) for point in points)
            if foreign > FOREIGN_SHARE * len(points):
                wrong.append(f"{text['text']!r}: {foreign / len(points):.0%} on the other country's regions")
    assert regions >= 5 and len(named) >= 5, "the map's region and city names are found and checked"
    assert wrong == [], "names off their territory:\n" + "\n".join(wrong)


def cities_by_country() -> dict[str, str]:
    """Each reference city's name (spaces removed) and the country of the region its point lies in."""
    regions = operational_regions()
    return {
        re.sub(r"\s+", "", city.name): regions[regions.contains(city.geometry)]["country"].iloc[0]
        for city in reference_places().itertuples()
        if regions.contains(city.geometry).any()
    }
