"""The operational map: the focus region and its neighbours, the state border, reference cities, a scale bar, and
the troop note with a leader line to the region, beside the map or below it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import geopandas as gpd
import numpy as np
import plotly.graph_objects as go
from shapely.geometry import Point
from shapely.ops import nearest_points

from kursk_brief.charts import layout
from kursk_brief.charts.geography.describe import (
    fact_lines,
)
from kursk_brief.charts.geography.geodata import (
    BOUNDARY_SOURCE,
    CONVENTION,
    country_iso,
    focus_iso,
    operational_regions,
    place_ids_by_iso,
    reference_places,
    state_border,
)
from kursk_brief.charts.geography.marks import (
    MapView,
    area_trace,
    draw_label,
    draw_leader,
    draw_note,
    geometry_parts,
    lines_xy,
    name_lines,
    off_foreign,
    place_in_region,
    scale_bar,
)
from kursk_brief.charts.geography.query import (
    facts_at,
)
from kursk_brief.charts.look import (
    SCREEN,
    STATUS_GLYPH,
    STATUS_LABELS,
    Draft,
    Frame,
    Look,
    wrap,
)
from kursk_brief.data.brief import Brief
from kursk_brief.data.phrases import capped, more_facts, number_phrase, paragraph_marks
from kursk_brief.data.queries import place_names
from kursk_brief.schema.rows import FactKind, Status
from kursk_brief.words.escape import escape_plotly

OPERATIONAL_TITLE = "Kursk region: where US officials place the North Korean troops"


def troop_note_text(brief: Brief, look: Look) -> list[str]:
    """The presence facts on the Kursk region, status first, and what the report does not say about where."""
    facts = facts_at(brief, brief.focus_place_id)
    presence = facts[(facts["status"] != Status.DERIVED) & facts["kind"].isin([FactKind.NUMBER, FactKind.SITUATION])]
    shown, hidden = capped(presence)
    lines = []
    for _, fact in shown.iterrows():
        status = Status(fact["status"])
        glyph = f"<span style='color:{look.palette.status[status]}'>{STATUS_GLYPH[status]}</span>"
        text = number_phrase(fact) if fact["kind"] == FactKind.NUMBER else fact["summary"]
        lines.append(
            f"{glyph} <b>{STATUS_LABELS[status]}</b> ({paragraph_marks(fact['paragraphs'])}): {escape_plotly(text)}"
        )
    lines += [more_facts(hidden)] if hidden else []
    return [*lines, "<i>Where in the region: not reported. No front line given, none drawn.</i>"]


@dataclass(frozen=True)
class _Panel:
    """The troop note and the key, wrapped to the panel beside the map (`side`) or below it."""

    side: bool
    width: float
    note: str
    note_size: tuple[float, float]
    key: list[tuple[str, str, float]]
    key_height: float


def operational_figure(brief: Brief, look: Look = SCREEN) -> go.Figure:
    """The framed map of the focus region: regions filling the map area, the state border, a scale bar, and beside the
    map (below it on a narrow canvas) the troop note with a leader line to the region and the key. Labels avoid each
    other."""
    regions, places = operational_regions(), reference_places()
    source = f"{brief.report['citation_label']}; {BOUNDARY_SOURCE}. {CONVENTION} Lambert equal-area projection"
    frame = Frame(look, OPERATIONAL_TITLE, source, brief.as_of)
    panel = _panel(brief, look, frame.plot_area())
    bounds = regions.total_bounds + np.array([-15_000, -15_000, 15_000, 15_000])
    frame, map_box = _map_box(frame, panel, bounds)
    plot = frame.plot_area()
    view = MapView.fit(bounds, map_box)
    fig = Draft()
    _draw_regions(fig, brief, regions, look)
    focus = focus_iso(brief)
    shape = regions[regions["iso_3166_2"] == focus].geometry.iloc[0]
    placer = layout.Placer(layout.Box(0, 0, map_box.x1, map_box.y1), look.px(6))
    for part in geometry_parts(state_border(regions, focus)):  # the heavy border line crosses no label
        placer.avoid([view.to_px(x, y) for x, y in part.coords])
    _draw_panel(fig, view, placer, panel, (plot, map_box), shape, look)
    placer.block(scale_bar(fig, view, map_box, look))
    named = _label_places(fig, brief, view, placer, (regions, places), map_box, look)
    _add_markers(fig, named, shape, place_ids_by_iso(brief)[focus], look)
    view.apply(fig, plot)
    return frame.apply(fig, plot)


def _panel(brief: Brief, look: Look, plot: layout.Box) -> _Panel:
    """Beside the map on a wide canvas or a landscape one (a slide), else below it. On a short canvas the panel widens
    until the note and the key, wrapped to it, fit its height."""
    px, gap = look.text_px, look.px(16)
    side = plot.width >= 55 * px or plot.width >= 1.6 * plot.height
    for share in (0.34, 0.38, 0.42, 0.46, 0.5) if side else (1.0,):
        width = max(plot.width * share, 16 * px) if side else plot.width
        note, size = _troop_note(brief, look, width) if look.notes else ("", (0.0, -2 * gap))
        key = _operational_key(look, width)
        key_height = sum(height for _, _, height in key) + gap * (len(key) - 1)
        if size[1] + key_height + 2 * gap <= plot.height:
            break
    return _Panel(side, width, note, size, key, key_height)


def _map_box(frame: Frame, panel: _Panel, bounds) -> tuple[Frame, layout.Box]:
    """The map's box in the plot area, left of the panel or above it; on screen, a map above its panel grows the
    canvas rather than shrink."""
    look, plot, gap = frame.look, frame.plot_area(), frame.look.px(16)
    if panel.side:
        return frame, layout.Box(0, 0, plot.width - panel.width - 2 * gap, plot.height)
    map_height = plot.width * (bounds[3] - bounds[1]) / (bounds[2] - bounds[0])
    below = panel.note_size[1] + panel.key_height + 3 * gap
    if look.fit_height and map_height + below > plot.height:
        frame = replace(frame, look=replace(look, height=look.height + map_height + below - plot.height))
        plot = frame.plot_area()
    return frame, layout.Box(0, 0, plot.width, plot.height - below)


def _draw_panel(
    fig: go.Figure,
    view: MapView,
    placer: layout.Placer,
    panel: _Panel,
    boxes: tuple[layout.Box, layout.Box],
    shape,
    look: Look,
) -> None:
    """The troop note beside the map level with the focus region (or below the map), a leader line from it to the
    region's outline, and the key under the note. `boxes`: the plot area and the map's box in it."""
    plot, map_box = boxes
    gap = look.px(16)
    note_w, note_h = panel.note_size
    kx, ky = view.to_px(shape.centroid.x, shape.centroid.y)
    if panel.side:
        top = max(min(ky - note_h / 2, plot.height - note_h - panel.key_height - 2 * gap), 0)
        note_box = layout.Box.around(plot.width - panel.width, top, note_w, note_h, "left", "top")
        key_left = note_box.x0
    else:
        note_box = layout.Box.around(0, map_box.y1 + gap, note_w, note_h, "left", "top")
        key_left = 0.0
    if look.notes:
        anchor = note_box.nearest_point(kx, ky)
        target = nearest_points(shape.boundary, Point(*view.to_data(*anchor)))[0]
        end = view.to_px(target.x, target.y)
        draw_leader(fig, view, anchor, end, look, look.palette.focus_edge)
        draw_note(fig, view, note_box, panel.note, look, look.palette.focus_edge, "troop-note")
        placer.leaders.append((anchor, end))
    _draw_key(fig, view, panel.key, key_left, note_box.y1 + 2 * gap, look)


def _label_places(
    fig: go.Figure, brief: Brief, view: MapView, placer: layout.Placer, marks: tuple, map_box: layout.Box, look: Look
) -> gpd.GeoDataFrame:
    """The names, in order of importance: the focus region's (around the city dots, or over them where it finds no
    room among them, and the dots it covers go), each city's beside its dot (the dots stay visible: no later text
    covers them), then each neighbouring region's; returns the cities kept.

    A name goes only on its own territory: a region's inside it (on one line or wrapped), a city's beside its dot and
    off the other country's regions. Where a name has no such spot free at this size it is left out, a city with its
    dot: a slide's type is large, and a Russian oblast's name printed inside Ukraine would be worse than none (the key
    still names the focus region by its colour). `marks`: the regions and the cities.
    """
    regions, places = marks
    px, colours, focus = look.text_px, look.palette, focus_iso(brief)
    focus_name = place_names(brief)[place_ids_by_iso(brief)[focus]]
    texts = {focus: name_lines(focus_name, "b")}
    texts |= {r.iso_3166_2: name_lines(r.name, "i") for r in regions.itertuples() if r.iso_3166_2 != focus}
    shapes = regions.set_index("iso_3166_2").geometry
    style = (px, 0.0)
    marker = look.px(12)
    dots = {
        place.Index: layout.Box.around(
            *view.to_px(place.geometry.x, place.geometry.y), marker, marker, "center", "middle"
        )
        for place in places.itertuples()
    }
    for box in dots.values():  # the dots stay visible: the focus name goes around them where it can
        placer.block(box)
    labels = {focus: place_in_region(placer, view, shapes[focus], texts[focus], map_box, style)}
    if labels[focus] is None:  # no room among the dots (a slide's type): the name first, and the dots it covers go
        placer.unblock(dots.values())
        labels[focus] = place_in_region(placer, view, shapes[focus], texts[focus], map_box, style)
        dots = {i: box for i, box in dots.items() if not any(box.grow(placer.gap).overlaps(b) for b in placer.boxes)}
        for box in dots.values():
            placer.block(box)
    # A city's name stays off the regions of every country but its own: those regions, joined once per country.
    others = {country: regions[regions["country"] != country].union_all() for country in {*regions["country"], None}}
    kept = []
    for place in places.loc[list(dots)].itertuples():
        holding = regions[regions.contains(place.geometry)]
        foreign = others[holding["country"].iloc[0] if len(holding) else None]
        w, h = layout.text_size(escape_plotly(place.name), px)
        near = marker / 2 + placer.gap + 1
        ring = layout.ring(*dots[place.Index].centre, w, h, [near, near + look.px(30)])
        chosen = placer.place_free(off_foreign(ring, view, foreign))
        if chosen is not None:
            kept.append(place.Index)
            draw_label(fig, view, chosen, escape_plotly(place.name), look, colours.ink)
    for region in regions.itertuples():
        if region.iso_3166_2 != focus:
            labels[region.iso_3166_2] = place_in_region(
                placer, view, region.geometry, texts[region.iso_3166_2], map_box, style
            )
    for iso, placed in labels.items():
        if placed is not None:
            draw_label(fig, view, placed[1], placed[0], look, colours.ink if iso == focus else colours.muted)
    return places.loc[kept]


def _add_markers(fig: go.Figure, places: gpd.GeoDataFrame, shape, focus_place: str, look: Look) -> None:
    """The reference cities' dots, and an invisible target on the focus region that a click selects it by."""
    fig.add_trace(
        go.Scatter(
            x=places.geometry.x,
            y=places.geometry.y,
            mode="markers",
            marker={"symbol": "square", "size": look.px(12), "color": look.palette.muted},
            hovertext=[
                f"{n}: reference place for orientation (GeoNames), not named in the report" for n in places["name"]
            ],
            hoverinfo="text",
            name="Reference place (not in the report)",
            meta={"fact_ids": []},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[shape.representative_point().x],
            y=[shape.representative_point().y],
            mode="markers",
            marker={"size": look.px(14), "color": "rgba(0,0,0,0)"},
            customdata=[[focus_place]],
            hoverinfo="skip",
            name="Kursk region: select",
            meta={"fact_ids": []},
        )
    )


