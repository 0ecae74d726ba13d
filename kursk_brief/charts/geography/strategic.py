"""The strategic map: who is linked to whom, every link labelled on the map, nothing left to hover."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go
from shapely.geometry import box as shapely_box
from shapely.validation import make_valid

from kursk_brief.charts import layout
from kursk_brief.charts.geography.describe import (
    fact_lines,
)
from kursk_brief.charts.geography.geodata import (
    BOUNDARY_SOURCE,
    CONVENTION,
    STRATEGIC_CRS,
    country_iso,
    focus_iso,
    operational_regions,
    place_ids_by_iso,
    place_points,
    strategic_countries,
    strategic_window,
    world_land,
)
from kursk_brief.charts.geography.links import (
    LABEL_WIDTHS,
    draw_links,
    route_links,
)
from kursk_brief.charts.geography.marks import (
    MapView,
    area_trace,
    boxed_note,
    draw_label,
    draw_leader,
    draw_note,
    from_edge,
    greyed,
    is_grey,
    off_lines,
    outline,
    place_in_region,
    reads_as_own,
    status_mark,
)
from kursk_brief.charts.geography.query import (
    drawn_links,
    facts_at,
    kept_facts,
    nested_counts,
    place_notes,
    silence_facts,
    strategic_links,
)
from kursk_brief.charts.look import (
    SCREEN,
    Draft,
    Frame,
    Look,
    wrap,
)
from kursk_brief.data.brief import Brief
from kursk_brief.data.phrases import capped, more_facts, paragraph_marks
from kursk_brief.data.queries import actor_names, place_names
from kursk_brief.schema.rows import FactKind, Status
from kursk_brief.words import wording
from kursk_brief.words.escape import escape_plotly

STRATEGIC_TITLE = "Who is linked to whom: deployment, diplomacy, statements"
STRATEGIC_KEY = (
    "Arrow: a count, from the counted group's country to where the report places it, or a statement, from the "
    "speaker's country to the state the report says it was addressed to."
)
NOTE_BAND = 0.2
"""On screen, a band above the map this share of its width tall, free while labels are placed: on a narrow column
the notes find no room among the arrows, and there they sit above the map (the Arctic, where nothing of the report
lies) with a short leader. What of it no label took is then cut off the canvas (`strategic_figure`)."""
NOTE_WIDTHS = (28, 32, 36, 40, 44, 48, 52)
"""Widths, in text sizes, a city's note may be wrapped to: narrow first; wider when that lets it sit nearer its dot."""


@dataclass(frozen=True)
class _Drawing:
    """What every step of drawing the strategic map shares: the figure, the fitted view, the placer that keeps texts
    apart, the look, the place names and the facts a highlight keeps (None without a highlight)."""

    fig: Draft
    view: MapView
    placer: layout.Placer
    look: Look
    names: dict[str, str]
    kept: set[str] | None


