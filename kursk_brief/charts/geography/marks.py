"""Drawing on a fitted map: metres to pixels (`MapView`), shapes as plain traces, framed notes, labels with leaders,
and the status marks a highlight greys; every text is placed through `layout.Placer`, so none covers another.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import plotly.graph_objects as go
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry import box as shapely_box

from kursk_brief.charts import layout
from kursk_brief.charts.look import (
    STATUS_GLYPH,
    STATUS_LABELS,
    Draft,
    Look,
)
from kursk_brief.schema.rows import Status
from kursk_brief.words.escape import escape_plotly


@dataclass(frozen=True)
class MapView:
    """A map fitted into a box of the plot area at one scale: metres to plot pixels (y down) and back."""

    scale: float
    """Pixels per metre."""
    centre: tuple[float, float]
    pixel_centre: tuple[float, float]

    @classmethod
    def fit(cls, bounds: Sequence[float], box: layout.Box) -> MapView:
        x0, y0, x1, y1 = bounds
        scale = min(box.width / (x1 - x0), box.height / (y1 - y0))
        return cls(scale, ((x0 + x1) / 2, (y0 + y1) / 2), box.centre)

    def to_px(self, x: float, y: float) -> tuple[float, float]:
        return (
            self.pixel_centre[0] + (x - self.centre[0]) * self.scale,
            self.pixel_centre[1] - (y - self.centre[1]) * self.scale,
        )

    def to_data(self, x: float, y: float) -> tuple[float, float]:
        return (
            self.centre[0] + (x - self.pixel_centre[0]) / self.scale,
            self.centre[1] - (y - self.pixel_centre[1]) / self.scale,
        )

    def apply(self, fig: go.Figure, plot: layout.Box) -> None:
        """Axes spanning the whole plot area at this scale, locked to one scale so a wider screen only adds margin."""
        (left, top), (right, bottom) = self.to_data(0, 0), self.to_data(plot.width, plot.height)
        fig.update_xaxes(visible=False, range=[left, right], fixedrange=True)
        fig.update_yaxes(visible=False, range=[bottom, top], scaleanchor="x", scaleratio=1, fixedrange=True)


def geometry_parts(geometry) -> list:
    """The simple parts of a geometry, whether it is single, multi-part or a collection."""
    return list(getattr(geometry, "geoms", [geometry]))


def lines_xy(lines) -> tuple[list, list]:
    """Lines as one x/y list with gaps, so that many parts draw as one Plotly trace."""
    xs: list = []
    ys: list = []
    for line in lines:
        if line.is_empty or not hasattr(line, "xy"):
            continue
        x, y = line.xy
        xs += [*x, None]
        ys += [*y, None]
    return xs, ys


def outline(geometry: Polygon | MultiPolygon) -> list:
    """The rings a filled shape is drawn with: the outer ring of each polygon part (holes are not drawn)."""
    return [p.exterior for p in geometry_parts(geometry) if isinstance(p, Polygon)]


def area_trace(geometry: Polygon | MultiPolygon, fill: str, line: dict, **trace: object) -> go.Scatter:
    """A filled shape drawn as a plain cartesian trace: no map tiles, no topojson, just coordinates."""
    xs, ys = lines_xy(outline(geometry))
    return go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=fill, line=line, **trace)


def off_lines(candidates: Sequence[layout.Candidate], lines: list, view: MapView, gap: float) -> list[layout.Candidate]:
    """The candidates whose box, grown by `gap` pixels, no line of `lines` (shapely rings in map metres) runs
    through: for a label without frame or background, on which a coast or border line would strike its words out."""
    if not candidates:
        return []
    drawn = shapely.multilinestrings(lines)
    shapely.prepare(drawn)  # one geometry tested against every box at once
    corners = [
        (view.to_data(c.box.x0 - gap, c.box.y1 + gap), view.to_data(c.box.x1 + gap, c.box.y0 - gap)) for c in candidates
    ]
    boxes = shapely.box(*np.array([[x0, y0, x1, y1] for (x0, y0), (x1, y1) in corners]).T)
    return [c for c, hit in zip(candidates, shapely.intersects(drawn, boxes), strict=True) if not hit]


def draw_note(
    fig: go.Figure, view: MapView, box: layout.Box, text: str, look: Look, border: str, name: str, heavy: bool = False
) -> None:
    """A text box placed at a pixel box of the plot area (its top-left corner), drawn in data coordinates; a `heavy`
    border marks a note a highlight keeps."""
    x, y = view.to_data(box.x0, box.y0)
    fig.add_annotation(
        x=x,
        y=y,
        xref="x",
        yref="y",
        text=text,
        xanchor="left",
        yanchor="top",
        align="left",
        bgcolor=look.palette.background,
        bordercolor=border or "rgba(0,0,0,0)",
        borderwidth=look.px(4 if heavy else 2) if border else 0,
        borderpad=look.px(6 if heavy else 8) if border else 0,
        name=name,
    )


def draw_leader(
    fig: go.Figure, view: MapView, start: tuple[float, float], end: tuple[float, float], look: Look, colour: str
) -> None:
    (x0, y0), (x1, y1) = view.to_data(*start), view.to_data(*end)
    fig.add_shape(
        type="line", x0=x0, y0=y0, x1=x1, y1=y1, xref="x", yref="y", line={"color": colour, "width": look.px(2)}
    )


def draw_label(
    fig: Draft,
    view: MapView,
    candidate: layout.Candidate,
    text: str,
    look: Look,
    colour: str,
    background: str | None = None,
) -> None:
    """A label at its placed box, with a thin leader line when it had to move away from its mark; a `background`
    fills the text's box, masking the lines drawn under it (an annotation: a trace's text has no box to fill)."""
    if candidate.leader:
        draw_leader(
            fig, view, candidate.leader[0], candidate.leader[1], replace(look, scale=look.scale / 2), look.palette.muted
        )
    x, y = view.to_data(*candidate.box.centre)
    if background is None:
        fig.add_label(x, y, text, colour)
        return
    fig.add_annotation(
        x=x,
        y=y,
        xref="x",
        yref="y",
        text=text,
        xanchor="center",
        yanchor="middle",
        font={"color": colour},
        borderpad=0,
        bgcolor=background,
    )


FOREIGN_SHARE = 0.2
"""The most of a city's name that may lie on the other country's land: beside its dot, never read as naming a place
across the border."""


def place_in_region(
    placer: layout.Placer,
    view: MapView,
    region,
    texts: Sequence[str],
    area: layout.Box,
    style: tuple[float, float] = (14.0, 0.0),
    needed: bool = False,
) -> tuple[str, layout.Candidate] | None:
    """A spot for a region's name inside the region's visible part (80 % of its box or more), as near its centre as
    is free, trying each of `texts` in turn (the name on one line, then wrapped). None when no such spot is free: a
    name on another region would name that one, so it is left out at this size. A `needed` name (a state's box, where
    arrows end) takes the least crowded spot near the centre instead. `style`: the text's pixel size and the padding
    around it (a framed note's)."""
    px, padding = style
    x0, y0 = view.to_data(area.x0, area.y1)
    x1, y1 = view.to_data(area.x1, area.y0)
    visible = region.intersection(shapely_box(x0, y0, x1, y1))
    if visible.is_empty:
        return None
    centre = view.to_px(*visible.representative_point().coords[0])
    sizes = [(w + 2 * padding, h + 2 * padding) for w, h in (layout.text_size(text, px) for text in texts)]
    shapely.prepare(visible)
    spots = [_inside(view, visible, centre, size, px / 2) for size in sizes]
    for text, inside in zip(texts, spots, strict=True):
        chosen = placer.place_free(inside)
        if chosen is not None:
            return text, chosen
    if not needed:
        return None
    w, h = sizes[0]
    return texts[0], placer.place(spots[0] + layout.ring(*centre, w, h, [h, 3 * h, 5 * h]))


def _inside(view: MapView, visible, centre: tuple[float, float], size: tuple[float, float], step: float) -> list:
    """The boxes of `size` that lie 80 % or more inside the region: first on a coarse grid around `centre` (13 by 13,
    a line apart, nearest first), then on a fine one over the region's pixel bounds (a `step` apart, at most 25 to a
    side), where a name that barely fits finds its one spot."""
    steps = np.arange(-6, 7)
    dx, dy = (grid.ravel() for grid in np.meshgrid(steps, steps))
    coarse = np.argsort(np.abs(dx) * 1.5 + np.abs(dy), kind="stable")
    cx, cy = centre[0] + dx[coarse] * size[1] * 1.5, centre[1] + dy[coarse] * size[1]
    (x0, y1), (x1, y0) = (view.to_px(*corner) for corner in (visible.bounds[:2], visible.bounds[2:]))
    fx, fy = (
        g.ravel()
        for g in np.meshgrid(
            np.arange(x0, x1 + step, max(step, (x1 - x0) / 24)), np.arange(y0, y1 + step, max(step, (y1 - y0) / 24))
        )
    )
    fine = np.argsort(np.abs(fx - centre[0]) / 1.5 + np.abs(fy - centre[1]), kind="stable")
    xs, ys = np.concatenate([cx, fx[fine]]), np.concatenate([cy, fy[fine]])
    boxes = [layout.Box.around(x, y, *size, "center", "middle") for x, y in zip(xs, ys, strict=True)]
    footprints = [_footprint(view, box) for box in boxes]
    inside = shapely.area(shapely.intersection(footprints, visible))
    return [
        layout.Candidate(box)
        for box, footprint, area in zip(boxes, footprints, inside, strict=True)
        if area >= 0.8 * footprint.area
    ]


def off_foreign(candidates: Sequence[layout.Candidate], view: MapView, foreign) -> list[layout.Candidate]:
    """The candidates whose box lies at most `FOREIGN_SHARE` on `foreign` (map metres: other countries' land)."""
    if not candidates:
        return []
    boxes = [_footprint(view, c.box) for c in candidates]
    shapely.prepare(foreign)
    on = shapely.area(shapely.intersection(boxes, foreign))
    return [c for c, box, area in zip(candidates, boxes, on, strict=True) if area <= FOREIGN_SHARE * box.area]


def _footprint(view: MapView, box: layout.Box):
    """A pixel box of the plot area as a rectangle in map metres."""
    (bx0, by1), (bx1, by0) = view.to_data(box.x0, box.y0), view.to_data(box.x1, box.y1)
    return shapely_box(bx0, by0, bx1, by1)


def name_lines(name: str, style: str) -> list[str]:
    """A name to place as Plotly text in a `style` tag (`b`, `i`): on one line, then broken at each space, the most
    even break first, each line in its own tag (a tag across a break would measure its second line plain)."""
    words = name.split()
    breaks = sorted(range(1, len(words)), key=lambda k: abs(len(" ".join(words[:k])) - len(" ".join(words[k:]))))
    splits = [[name]] + [[" ".join(words[:k]), " ".join(words[k:])] for k in breaks]
    return ["<br>".join(f"<{style}>{escape_plotly(line)}</{style}>" for line in lines) for lines in splits]


def reads_as_own(box: layout.Box, own: layout.Box, dots: Sequence[tuple[float, float]], px: float) -> bool:
    """Whether a label reads as naming its own mark: nearer to it than to any city dot by a text size or more.

    A dot with no name beside it takes the nearest name as its own (Kursk's label once sat left of Moscow's dot).
    """
    return all(math.dist(dot, box.nearest_point(*dot)) >= box.distance(own) + px for dot in dots)


def scale_bar(fig: go.Figure, view: MapView, area: layout.Box, look: Look) -> layout.Box:
    """A 100 km bar in the map's lower right corner: the projection is equal-area and local, so close to true there."""
    length = 100_000 * view.scale
    right, bottom = area.x1 - look.px(10), area.y1 - look.px(10)
    (x0, y0), (x1, _) = view.to_data(right - length, bottom), view.to_data(right, bottom)
    fig.add_shape(type="line", x0=x0, x1=x1, y0=y0, y1=y0, line={"width": look.px(5)})
    label_x, label_y = view.to_data(right - length / 2, bottom - look.px(6))
    fig.add_annotation(x=label_x, y=label_y, text="100 km", xanchor="center", yanchor="bottom")
    return layout.Box(
        right - max(length, layout.line_width("100 km", look.text_px)),
        bottom - look.px(6) - look.text_px * 1.3,
        right,
        bottom + look.px(4),
    )


def status_mark(status: Status, look: Look, grey: bool = False) -> str:
    """`◆ CLAIMED`: the status's marker shape in its colour (grey outside a highlight), then its word."""
    colour = look.palette.muted if grey else look.palette.status[status]
    return greyed(
        f"<span style='color:{colour}'>{STATUS_GLYPH[status]}</span> <b>{STATUS_LABELS[status]}</b>", look, grey
    )


def is_grey(kept: set[str] | None, fact_ids: Iterable[str]) -> bool:
    """Whether marks of these facts are drawn grey: a highlight is set and none of them is by, to or about its actor."""
    return kept is not None and not kept.intersection(fact_ids)


def greyed(text: str, look: Look, grey: bool) -> str:
    """Text in the muted colour outside a highlight (still above 4.5:1 on the background), as it is otherwise."""
    return f"<span style='color:{look.palette.muted}'>{text}</span>" if grey else text


def boxed_note(
    fig: go.Figure,
    view: MapView,
    placer: layout.Placer,
    anchor: tuple[float, float],
    texts: Sequence[str],
    look: Look,
    border: str,
    name: str,
    heavy: bool = False,
    origin: layout.Box | None = None,
) -> None:
    """A framed note near `anchor`, with a leader line to it when it sits away; with `origin`, the anchor's own box (a
    state's label), the leader runs from that box's edge, so that it does not cross the label's text.

    `texts` are the same note wrapped to different widths: the one whose first free spot is nearest the anchor is
    drawn (a tall note finds no room beside a dot hemmed in by arrows, where a wide, short one does).
    """
    pad = look.px(8)
    options = []
    for text in texts:
        w, h = layout.text_size(text, look.text_px)
        w, h = w + 2 * pad + look.px(4), h + 2 * pad + look.px(4)
        candidates = layout.ring(*anchor, w, h, [look.px(30), look.px(80)])
        candidates += layout.anywhere(*anchor, w, h, placer.area, look.px(32))
        if origin:
            candidates = [from_edge(c, origin) for c in candidates]
        free = next((c for c in candidates if placer.free(c)), None)
        reach = math.dist(*free.leader) if free and free.leader else 0.0 if free else math.inf
        options.append((reach, text, [free] if free else candidates))
    _, text, candidates = min(options, key=lambda option: option[0])
    chosen = placer.place(candidates)
    if chosen.leader:
        draw_leader(fig, view, *chosen.leader, look, look.palette.muted)
    draw_note(fig, view, chosen.box, text, look, border, name, heavy)


def from_edge(candidate: layout.Candidate, origin: layout.Box) -> layout.Candidate:
    """A note's spot with its leader from the nearest edge of its anchor's box to the nearest edge of the note: the
    shortest line between the two boxes, which finds a way out between neighbours that one from the centre does not."""
    if candidate.leader is None:
        return candidate
    start = origin.nearest_point(*candidate.box.nearest_point(*origin.centre))
    end = candidate.box.nearest_point(*start)
    return replace(candidate, leader=(start, end))