def _draw_regions(fig: go.Figure, brief: Brief, regions: gpd.GeoDataFrame, look: Look) -> None:
    colours = look.palette
    kursk_facts = facts_at(brief, brief.focus_place_id)
    focus, opposing = focus_iso(brief), country_iso(brief, "opposing_place_id")
    country_names = brief.places.dropna(subset=["iso_code"]).set_index("iso_code")["name"]
    for region in regions.itertuples():
        is_kursk = region.iso_3166_2 == focus
        fill = colours.focus_fill if is_kursk else colours.opposing if region.country == opposing else colours.neighbour
        country = escape_plotly(country_names.get(region.country, region.country))
        hover = [f"<b>{escape_plotly(region.name)} region ({country})</b>"]
        facts = kursk_facts if is_kursk else kursk_facts.iloc[0:0]
        hover += fact_lines(brief, facts) if is_kursk else ["No fact of the report is placed here."]
        fig.add_trace(
            area_trace(
                region.geometry,
                fill,
                {"color": colours.focus_edge if is_kursk else colours.faint, "width": look.px(4 if is_kursk else 1.5)},
                hoveron="fills",
                hoverinfo="text",
                text="<br>".join(wrap(line, 90) for line in hover),
                name="Kursk region (oblast)" if is_kursk else f"{country}: neighbouring region (not in the report)",
                meta={"fact_ids": facts["fact_id"].tolist(), "iso": region.iso_3166_2},
            )
        )
    border_x, border_y = lines_xy(geometry_parts(state_border(regions, focus)))
    fig.add_trace(
        go.Scatter(
            x=border_x,
            y=border_y,
            mode="lines",
            line={"color": colours.ink, "width": look.px(4)},
            name="Russia–Ukraine state border (Natural Earth, not from the report)",
            hoverinfo="skip",
            meta={"fact_ids": []},
        )
    )