def strategic_figure(brief: Brief, highlight: str | None = None, look: Look = SCREEN) -> go.Figure:
    """The framed strategic map: who is linked to whom, every link labelled on the map, nothing left to hover.

    Eurasia from Ukraine to the Koreas fills the map; the United States, further west, is a box at its left edge.
    States are named by label boxes, not dots, because the report places nothing at a point in them: an arrow to a
    state ends at its box, which says when the report does not say where in it. Cities (Moscow) are dots. Links run
    from box to box with their status, words and paragraph beside them; notes at Moscow and China's silence sit in
    free space with a leader line. Every label is placed by `layout.Placer`, so none covers another.

    With `highlight` (an actor id), the links and notes of facts by, to or about that actor keep their colour and a
    heavier border, the rest turn grey, and the title and a note name the actor, so the view exports as it is shown.
    """
    links, notes, silences = strategic_links(brief), place_notes(brief), silence_facts(brief)
    window = strategic_window(STRATEGIC_CRS)
    frame, plot, band = _strategic_frame(brief, links, highlight, window, look)
    view = MapView.fit(window, layout.Box(0, band, plot.width, plot.height))
    placer = layout.Placer(layout.Box(0, 0, plot.width, plot.height), look.px(6))
    d = _Drawing(Draft(), view, placer, look, place_names(brief), kept_facts(brief, highlight))
    (left, top), (right, bottom) = view.to_data(0, 0), view.to_data(plot.width, plot.height)
    seen = shapely_box(left, bottom, right, top)
    outlines, countries, shape = _draw_base(d, brief, seen)
    points = place_points(brief, STRATEGIC_CRS)
    kind_of = brief.facts.set_index("fact_id")["kind"]  # indexed once: per link it was quadratic in the fact rows
    placed_counts = set(links.loc[links["fact_id"].map(kind_of) == FactKind.NUMBER, "target"])
    kinds = brief.places.set_index("place_id")["kind"].to_dict()
    ends = sorted(set(links["source"]) | set(links["target"]) | set(silences))
    cities = sorted(set(notes["place_id"]))
    dots = [view.to_px(points[city].x, points[city].y) for city in cities]
    for x, y in dots:
        placer.block(layout.Box.around(x, y, look.px(14), look.px(14), "center", "middle"))
    states = [p for p in ends if kinds[p] == "country"]
    boxes = _state_boxes(d, brief, states, (countries, seen, points), placed_counts)
    focus = brief.focus_place_id
    (x0, y1), (x1, y0) = view.to_px(*shape.bounds[:2]), view.to_px(*shape.bounds[2:])
    boxes[focus] = layout.Box(x0, y0, x1, y1)  # an arrow to the region ends at its outline's box
    placer.block(boxes[focus])
    shown_links, hidden_links = drawn_links(links)
    curves = route_links(placer, shown_links, boxes, look)  # the arrows first: every text placed after keeps off them
    _label_focus(d, boxes[focus], d.names[focus], dots, outlines)
    _city_notes(d, notes, points)
    # Then the link labels, each on or beside its arrow (a leader line when it must move off it); last, a silence
    # note, tied to its state's box by a leader line, takes the space left.
    draw_links(d.fig, view, placer, shown_links, curves, hidden_links, look, d.kept)
    _silence_notes(d, silences, boxes)
    _place_markers(d, brief, [p for p in ends + cities if p in boxes or p in cities], boxes, (points, cities))
    if look.fit_height:
        frame, view = _trim_band(frame, view, placer, band)
    plot = frame.plot_area()
    view.apply(d.fig, plot)
    return frame.apply(d.fig, plot)


def _strategic_frame(
    brief: Brief, links: pd.DataFrame, highlight: str | None, window: list[float], look: Look
) -> tuple[Frame, layout.Box, float]:
    """The frame (titled for a highlighted actor), its plot area and the band kept free above the map for notes; on
    screen the canvas grows to the map's shape plus that band."""
    source = f"{brief.report['citation_label']}; {BOUNDARY_SOURCE}. {CONVENTION} Equal Earth projection"
    who = actor_names(brief)[highlight] if highlight else None
    frame = Frame(
        look,
        wording.view_title(STRATEGIC_TITLE, who) if who else STRATEGIC_TITLE,
        source,
        brief.as_of,
        subtitle=wording.map_highlight_note(who) if who else "",
        extra_key=[STRATEGIC_KEY, *nested_counts(brief, links)],
    )
    plot = frame.plot_area()
    band = NOTE_BAND * plot.width if look.fit_height else 0.0
    if look.fit_height:
        wanted = max(plot.width * (window[3] - window[1]) / (window[2] - window[0]), plot.width * 0.8) + band
        if wanted > plot.height:
            frame = replace(frame, look=replace(look, height=look.height + wanted - plot.height))
            plot = frame.plot_area()
    return frame, plot, band


