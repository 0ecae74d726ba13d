"""The strategic map's arrows: each routed as an arc clear of boxes, dots and earlier arcs, then labelled on or beside
it with its status, words and paragraph.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from kursk_brief.charts import layout
from kursk_brief.charts.geography.marks import (
    MapView,
    draw_leader,
    greyed,
    is_grey,
    status_mark,
)
from kursk_brief.charts.look import (
    STATUS_DASH,
    Look,
)
from kursk_brief.data.phrases import more_facts, paragraph_marks
from kursk_brief.schema.rows import Status
from kursk_brief.words.escape import escape_plotly

ARROW_SIZE = 1.4
BENDS = (0.12, -0.12, 0.22, -0.22, 0.04, -0.04, 0.32, -0.32, 0.42, -0.42)
"""How far a link's arc may bend sideways (share of its length), in order of preference: the first clear one wins."""
LABEL_WIDTHS = (20, 14, 28)
"""Widths, in text sizes, a link's label (or a state's silence note) may be wrapped to, in order: the first that finds a
free spot is drawn."""


def _port(box: layout.Box, other: layout.Box) -> tuple[float, float]:
    """Where a link leaves or reaches a state's box: the middle of the side facing the other box.

    Not the nearest corner: boxes of neighbouring states sit close (North and South Korea), and an arrow ending at a
    corner they share would read as pointing at either.
    """
    (x, y), (ox, oy) = box.centre, other.centre
    if abs(ox - x) / box.width >= abs(oy - y) / box.height:
        return (box.x1 if ox > x else box.x0), y
    return x, (box.y1 if oy > y else box.y0)


def route_links(placer: layout.Placer, links: pd.DataFrame, boxes: dict, look: Look) -> list[list[tuple[float, float]]]:
    """Each drawn link's arc (pixels), bent clear of the state boxes, dots and other arcs placed so far, then made an
    obstacle, so that every label and note placed after it (the Kursk label, the notes, the link labels) keeps off
    the arrows. Its own label alone may sit on it (owner `link-F`); its arrowhead is blocked as a box.

    Routed before any free text is placed: an arc is tied to its two ends, while a label can go elsewhere.
    """
    curves: list[list[tuple[float, float]]] = []
    heads: list[layout.Box] = []
    spacing, size = 2 * look.text_px, 2 * _head_px(look, grey=False)
    for link in links.itertuples():
        source, target = boxes[link.source], boxes[link.target]
        facing = (_port(source, target), _port(target, source))
        candidates = sorted(
            itertools.product(_sides(source), _sides(target), BENDS),
            key=lambda c: (c[0][0], c[1][0]) != facing,  # the sides facing each other first
        )
        # Clear of the boxes, and of the heads of arrows routed before it.
        obstacles = [box for box in placer.boxes if box is not source and box is not target]
        obstacles += heads
        best = min(
            ((_curve_px(start, end, bend), out, into) for (start, out), (end, into), bend in candidates),
            key=lambda c: _crossings(c[0], obstacles, placer.area, curves, spacing) + _grazing(*c),
        )[0]
        curves.append(best)
        heads.append(layout.Box.around(*best[-1], size, size, "center", "middle"))
    for link, curve, head in zip(links.itertuples(), curves, heads, strict=True):
        placer.avoid(curve, owner=f"link-{link.fact_id}")
        placer.block(head)
    return curves


def _head_px(look: Look, grey: bool) -> float:
    """Length of an arrowhead in pixels: Plotly's head 2 is 5 line widths long at arrowsize 1."""
    return 5 * ARROW_SIZE * _link_width(look, grey)


def _link_width(look: Look, grey: bool) -> float:
    return look.px(1.5 if grey else 3)


def draw_links(
    fig: go.Figure,
    view: MapView,
    placer: layout.Placer,
    links: pd.DataFrame,
    curves: list[list[tuple[float, float]]],
    hidden: dict[tuple[str, str], int],
    look: Look,
    kept: set[str] | None = None,
) -> None:
    """Each link as its routed arrow (`route_links`), labelled on or beside it, clear of every other arrow.

    Outside a highlight (`kept`: the facts it keeps) a link is grey and thinner, its label muted; inside one, its
    label's border is heavier.
    """
    px = look.text_px
    last = links.groupby("pair").cumcount(ascending=False) == 0
    for link, closes, best in zip(links.itertuples(), last, curves, strict=True):
        status = Status(link.status)
        grey = is_grey(kept, [link.fact_id])
        colour = look.palette.faint if grey else look.palette.status[status]
        width = _link_width(look, grey)
        xs, ys = zip(*(view.to_data(*p) for p in best), strict=True)
        fig.add_trace(
            go.Scatter(
                x=list(xs),
                y=list(ys),
                mode="lines",
                line={"color": colour, "width": width, "dash": STATUS_DASH[status]},
                hoverinfo="skip",
                name=f"link: {link.fact_id}",
                meta={"fact_ids": [link.fact_id]},
            )
        )
        fig.add_annotation(
            x=xs[-1],
            y=ys[-1],
            ax=xs[-3],
            ay=ys[-3],
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            text="",
            showarrow=True,
            arrowhead=2,
            arrowsize=ARROW_SIZE,
            arrowwidth=width,
            arrowcolor=colour,
        )
        more = f"<br>{more_facts(hidden[link.pair], 'links between these two')}" if closes and hidden[link.pair] else ""
        words = greyed(f"{escape_plotly(link.label)} ({paragraph_marks(link.paragraphs)})", look, grey)
        wrapped = [layout.wrap(f"{status_mark(status, look, grey)} · {words}{more}", n * px, px) for n in LABEL_WIDTHS]
        spots = [_link_label_spots(best, *_framed_size(text, look), placer, look) for text in wrapped]
        option, chosen = placer.place_any(spots, owner=f"link-{link.fact_id}")
        text = wrapped[option]
        if chosen.leader:
            draw_leader(fig, view, *chosen.leader, look, colour)
        x, y = view.to_data(*chosen.box.centre)
        fig.add_annotation(
            x=x,
            y=y,
            xref="x",
            yref="y",
            text=text,
            align="left",
            xanchor="center",
            yanchor="middle",
            bgcolor=look.palette.background,
            bordercolor=colour,
            borderwidth=look.px(3 if kept and not grey else 1.5),
            borderpad=look.px(2.5 if kept and not grey else 4),
            name=f"link-{link.fact_id}",
        )