def _troop_note(brief: Brief, look: Look, width: float) -> tuple[str, tuple[float, float]]:
    """The troop note wrapped to a panel `width`, and its boxed size (text, padding and border)."""
    px, pad = look.text_px, look.px(8)
    note = "<br>".join(layout.wrap(line, width - 2 * pad - look.px(4), px) for line in troop_note_text(brief, look))
    note_w, note_h = layout.text_size(note, px)
    return note, (note_w + 2 * pad + look.px(4), note_h + 2 * pad + look.px(4))


def _operational_key(look: Look, width: float) -> list[tuple[str, str, float]]:
    """The map's key: (swatch kind, text, height) per line, wrapped to the panel."""
    px = look.text_px
    entries = [
        ("focus", "Kursk region (oblast), where US officials place the troops"),
        ("neighbour", "Russian neighbouring region (not in the report)"),
        ("opposing", "Ukrainian neighbouring region (not in the report)"),
        ("border", "Russia–Ukraine state border (Natural Earth, not from the report)"),
        ("city", "City for orientation (GeoNames, not in the report)"),
    ]
    swatch = look.px(44)
    out = []
    for kind, text in entries:
        wrapped = layout.wrap(text, width - swatch - look.px(12), px)
        out.append((kind, wrapped, layout.text_size(wrapped, px)[1]))
    return out