def _draw_base(d: _Drawing, brief: Brief, seen) -> tuple[list, pd.DataFrame, object]:
    """Land, the states in the boundary file (origin and opposing states in their colours) and the focus region, cut
    to what the map shows. Returns every outline drawn (kept off the one label without a background), the states
    indexed by ISO code and the focus region's shape."""
    colours, look = d.look.palette, d.look
    outlines: list = []
    for land in world_land().geometry:
        shown = make_valid(land).intersection(seen.buffer(200_000))
        if not shown.is_empty:
            outlines += outline(shown)
            line = {"color": colours.land_edge, "width": look.px(1)}
            d.fig.add_trace(area_trace(shown, colours.land, line, hoverinfo="skip", meta={"fact_ids": []}))
    place_of_iso = place_ids_by_iso(brief)
    countries = strategic_countries().set_index("country")
    origin, opposing = country_iso(brief, "origin_place_id"), country_iso(brief, "opposing_place_id")
    for iso, country in countries.iterrows():
        place_id = place_of_iso.get(iso)
        facts = facts_at(brief, place_id) if place_id else brief.facts.iloc[0:0]
        shown = make_valid(country.geometry).intersection(seen.buffer(200_000))
        if shown.is_empty:
            continue
        outlines += outline(shown)
        fill = colours.focus_fill if iso == origin else colours.opposing if iso == opposing else colours.other
        name = escape_plotly(d.names.get(place_id, iso))
        hover = "<br>".join(wrap(h, 90) for h in [f"<b>{name}</b>", *fact_lines(brief, facts)])
        line = {"color": colours.muted, "width": look.px(1.5)}
        d.fig.add_trace(
            area_trace(
                shown,
                fill,
                line,
                hoveron="fills",
                hoverinfo="text",
                text=hover,
                name=name,
                meta={"fact_ids": facts["fact_id"].tolist()},
            )
        )
    focus = brief.focus_place_id
    shape = operational_regions().to_crs(STRATEGIC_CRS).set_index("iso_3166_2").geometry[focus_iso(brief)]
    outlines += outline(shape)
    d.fig.add_trace(
        area_trace(
            shape,
            colours.focus_fill,
            {"color": colours.focus_edge, "width": look.px(3)},
            hoverinfo="skip",
            name=escape_plotly(d.names[focus]),
            meta={"fact_ids": facts_at(brief, focus)["fact_id"].tolist()},
        )
    )
    return outlines, countries, shape


def _state_boxes(
    d: _Drawing, brief: Brief, states: list[str], geo: tuple, placed_counts: set[str]
) -> dict[str, layout.Box]:
    """Each linked state's label box: inside the state where it is on the map, at the map's edge where it is not.
    `geo`: the states' shapes by ISO code, the part of the world shown and each place's point."""
    countries, seen, points = geo
    look, view, placer = d.look, d.view, d.placer
    px, gap = look.text_px, look.px(10)
    iso_of = brief.places.set_index("place_id")["iso_code"]
    boxes: dict[str, layout.Box] = {}
    for place in states:
        text = f"<b>{escape_plotly(d.names[place])}</b>"
        if place in placed_counts:
            text += f"<br>{escape_plotly(wording.where_not_stated(d.names[place]))}"
        geometry = countries.geometry[iso_of.loc[place]]
        if geometry.intersection(seen).area < 0.02 * geometry.area:
            x, y = view.to_px(points[place].x, points[place].y)
            text += f"<br>{escape_plotly(wording.off_map('west' if x < 0 else 'east'))}"
            w, h = layout.text_size(text, px)
            top = min(max(y, h), placer.area.height - h)
            box = layout.Box.around(look.px(8), top, w + 2 * gap, h + 2 * gap, "left", "middle")
            placer.block(box)
            boxes[place] = box
            draw_note(d.fig, view, box, text, look, look.palette.ink, f"state-{place}")
            continue
        _, candidate = place_in_region(placer, view, geometry, [text], placer.area, (px, gap), needed=True)
        boxes[place] = candidate.box
        # The note's frame is the box: its padding and border add up to `gap`, and arrows end at the box's sides.
        draw_note(d.fig, view, candidate.box, text, look, look.palette.ink, f"state-{place}")
        if candidate.leader:
            draw_leader(d.fig, view, *candidate.leader, look, look.palette.muted)
    return boxes


def _label_focus(d: _Drawing, box: layout.Box, name: str, dots: list, outlines: list) -> None:
    """The focus region's name beside its outline, nearer to it than to any city dot; off the coasts and borders where
    a spot is free, else on a plate of the background colour that masks the lines under it (a narrow screen leaves
    none free); a name wider than the map takes the least crowded spot, never dropped."""
    look, px = d.look, d.look.text_px
    text = f"<b>{escape_plotly(name)}</b>"
    w, h = layout.text_size(text, px)
    kx, ky = box.centre
    near = look.px(12) + box.width / 2
    spots = layout.ring(kx, ky, w, h, [near, near + look.px(20), look.px(50), look.px(75), look.px(100)])
    spots += layout.anywhere(kx, ky, w, h, d.placer.area, look.px(24))
    own = [c for c in spots if reads_as_own(c.box, box, dots, px)] or spots
    own = [from_edge(c, box) for c in own]
    chosen = d.placer.place(off_lines(own, outlines, d.view, look.px(2)) + own)
    masked = not off_lines([chosen], outlines, d.view, 0)
    draw_label(d.fig, d.view, chosen, text, look, look.palette.ink, look.palette.background if masked else None)