def _sides(box: layout.Box) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The middle of each side of a box with its outward direction: where a link may leave or reach it."""
    (x, y) = box.centre
    return [((box.x1, y), (1, 0)), ((box.x0, y), (-1, 0)), ((x, box.y0), (0, -1)), ((x, box.y1), (0, 1))]


def _grazing(curve: list[tuple[float, float]], out: tuple[float, float], into: tuple[float, float]) -> float:
    """A penalty for a link that leaves or reaches a box along its side rather than across it: an arrowhead
    arriving at a shallow angle lies over the box's text, and a line leaving one runs along it."""
    penalty = 0.0
    for (a, b), (nx, ny), sign in ((curve[:2], out, 1), (curve[-2:], into, -1)):
        dx, dy = b[0] - a[0], b[1] - a[1]
        cosine = sign * (dx * nx + dy * ny) / max(math.hypot(dx, dy), 1e-9)
        penalty += 0 if cosine >= 0.5 else 20
    return penalty


def _framed_size(text: str, look: Look) -> tuple[float, float]:
    """A link label's size with its border and padding."""
    w, h = layout.text_size(text, look.text_px)
    return w + 2 * look.px(6), h + 2 * look.px(6)


def _link_label_spots(
    curve: list[tuple[float, float]], w: float, h: float, placer: layout.Placer, look: Look
) -> list[layout.Candidate]:
    """Where a link's label may go: on its line first (the label's background interrupts it), then beside it, then
    anywhere with a leader line."""
    along = (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82)
    candidates = [
        layout.Candidate(layout.Box.around(*curve[round(t * (len(curve) - 1))], w, h, "center", "middle"))
        for t in along
    ]
    for away, t in itertools.product((0, h, 2 * h), along):  # beside it, then further off with a short leader
        i = round(t * (len(curve) - 1))
        (x0, y0), (x1, y1) = curve[max(i - 1, 0)], curve[min(i + 1, len(curve) - 1)]
        length = max(math.hypot(x1 - x0, y1 - y0), 1e-9)
        nx, ny = -(y1 - y0) / length, (x1 - x0) / length
        for side in (1, -1):
            reach = abs(nx) * w / 2 + abs(ny) * h / 2 + look.px(8) + away
            cx, cy = curve[i][0] + side * nx * reach, curve[i][1] + side * ny * reach
            box = layout.Box.around(cx, cy, w, h, "center", "middle")
            candidates.append(layout.Candidate(box, (curve[i], box.nearest_point(*curve[i])) if away else None))
    middle = curve[len(curve) // 2]
    return candidates + layout.anywhere(*middle, w, h, placer.area, look.px(32))


def _curve_px(
    a: tuple[float, float], b: tuple[float, float], bend: float, steps: int = 24
) -> list[tuple[float, float]]:
    """A quadratic arc from a to b (pixels), bent sideways by `bend` of its length."""
    cx = (a[0] + b[0]) / 2 - bend * (b[1] - a[1])
    cy = (a[1] + b[1]) / 2 + bend * (b[0] - a[0])
    return [
        (
            (1 - t) ** 2 * a[0] + 2 * (1 - t) * t * cx + t**2 * b[0],
            (1 - t) ** 2 * a[1] + 2 * (1 - t) * t * cy + t**2 * b[1],
        )
        for t in (i / steps for i in range(steps + 1))
    ]


def _crossings(
    curve: list[tuple[float, float]],
    obstacles: list[layout.Box],
    area: layout.Box,
    drawn: list,
    spacing: float,
) -> float:
    """How much a candidate curve runs through `obstacles` (the placed boxes but the two it joins), near drawn curves
    (closer than `spacing`: two arcs running closer leave no room for a label on either), or off the map.

    Measured per segment, not per sampled point: a small box (a dot) fits between two points of a long arc.
    """
    segments = list(itertools.pairwise(curve))
    inside = sum(1 for a, b in segments for box in obstacles if layout.segment_hits_box(a, b, box))
    near = 0
    if drawn:  # every point against every point of the drawn curves, at once
        gaps = np.asarray(curve)[:, None, :] - np.asarray([q for other in drawn for q in other])[None, :, :]
        near = int((np.hypot(gaps[..., 0], gaps[..., 1]) < spacing).sum())
    outside = sum(1 for p in curve if not (area.x0 < p[0] < area.x1 and area.y0 < p[1] < area.y1))
    return 10 * inside + near + 10 * outside