def _draw_key(fig: go.Figure, view: MapView, key: list, left: float, top: float, look: Look) -> None:
    colours = look.palette
    swatch, gap = look.px(44), look.px(16)
    styles = {
        "focus": (colours.focus_fill, colours.focus_edge, look.px(4)),
        "neighbour": (colours.neighbour, colours.faint, look.px(1.5)),
        "opposing": (colours.opposing, colours.faint, look.px(1.5)),
    }
    y = top
    for kind, text, height in key:
        middle = y + look.text_px * 0.6
        if kind in styles:
            fill, edge, width = styles[kind]
            (x0, y0), (x1, y1) = (
                view.to_data(left, middle - look.px(11)),
                view.to_data(left + swatch, middle + look.px(11)),
            )
            fig.add_shape(type="rect", x0=x0, y0=y0, x1=x1, y1=y1, fillcolor=fill, line={"color": edge, "width": width})
        elif kind == "border":
            draw_leader(
                fig, view, (left, middle), (left + swatch, middle), replace(look, scale=look.scale * 2), colours.ink
            )
        else:
            cx, cy = view.to_data(left + swatch / 2, middle)
            fig.add_trace(
                go.Scatter(
                    x=[cx],
                    y=[cy],
                    mode="markers",
                    marker={"symbol": "square", "size": look.px(12), "color": colours.muted},
                    hoverinfo="skip",
                    name="key: city",
                    meta={"fact_ids": []},
                )
            )
        draw_note(fig, view, layout.Box(left + swatch + look.px(12), y, 0, 0), text, look, "", f"key-{kind}")
        y += height + gap