def _city_notes(d: _Drawing, notes: pd.DataFrame, points: dict) -> None:
    """A city's note: its name and what the report ties to it, in free space with a leader line to its dot."""
    look, px, colours, kept = d.look, d.look.text_px, d.look.palette, d.kept
    for place_id, group in notes.groupby("place_id", sort=False):
        shown, more = capped(group)
        lines = [
            f"{status_mark(Status(n.status), look, is_grey(kept, [n.fact_id]))} ({paragraph_marks(n.paragraphs)}): "
            + greyed(escape_plotly(n.text), look, is_grey(kept, [n.fact_id]))
            for n in shown.itertuples()
        ] + ([more_facts(more)] if more else [])
        texts = [
            "<br>".join(
                [f"<b>{escape_plotly(d.names[place_id])}</b>", *(layout.wrap(t, width * px, px) for t in lines)]
            )
            for width in NOTE_WIDTHS
        ]
        x, y = d.view.to_px(points[place_id].x, points[place_id].y)
        grey = is_grey(kept, group["fact_id"])
        border = colours.faint if grey else colours.ink if kept else colours.muted
        boxed_note(d.fig, d.view, d.placer, (x, y), texts, look, border, f"note-{place_id}", bool(kept) and not grey)


def _silence_notes(d: _Drawing, silences: dict, boxes: dict[str, layout.Box]) -> None:
    """A state's silence as a note tied to its label box by a leader line, in the space the other texts left."""
    look, px = d.look, d.look.text_px
    for place_id, fact in silences.items():
        grey = is_grey(d.kept, [fact.fact_id])
        words = f"{status_mark(Status(fact.status), look, grey)} ({paragraph_marks(fact.paragraphs)}): " + greyed(
            f"No statement by {escape_plotly(d.names[place_id])} in the report", look, grey
        )
        border = look.palette.faint if grey else look.palette.status[Status(fact.status)]
        boxed_note(
            d.fig,
            d.view,
            d.placer,
            boxes[place_id].centre,
            [layout.wrap(words, n * px, px) for n in LABEL_WIDTHS],
            look,
            border,
            fact.fact_id,
            bool(d.kept) and not grey,
            origin=boxes[place_id],
        )


def _place_markers(d: _Drawing, brief: Brief, shown: list[str], boxes: dict, geo: tuple) -> None:
    """One marker per place in the report: a dot at a city, an invisible target on a state's box, each with its facts
    on hover and its id for a click. `geo`: each place's point and the cities."""
    points, cities = geo
    look, colours = d.look, d.look.palette
    centres = [d.view.to_data(*boxes[p].centre) if p in boxes else (points[p].x, points[p].y) for p in shown]
    d.fig.add_trace(
        go.Scatter(
            x=[c[0] for c in centres],
            y=[c[1] for c in centres],
            mode="markers",
            marker={
                "size": [look.px(14) if p in cities else look.px(30) for p in shown],
                "color": [colours.ink if p in cities else "rgba(0,0,0,0)" for p in shown],
            },
            customdata=[[p] for p in shown],
            hovertext=[
                "<br>".join(
                    wrap(line, 90)
                    for line in [f"<b>{escape_plotly(d.names[p])}</b>", *fact_lines(brief, facts_at(brief, p))]
                )
                for p in shown
            ],
            hoverinfo="text",
            name="Place in the report",
            meta={"fact_ids": []},
        )
    )


def _trim_band(frame: Frame, view: MapView, placer: layout.Placer, band: float) -> tuple[Frame, MapView]:
    """The canvas less what no note took of the band left above the map, the map moved up by as much."""
    unused = min(band, placer.top() - placer.gap)
    if unused <= 0:
        return frame, view
    frame = replace(frame, look=replace(frame.look, height=frame.look.height - unused))
    return frame, replace(view, pixel_centre=(view.pixel_centre[0], view.pixel_centre[1] - unused))
