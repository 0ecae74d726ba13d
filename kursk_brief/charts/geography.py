"""The two maps: the operational view of Kursk and the strategic view of who is linked to whom.

Geometry comes only from the committed files in data/geo (see its PROVENANCE.md), projected with GeoPandas to an
equal-area projection and drawn as plain Plotly shapes on cartesian axes: no tiles, no topojson, nothing fetched.
Marks carry the ids of the facts they show, so that every shape, marker and link is traceable to a row.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon
from shapely.geometry import box as shapely_box
from shapely.ops import nearest_points
from shapely.validation import make_valid

from kursk_brief.charts import layout
from kursk_brief.charts.look import (
    SCREEN,
    STATUS_DASH,
    STATUS_GLYPH,
    STATUS_LABELS,
    Draft,
    Frame,
    Look,
    wrap,
)
from kursk_brief.data.facts import (
    ALT_TEXT_LIMIT,
    Brief,
    actor_names,
    capped,
    citation,
    filter_facts,
    format_figure,
    more_facts,
    number_phrase,
    paragraph_marks,
    per_brief,
    place_names,
)
from kursk_brief.schema.rows import FactKind, PlaceRole, Status
from kursk_brief.words import wording
from kursk_brief.words.escape import escape_plotly

GEO_DIR = Path(__file__).resolve().parents[2] / "data" / "geo"
OPERATIONAL_CRS = "+proj=laea +lat_0=51.5 +lon_0=36 +datum=WGS84 +units=m"
STRATEGIC_CRS = "+proj=eqearth +lon_0=0 +datum=WGS84 +units=m"
OPERATIONAL_TITLE = "Kursk region: where US officials place the North Korean troops"
STRATEGIC_TITLE = "Who is linked to whom: deployment, diplomacy, statements"
VIEWS = ("Operational", "Strategic")
"""The Map page's two views, as its `view` URL parameter names them."""
STRATEGIC_WINDOW = (-5, 140, 10, 78)
"""West, east, south, north (degrees): Europe to the Koreas, with room for notes; a state beyond it sits at the edge."""
STRATEGIC_KEY = (
    "Arrow: a count, from the counted group's country to where the report places it, or a statement, from the "
    "speaker's country to the state the report says it was addressed to."
)
CONVENTION = "Borders: internationally recognised (Crimea shown as part of Ukraine)."
BOUNDARY_SOURCE = "boundaries: Natural Earth (public domain); reference places: GeoNames (CC BY 4.0)"
LINKS_PER_PAIR = 3  # curves between the same two places are bent apart in three steps
NOTE_BAND = 0.2
"""On screen, a band above the map this share of its width tall, free while labels are placed: on a narrow column
the notes find no room among the arrows, and there they sit above the map (the Arctic, where nothing of the report
lies) with a short leader. What of it no label took is then cut off the canvas (`strategic_figure`)."""
NOTE_WIDTHS = (28, 32, 36, 40, 44, 48, 52)
"""Widths, in text sizes, a city's note may be wrapped to: narrow first; wider when that lets it sit nearer its dot."""
LABEL_WIDTHS = (20, 14, 28)
"""Widths, in text sizes, a link's label (or a state's silence note) may be wrapped to, in order: the first that finds a
free spot is drawn."""


@cache
def _read(name: str) -> gpd.GeoDataFrame:
    return gpd.read_file(GEO_DIR / name)


def operational_regions() -> gpd.GeoDataFrame:
    """Kursk and its neighbours, projected (metres), loaded once per process."""
    return _read("operational_regions.geojson").to_crs(OPERATIONAL_CRS)


def reference_places() -> gpd.GeoDataFrame:
    return _read("reference_places.geojson").to_crs(OPERATIONAL_CRS)


def strategic_countries() -> gpd.GeoDataFrame:
    return _read("strategic_countries.geojson").to_crs(STRATEGIC_CRS)


def world_land() -> gpd.GeoDataFrame:
    return _read("world_land.geojson").to_crs(STRATEGIC_CRS)


def state_border(regions: gpd.GeoDataFrame, focus_iso: str) -> LineString | MultiPolygon:
    """The state border inside the view: where the focus region's country's regions meet the other country's."""
    home = regions["country"] == regions.set_index("iso_3166_2").loc[focus_iso, "country"]
    return regions[home].union_all().boundary.intersection(regions[~home].union_all().buffer(10))


def focus_iso(brief: Brief) -> str:
    """The ISO code of the brief's focus region (`brief.csv`), the key of its shape in the boundary files."""
    return brief.places.set_index("place_id").loc[brief.focus_place_id, "iso_code"]


def _country_iso(brief: Brief, column: str) -> str:
    """The ISO code of the country a `brief.csv` setting names (`origin_place_id`, `opposing_place_id`)."""
    return brief.places.set_index("place_id").loc[brief.setting[column], "iso_code"]


def place_points(brief: Brief, crs: str) -> dict[str, Point]:
    """Where each report place sits in a projection: cities at their gazetteer point, areas at a point inside."""
    areas = pd.concat(
        [
            _read("operational_regions.geojson")[["iso_3166_2", "geometry"]].rename(columns={"iso_3166_2": "iso"}),
            _read("strategic_countries.geojson")[["country", "geometry"]].rename(columns={"country": "iso"}),
        ]
    )
    anchors = gpd.GeoSeries(areas.geometry.representative_point().values, index=areas["iso"].values, crs=4326)
    points = {}
    for place in brief.places.itertuples():
        if place.kind == "city":
            point = gpd.GeoSeries([Point(place.lon, place.lat)], crs=4326)
        elif place.iso_code in anchors.index:
            point = anchors.loc[[place.iso_code]]
        else:
            continue
        points[place.place_id] = point.to_crs(crs).iloc[0]
    return points


def _parts(geometry) -> list:
    """The simple parts of a geometry, whether it is single, multi-part or a collection."""
    return list(getattr(geometry, "geoms", [geometry]))


def _lines(lines) -> tuple[list, list]:
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


def _outline(geometry: Polygon | MultiPolygon) -> list:
    """The rings a filled shape is drawn with: the outer ring of each polygon part (holes are not drawn)."""
    return [p.exterior for p in _parts(geometry) if isinstance(p, Polygon)]


def _area(geometry: Polygon | MultiPolygon, fill: str, line: dict, **trace: object) -> go.Scatter:
    """A filled shape drawn as a plain cartesian trace: no map tiles, no topojson, just coordinates."""
    xs, ys = _lines(_outline(geometry))
    return go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=fill, line=line, **trace)


def _off_lines(
    candidates: Sequence[layout.Candidate], lines: list, view: MapView, gap: float
) -> list[layout.Candidate]:
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


def _place_of_iso(brief: Brief) -> dict[str, str]:
    """Report place id per ISO code, linking a boundary shape to the place the facts name."""
    return brief.places.dropna(subset=["iso_code"]).set_index("iso_code")["place_id"].to_dict()


def facts_at(brief: Brief, place_id: str) -> pd.DataFrame:
    return brief.facts[brief.facts["place_id"] == place_id]


def _fact_lines(brief: Brief, facts: pd.DataFrame) -> list[str]:
    """One hover line per fact: a number with what it counts, or our summary; status, citation and id. Unwrapped.

    At most LIST_LIMIT lines and one counting the rest: a hover of a hundred thousand lines stalls the browser.
    """
    shown, hidden = capped(facts)
    lines = [
        f"{STATUS_LABELS[Status(f['status'])]} · "
        f"{escape_plotly(number_phrase(f) if f['kind'] == FactKind.NUMBER else f['summary'])} "
        f"({escape_plotly(citation(brief, f['source_id'], f['paragraphs']))}; {f['fact_id']})"
        for _, f in shown.iterrows()
    ]
    return lines + ([more_facts(hidden)] if hidden else [])


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


def _note(
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


def _leader(
    fig: go.Figure, view: MapView, start: tuple[float, float], end: tuple[float, float], look: Look, colour: str
) -> None:
    (x0, y0), (x1, y1) = view.to_data(*start), view.to_data(*end)
    fig.add_shape(
        type="line", x0=x0, y0=y0, x1=x1, y1=y1, xref="x", yref="y", line={"color": colour, "width": look.px(2)}
    )


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


def operational_figure(brief: Brief, look: Look = SCREEN) -> go.Figure:
    """The framed Kursk map: regions filling the map area, the state border, a scale bar, and beside the map (below it
    on a narrow canvas) the troop note with a leader line to the Kursk region and the key. Labels avoid each other."""
    regions = operational_regions()
    places = reference_places()
    colours, px = look.palette, look.text_px
    gap = look.px(16)
    source = f"{brief.report['citation_label']}; {BOUNDARY_SOURCE}. {CONVENTION} Lambert equal-area projection"
    frame = Frame(look, OPERATIONAL_TITLE, source, brief.as_of)
    plot = frame.plot_area()
    # Beside the map on a wide canvas or a landscape one (a slide), else below it.
    side = plot.width >= 55 * px or plot.width >= 1.6 * plot.height
    for share in (0.34, 0.38, 0.42, 0.46, 0.5) if side else (1.0,):
        # On a short canvas the panel widens until the note and the key, wrapped to it, fit its height.
        panel_width = max(plot.width * share, 16 * px) if side else plot.width
        note, (note_w, note_h) = _troop_note(brief, look, panel_width) if look.notes else ("", (0.0, -2 * gap))
        key = _operational_key(look, panel_width)
        key_h = sum(height for _, _, height in key) + gap * (len(key) - 1)
        if note_h + key_h + 2 * gap <= plot.height:
            break
    bounds = regions.total_bounds + np.array([-15_000, -15_000, 15_000, 15_000])
    if side:
        map_box = layout.Box(0, 0, plot.width - panel_width - 2 * gap, plot.height)
    else:
        map_height = plot.width * (bounds[3] - bounds[1]) / (bounds[2] - bounds[0])
        below = note_h + key_h + 3 * gap
        if look.fit_height and map_height + below > plot.height:
            frame = replace(frame, look=replace(look, height=look.height + map_height + below - plot.height))
            plot = frame.plot_area()
        map_box = layout.Box(0, 0, plot.width, plot.height - below)
    view = MapView.fit(bounds, map_box)
    fig = Draft()
    _draw_regions(fig, brief, regions, look)
    focus = focus_iso(brief)
    kursk = regions[regions["iso_3166_2"] == focus].geometry.iloc[0]
    placer = layout.Placer(layout.Box(0, 0, map_box.x1, map_box.y1), look.px(6))
    for part in _parts(state_border(regions, focus)):  # the heavy border line crosses no label
        placer.avoid([view.to_px(x, y) for x, y in part.coords])
    # The troop note and the key: beside the map level with Kursk, or below it; a leader line runs to Kursk.
    kx, ky = view.to_px(kursk.centroid.x, kursk.centroid.y)
    if side:
        note_box = layout.Box.around(
            plot.width - panel_width,
            max(min(ky - note_h / 2, plot.height - note_h - key_h - 2 * gap), 0),
            note_w,
            note_h,
            "left",
            "top",
        )
        key_top = note_box.y1 + 2 * gap
        key_left = note_box.x0
    else:
        note_box = layout.Box.around(0, map_box.y1 + gap, note_w, note_h, "left", "top")
        key_top, key_left = note_box.y1 + 2 * gap, 0.0
    if look.notes:
        anchor = note_box.nearest_point(kx, ky)
        target = nearest_points(kursk.boundary, Point(*view.to_data(*anchor)))[0]
        end = view.to_px(target.x, target.y)
        _leader(fig, view, anchor, end, look, colours.focus_edge)
        _note(fig, view, note_box, note, look, colours.focus_edge, "troop-note")
        placer.leaders.append((anchor, end))
    _draw_key(fig, view, key, key_left, key_top, look)
    # Marks first (they must stay visible), then labels in order of importance.
    city_px = [view.to_px(p.x, p.y) for p in places.geometry]
    marker = look.px(12)
    for x, y in city_px:
        placer.block(layout.Box.around(x, y, marker, marker, "center", "middle"))
    scale_box = _scale_bar(fig, view, map_box, look)
    placer.block(scale_box)
    place_of_iso = _place_of_iso(brief)
    kursk_name = place_names(brief)[place_of_iso[focus]]
    label_px = {}
    label_px[focus] = _place_in_region(placer, view, kursk, f"<b>{escape_plotly(kursk_name)}</b>", px, map_box)
    for (x, y), name in zip(city_px, places["name"], strict=True):
        w, h = layout.text_size(escape_plotly(name), px)
        near = marker / 2 + placer.gap + 1
        chosen = placer.place(layout.ring(x, y, w, h, [near, near + look.px(30), near + look.px(70)]))
        _label(fig, view, chosen, escape_plotly(name), look, colours.ink)
    for region in regions.itertuples():
        if region.iso_3166_2 != focus:
            label_px[region.iso_3166_2] = _place_in_region(
                placer, view, region.geometry, f"<i>{escape_plotly(region.name)}</i>", px, map_box
            )
    for iso, candidate in label_px.items():
        if candidate is not None:
            text = (
                f"<b>{escape_plotly(kursk_name)}</b>"
                if iso == focus
                else f"<i>{escape_plotly(regions.set_index('iso_3166_2').loc[iso, 'name'])}</i>"
            )
            _label(fig, view, candidate, text, look, colours.ink if iso == focus else colours.muted)
    fig.add_trace(
        go.Scatter(
            x=places.geometry.x,
            y=places.geometry.y,
            mode="markers",
            marker={"symbol": "square", "size": marker, "color": colours.muted},
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
            x=[kursk.representative_point().x],
            y=[kursk.representative_point().y],
            mode="markers",
            marker={"size": look.px(14), "color": "rgba(0,0,0,0)"},
            customdata=[[place_of_iso[focus]]],
            hoverinfo="skip",
            name="Kursk region: select",
            meta={"fact_ids": []},
        )
    )
    view.apply(fig, plot)
    return frame.apply(fig, plot)


def _draw_regions(fig: go.Figure, brief: Brief, regions: gpd.GeoDataFrame, look: Look) -> None:
    colours = look.palette
    kursk_facts = facts_at(brief, brief.focus_place_id)
    focus, opposing = focus_iso(brief), _country_iso(brief, "opposing_place_id")
    country_names = brief.places.dropna(subset=["iso_code"]).set_index("iso_code")["name"]
    for region in regions.itertuples():
        is_kursk = region.iso_3166_2 == focus
        fill = colours.focus_fill if is_kursk else colours.ukraine if region.country == opposing else colours.russia
        country = escape_plotly(country_names.get(region.country, region.country))
        hover = [f"<b>{escape_plotly(region.name)} region ({country})</b>"]
        facts = kursk_facts if is_kursk else kursk_facts.iloc[0:0]
        hover += _fact_lines(brief, facts) if is_kursk else ["No fact of the report is placed here."]
        fig.add_trace(
            _area(
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
    border_x, border_y = _lines(_parts(state_border(regions, focus)))
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
        ("kursk", "Kursk region (oblast), where US officials place the troops"),
        ("russia", "Russian neighbouring region (not in the report)"),
        ("ukraine", "Ukrainian neighbouring region (not in the report)"),
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
        "kursk": (colours.focus_fill, colours.focus_edge, look.px(4)),
        "russia": (colours.russia, colours.faint, look.px(1.5)),
        "ukraine": (colours.ukraine, colours.faint, look.px(1.5)),
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
            _leader(
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
        _note(fig, view, layout.Box(left + swatch + look.px(12), y, 0, 0), text, look, "", f"key-{kind}")
        y += height + gap


def _place_in_region(
    placer: layout.Placer, view: MapView, region, text: str, px: float, area: layout.Box, padding: float = 0.0
) -> layout.Candidate | None:
    """A spot for a region's name mostly inside the region's visible part, as near its centre as is free; failing
    that, near the centre with a leader line, so that no region goes unnamed."""
    w, h = layout.text_size(text, px)
    w, h = w + 2 * padding, h + 2 * padding
    x0, y0 = view.to_data(area.x0, area.y1)
    x1, y1 = view.to_data(area.x1, area.y0)
    visible = region.intersection(shapely_box(x0, y0, x1, y1))
    if visible.is_empty:
        return None
    inner = visible.representative_point()
    centre = view.to_px(inner.x, inner.y)
    scored = []
    for dy in range(-6, 7):
        for dx in range(-6, 7):
            box = layout.Box.around(centre[0] + dx * h * 1.5, centre[1] + dy * h, w, h, "center", "middle")
            (bx0, by1), (bx1, by0) = view.to_data(box.x0, box.y0), view.to_data(box.x1, box.y1)
            footprint = shapely_box(bx0, by0, bx1, by1)
            if visible.intersection(footprint).area >= 0.8 * footprint.area:
                scored.append((abs(dx) * 1.5 + abs(dy), layout.Candidate(box)))
    inside = [candidate for _, candidate in sorted(scored, key=lambda pair: pair[0])]
    return placer.place(inside + layout.ring(*centre, w, h, [h, 3 * h, 5 * h]))


def _reads_as_own(box: layout.Box, own: layout.Box, dots: Sequence[tuple[float, float]], px: float) -> bool:
    """Whether a label reads as naming its own mark: nearer to it than to any city dot by a text size or more.

    A dot with no name beside it takes the nearest name as its own (Kursk's label once sat left of Moscow's dot).
    """
    return all(math.dist(dot, box.nearest_point(*dot)) >= box.distance(own) + px for dot in dots)


def _label(
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
        _leader(
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


def _scale_bar(fig: go.Figure, view: MapView, area: layout.Box, look: Look) -> layout.Box:
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


@per_brief
def strategic_links(brief: Brief) -> pd.DataFrame:
    """One link per fact that ties two places, by two rules only, so that no arrow says more than its row.

    A count placed somewhere runs from the counted group's country to the place of the count. A statement the report
    says was addressed to a state runs from each speaker's country to the addressee's. A statement merely about a
    state, or made at a place, is no link: it is listed at its place (`place_notes`).
    """
    country = brief.actors.set_index("actor_id")["country_id"].to_dict()
    kinds = brief.actors.set_index("actor_id")["kind"].to_dict()
    places = set(brief.places["place_id"])
    names = actor_names(brief)
    facts = brief.facts[brief.facts["status"] != Status.DERIVED]
    counted = (facts["kind"] == FactKind.NUMBER) & (facts["place_role"] == PlaceRole.LOCATED)
    addressed = (facts["kind"] == FactKind.STATEMENT) & facts["addressee_ids"].map(bool)
    rows = []
    for fact in facts[counted | addressed].itertuples(index=False):  # only rows that can link, in one cheap pass
        if fact.kind == FactKind.NUMBER:
            groups = [a for a in fact.about_ids if kinds.get(a) == "group"]
            ends = [(country.get(groups[0]), fact.place_id)] if groups else []
            label = format_figure(fact._asdict())
        else:
            speakers = dict.fromkeys(country.get(a) for a in fact.actor_ids)
            ends = [(speaker, country.get(fact.addressee_ids[0])) for speaker in speakers]
            label = f"{wording.who(fact, names)} {wording.action(fact, names)}"
        rows += [
            {
                "fact_id": fact.fact_id,
                "source": source,
                "target": target,
                "status": fact.status,
                "label": label,
                "summary": fact.summary,
                "citation": citation(brief, fact.source_id, fact.paragraphs),
                "paragraphs": fact.paragraphs,
            }
            for source, target in ends
            if source in places and target in places and source != target
        ]
    return pd.DataFrame(
        rows, columns=["fact_id", "source", "target", "status", "label", "summary", "citation", "paragraphs"]
    )


@per_brief
def place_notes(brief: Brief) -> pd.DataFrame:
    """Facts tied to a city (where words were said, where a meeting was), shown as a note at that city, not a link."""
    cities = set(brief.places.loc[brief.places["kind"] == "city", "place_id"])
    facts = brief.facts[brief.facts["place_id"].isin(cities) & (brief.facts["status"] != Status.DERIVED)]
    places = place_names(brief)
    names = actor_names(brief)
    return pd.DataFrame(
        {
            "place_id": facts["place_id"],
            "fact_id": facts["fact_id"],
            "status": facts["status"],
            "text": [_note_text(fact, names, places) for fact in facts.to_dict("records")],
            "paragraphs": facts["paragraphs"],
        }
    )


def _note_text(fact: dict, names: dict[str, str], places: dict[str, str]) -> str:
    """A figure with what it counts, or who said what about whom and where: `Sergey Lavrov praised (about ...), said in Moscow`."""
    if fact["kind"] == FactKind.NUMBER:
        return number_phrase(fact)
    return f"{wording.statement_line(fact, names)}, {wording.place_phrase(fact, places)}"


def _window(crs: str) -> list[float]:
    """Projected bounds of the strategic map's longitude/latitude window."""
    west, east, south, north = STRATEGIC_WINDOW
    edge = [(lon, south) for lon in range(west, east + 1)] + [(lon, north) for lon in range(east, west - 1, -1)]
    return list(gpd.GeoSeries([Polygon(edge)], crs=4326).to_crs(crs).total_bounds)


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
    colours, px = look.palette, look.text_px
    gap = look.px(10)
    names = place_names(brief)
    links = strategic_links(brief)
    notes = place_notes(brief)
    silences = _silences(brief)
    kept = _kept(brief, highlight)
    source = f"{brief.report['citation_label']}; {BOUNDARY_SOURCE}. {CONVENTION} Equal Earth projection"
    who = actor_names(brief)[highlight] if highlight else None
    frame = Frame(
        look,
        wording.view_title(STRATEGIC_TITLE, who) if who else STRATEGIC_TITLE,
        source,
        brief.as_of,
        subtitle=wording.map_highlight_note(who) if who else "",
        extra_key=[STRATEGIC_KEY, *_nested_counts(brief, links)],
    )
    plot = frame.plot_area()
    window = _window(STRATEGIC_CRS)
    band = NOTE_BAND * plot.width if look.fit_height else 0.0
    if look.fit_height:
        wanted = max(plot.width * (window[3] - window[1]) / (window[2] - window[0]), plot.width * 0.8) + band
        if wanted > plot.height:
            frame = replace(frame, look=replace(look, height=look.height + wanted - plot.height))
            plot = frame.plot_area()
    area = layout.Box(0, 0, plot.width, plot.height)
    view = MapView.fit(window, layout.Box(0, band, plot.width, plot.height))
    (left, top), (right, bottom) = view.to_data(0, 0), view.to_data(plot.width, plot.height)
    seen = shapely_box(left, bottom, right, top)
    fig = Draft()
    outlines: list = []  # every line the base map draws, kept off the one label without a background (Kursk's)
    for land in world_land().geometry:
        shown = make_valid(land).intersection(seen.buffer(200_000))
        if not shown.is_empty:
            outlines += _outline(shown)
            fig.add_trace(
                _area(
                    shown,
                    colours.land,
                    {"color": colours.land_edge, "width": look.px(1)},
                    hoverinfo="skip",
                    meta={"fact_ids": []},
                )
            )
    place_of_iso = _place_of_iso(brief)
    countries = strategic_countries().set_index("country")
    origin, opposing = _country_iso(brief, "origin_place_id"), _country_iso(brief, "opposing_place_id")
    for iso, country in countries.iterrows():
        place_id = place_of_iso.get(iso)
        facts = facts_at(brief, place_id) if place_id else brief.facts.iloc[0:0]
        shown = make_valid(country.geometry).intersection(seen.buffer(200_000))
        if shown.is_empty:
            continue
        outlines += _outline(shown)
        fill = colours.focus_fill if iso == origin else colours.ukraine if iso == opposing else colours.other
        fig.add_trace(
            _area(
                shown,
                fill,
                {"color": colours.muted, "width": look.px(1.5)},
                hoveron="fills",
                hoverinfo="text",
                text="<br>".join(
                    wrap(h, 90)
                    for h in [f"<b>{escape_plotly(names.get(place_id, iso))}</b>", *_fact_lines(brief, facts)]
                ),
                name=escape_plotly(names.get(place_id, iso)),
                meta={"fact_ids": facts["fact_id"].tolist()},
            )
        )
    focus = brief.focus_place_id
    kursk = operational_regions().to_crs(STRATEGIC_CRS).set_index("iso_3166_2").geometry[focus_iso(brief)]
    outlines += _outline(kursk)
    fig.add_trace(
        _area(
            kursk,
            colours.focus_fill,
            {"color": colours.focus_edge, "width": look.px(3)},
            hoverinfo="skip",
            name=escape_plotly(names[focus]),
            meta={"fact_ids": facts_at(brief, focus)["fact_id"].tolist()},
        )
    )
    placer = layout.Placer(area, look.px(6))
    points = place_points(brief, STRATEGIC_CRS)
    kind_of = brief.facts.set_index("fact_id")["kind"]  # indexed once: per link it was quadratic in the fact rows
    placed_counts = set(links.loc[links["fact_id"].map(kind_of) == FactKind.NUMBER, "target"])
    kinds = brief.places.set_index("place_id")["kind"].to_dict()
    ends = sorted(set(links["source"]) | set(links["target"]) | set(silences))
    cities = sorted(set(notes["place_id"]))
    dot = look.px(14)
    dots = [view.to_px(points[city].x, points[city].y) for city in cities]
    for x, y in dots:
        placer.block(layout.Box.around(x, y, dot, dot, "center", "middle"))
    boxes: dict[str, layout.Box] = {}
    # State label boxes: inside the state where it is on the map, at the left edge where it is not.
    for place in [p for p in ends if kinds[p] == "country"]:
        text = f"<b>{escape_plotly(names[place])}</b>"
        if place in placed_counts:
            text += f"<br>{escape_plotly(wording.where_not_stated(names[place]))}"
        geometry = countries.geometry[brief.places.set_index("place_id").loc[place, "iso_code"]]
        if geometry.intersection(seen).area < 0.02 * geometry.area:
            x, y = view.to_px(points[place].x, points[place].y)
            text += f"<br>{escape_plotly(wording.off_map('west' if x < 0 else 'east'))}"
            w, h = layout.text_size(text, px)
            box = layout.Box.around(
                look.px(8), min(max(y, h), plot.height - h), w + 2 * gap, h + 2 * gap, "left", "middle"
            )
            placer.block(box)
            boxes[place] = box
            _note(fig, view, box, text, look, colours.ink, f"state-{place}")
            continue
        candidate = _place_in_region(placer, view, geometry, text, px, area, padding=gap)
        boxes[place] = candidate.box
        # The note's frame is the box: its padding and border add up to `gap`, and arrows end at the box's sides.
        _note(fig, view, candidate.box, text, look, colours.ink, f"state-{place}")
        if candidate.leader:
            _leader(fig, view, *candidate.leader, look, colours.muted)
    # The Kursk region and the cities, named beside their shape or dot.
    (x0, y1), (x1, y0) = view.to_px(*kursk.bounds[:2]), view.to_px(*kursk.bounds[2:])
    boxes[focus] = layout.Box(x0, y0, x1, y1)  # an arrow to the region ends at its outline's box
    placer.block(boxes[focus])
    shown_links, hidden_links = _drawn_links(links)
    curves = _route_links(placer, shown_links, boxes, look)  # the arrows first: every text placed after keeps off them
    kursk_text = f"<b>{escape_plotly(names[focus])}</b>"
    w, h = layout.text_size(kursk_text, px)
    kx, ky = boxes[focus].centre
    near = look.px(12) + (x1 - x0) / 2
    spots = layout.ring(kx, ky, w, h, [near, near + look.px(20), look.px(50), look.px(75), look.px(100)])
    spots += layout.anywhere(kx, ky, w, h, area, look.px(24))
    own = [c for c in spots if _reads_as_own(c.box, boxes[focus], dots, px)] or spots
    # Off the coasts and borders where a spot is free, else on a plate of the background colour that masks the lines
    # under it (a narrow screen leaves none free); a name wider than the map: the least crowded spot, never dropped.
    own = [_from_edge(c, boxes[focus]) for c in own]
    chosen = placer.place(_off_lines(own, outlines, view, look.px(2)) + own)
    masked = not _off_lines([chosen], outlines, view, 0)
    _label(fig, view, chosen, kursk_text, look, colours.ink, colours.background if masked else None)
    # A city's note carries its name and what the report ties to it, in free space with a leader line to its dot.
    for place_id, group in notes.groupby("place_id", sort=False):
        shown, more = capped(group)
        lines = [
            f"{_status_mark(Status(n.status), look, _grey(kept, [n.fact_id]))} ({paragraph_marks(n.paragraphs)}): "
            + _greyed(escape_plotly(n.text), look, _grey(kept, [n.fact_id]))
            for n in shown.itertuples()
        ] + ([more_facts(more)] if more else [])
        texts = [
            "<br>".join([f"<b>{escape_plotly(names[place_id])}</b>", *(layout.wrap(t, width * px, px) for t in lines)])
            for width in NOTE_WIDTHS
        ]
        x, y = view.to_px(points[place_id].x, points[place_id].y)
        grey = _grey(kept, group["fact_id"])
        border = colours.faint if grey else colours.ink if kept else colours.muted
        _boxed_note(fig, view, placer, (x, y), texts, look, border, f"note-{place_id}", bool(kept) and not grey)
    # Then the link labels, each on or beside its arrow (a leader line when it must move off it); last, a silence
    # note, tied to its state's box by a leader line, takes the space left.
    _draw_links(fig, view, placer, shown_links, curves, hidden_links, look, kept)
    for place_id, fact in silences.items():
        grey = _grey(kept, [fact.fact_id])
        words = f"{_status_mark(Status(fact.status), look, grey)} ({paragraph_marks(fact.paragraphs)}): " + _greyed(
            f"No statement by {escape_plotly(names[place_id])} in the report", look, grey
        )
        border = colours.faint if grey else colours.status[Status(fact.status)]
        _boxed_note(
            fig,
            view,
            placer,
            boxes[place_id].centre,
            [layout.wrap(words, n * px, px) for n in LABEL_WIDTHS],
            look,
            border,
            fact.fact_id,
            bool(kept) and not grey,
            origin=boxes[place_id],
        )
    shown = [p for p in ends + cities if p in boxes or p in cities]
    centres = [view.to_data(*boxes[p].centre) if p in boxes else (points[p].x, points[p].y) for p in shown]
    fig.add_trace(
        go.Scatter(
            x=[c[0] for c in centres],
            y=[c[1] for c in centres],
            mode="markers",
            marker={
                "size": [dot if p in cities else look.px(30) for p in shown],
                "color": [colours.ink if p in cities else "rgba(0,0,0,0)" for p in shown],
            },
            customdata=[[p] for p in shown],
            hovertext=[
                "<br>".join(
                    wrap(line, 90)
                    for line in [f"<b>{escape_plotly(names[p])}</b>", *_fact_lines(brief, facts_at(brief, p))]
                )
                for p in shown
            ],
            hoverinfo="text",
            name="Place in the report",
            meta={"fact_ids": []},
        )
    )
    if look.fit_height:  # the band left above the map for notes, less what none of them took
        unused = min(band, placer.top() - placer.gap)
        if unused > 0:
            frame = replace(frame, look=replace(frame.look, height=frame.look.height - unused))
            plot = frame.plot_area()
            view = replace(view, pixel_centre=(view.pixel_centre[0], view.pixel_centre[1] - unused))
    view.apply(fig, plot)
    return frame.apply(fig, plot)


def _status_mark(status: Status, look: Look, grey: bool = False) -> str:
    """`◆ CLAIMED`: the status's marker shape in its colour (grey outside a highlight), then its word."""
    colour = look.palette.muted if grey else look.palette.status[status]
    return _greyed(
        f"<span style='color:{colour}'>{STATUS_GLYPH[status]}</span> <b>{STATUS_LABELS[status]}</b>", look, grey
    )


def _grey(kept: set[str] | None, fact_ids: Iterable[str]) -> bool:
    """Whether marks of these facts are drawn grey: a highlight is set and none of them is by, to or about its actor."""
    return kept is not None and not kept.intersection(fact_ids)


def _greyed(text: str, look: Look, grey: bool) -> str:
    """Text in the muted colour outside a highlight (still above 4.5:1 on the background), as it is otherwise."""
    return f"<span style='color:{look.palette.muted}'>{text}</span>" if grey else text


def _boxed_note(
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
            candidates = [_from_edge(c, origin) for c in candidates]
        free = next((c for c in candidates if placer.free(c)), None)
        reach = math.dist(*free.leader) if free and free.leader else 0.0 if free else math.inf
        options.append((reach, text, [free] if free else candidates))
    _, text, candidates = min(options, key=lambda option: option[0])
    chosen = placer.place(candidates)
    if chosen.leader:
        _leader(fig, view, *chosen.leader, look, look.palette.muted)
    _note(fig, view, chosen.box, text, look, border, name, heavy)


def _from_edge(candidate: layout.Candidate, origin: layout.Box) -> layout.Candidate:
    """A note's spot with its leader from the nearest edge of its anchor's box to the nearest edge of the note: the
    shortest line between the two boxes, which finds a way out between neighbours that one from the centre does not."""
    if candidate.leader is None:
        return candidate
    start = origin.nearest_point(*candidate.box.nearest_point(*origin.centre))
    end = candidate.box.nearest_point(*start)
    return replace(candidate, leader=(start, end))


def _nested_counts(brief: Brief, links: pd.DataFrame) -> list[str]:
    """A line per drawn count that another drawn count includes, so that two arrows are not read as a sum."""
    facts = brief.facts.set_index("fact_id", drop=False)
    drawn = set(links["fact_id"])
    parts = facts[facts["fact_id"].isin(drawn) & facts["part_of"].isin(drawn)].iloc[:LINKS_PER_PAIR]
    return [
        escape_plotly(f"The {format_figure(part)} are among the {format_figure(facts.loc[part['part_of']])}.")
        for _, part in parts.iterrows()
    ]


def _port(box: layout.Box, other: layout.Box) -> tuple[float, float]:
    """Where a link leaves or reaches a state's box: the middle of the side facing the other box.

    Not the nearest corner: boxes of neighbouring states sit close (North and South Korea), and an arrow ending at a
    corner they share would read as pointing at either.
    """
    (x, y), (ox, oy) = box.centre, other.centre
    if abs(ox - x) / box.width >= abs(oy - y) / box.height:
        return (box.x1 if ox > x else box.x0), y
    return x, (box.y1 if oy > y else box.y0)


ARROW_SIZE = 1.4
BENDS = (0.12, -0.12, 0.22, -0.22, 0.04, -0.04, 0.32, -0.32, 0.42, -0.42)
"""How far a link's arc may bend sideways (share of its length), in order of preference: the first clear one wins."""


def _route_links(
    placer: layout.Placer, links: pd.DataFrame, boxes: dict, look: Look
) -> list[list[tuple[float, float]]]:
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


def _draw_links(
    fig: go.Figure,
    view: MapView,
    placer: layout.Placer,
    links: pd.DataFrame,
    curves: list[list[tuple[float, float]]],
    hidden: dict[tuple[str, str], int],
    look: Look,
    kept: set[str] | None = None,
) -> None:
    """Each link as its routed arrow (`_route_links`), labelled on or beside it, clear of every other arrow.

    Outside a highlight (`kept`: the facts it keeps) a link is grey and thinner, its label muted; inside one, its
    label's border is heavier.
    """
    px = look.text_px
    last = links.groupby("pair").cumcount(ascending=False) == 0
    for link, closes, best in zip(links.itertuples(), last, curves, strict=True):
        status = Status(link.status)
        grey = _grey(kept, [link.fact_id])
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
        words = _greyed(f"{escape_plotly(link.label)} ({paragraph_marks(link.paragraphs)})", look, grey)
        wrapped = [layout.wrap(f"{_status_mark(status, look, grey)} · {words}{more}", n * px, px) for n in LABEL_WIDTHS]
        spots = [_link_label_spots(best, *_framed_size(text, look), placer, look) for text in wrapped]
        option, chosen = placer.place_any(spots, owner=f"link-{link.fact_id}")
        text = wrapped[option]
        if chosen.leader:
            _leader(fig, view, *chosen.leader, look, colour)
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


def _drawn_links(links: pd.DataFrame) -> tuple[pd.DataFrame, dict[tuple[str, str], int]]:
    """At most LINKS_PER_PAIR links between two places (their curves are spread apart), and how many more each pair
    has: thousands of identical arcs draw as one thick line and cost the browser a trace each."""
    pair = list(zip(links["source"], links["target"], strict=True))
    rank = links.groupby(["source", "target"]).cumcount()
    drawn = links.assign(pair=pair)[rank < LINKS_PER_PAIR]
    totals = pd.Series(pair, dtype=object).value_counts().to_dict()
    return drawn, {key: total - min(total, LINKS_PER_PAIR) for key, total in totals.items()}


def _silences(brief: Brief) -> dict[str, object]:
    """Silence facts by the place of the silent state, so the map can mark where no statement came from."""
    country = brief.actors.set_index("actor_id")["country_id"].to_dict()
    places = set(brief.places["place_id"])
    silences = brief.facts[brief.facts["kind"] == FactKind.SILENCE]
    return {country[a]: fact for fact in silences.itertuples() for a in fact.about_ids if country.get(a) in places}


def operational_alt_text(brief: Brief) -> str:
    shown, hidden = capped(facts_at(brief, brief.focus_place_id), ALT_TEXT_LIMIT)
    lines = [f"{f.summary} ({citation(brief, f.source_id, f.paragraphs)})" for f in shown.itertuples()]
    lines += [more_facts(hidden, "facts placed in the Kursk region", sentence=True)] if hidden else []
    return (
        "Map of Russia's Kursk region with its Russian and Ukrainian neighbours and the state border. "
        "The report gives no location within the region and no front line. " + " ".join(lines)
    )


def strategic_alt_text(brief: Brief, highlight: str | None = None) -> str:
    """The links, the notes at places and the silences, one clause each; with `highlight` (an actor id), also what the
    map keeps in colour for that actor, clause by clause from the same rows, as `strategic_figure` draws it."""
    names = place_names(brief)
    links = strategic_links(brief)
    shown_links, more_links = capped(links, ALT_TEXT_LIMIT)
    shown_notes, more_notes = capped(place_notes(brief), ALT_TEXT_LIMIT)
    link_clauses = [(link.fact_id, _link_clause(link, names)) for link in shown_links.itertuples()]
    note_clauses = [(note.fact_id, _note_clause(note, names)) for note in shown_notes.itertuples()]
    silences = [
        (fact.fact_id, f"{names[place]}: no statement in the report") for place, fact in _silences(brief).items()
    ]
    parts = [text for _, text in link_clauses] + ([more_facts(more_links, "links")] if more_links else [])
    notes = [f"{text}." for _, text in note_clauses]
    notes += [more_facts(more_notes, "notes at places", sentence=True)] if more_notes else []
    focus = f" {_kept_clauses(brief, highlight, [*link_clauses, *note_clauses, *silences])}" if highlight else ""
    return (
        f"World map with {len(links)} links drawn from the report's facts: a count from the counted group's country "
        f"to where it is placed, or a statement from the speaker's country to the state it was addressed to.{focus} "
        + "; ".join(parts)
        + ". "
        + " ".join(notes)
        + "".join(f" {text}." for _, text in silences)
    )


def _link_clause(link, names: dict[str, str]) -> str:
    return f"{names[link.source]} to {names[link.target]}: {link.label} ({paragraph_marks(link.paragraphs)})"


def _note_clause(note, names: dict[str, str]) -> str:
    return f"At {names[note.place_id]}: {note.text} ({paragraph_marks(note.paragraphs)})"


def _kept_clauses(brief: Brief, highlight: str, clauses: list[tuple[str, str]]) -> str:
    """What a highlighted map keeps in colour, named: the actor's links, notes and silence as the alt text says them
    (`clauses`: fact id and clause), and how many more of the actor's facts the map draws past the alt text's cap."""
    kept, who = _kept(brief, highlight), actor_names(brief)[highlight]
    theirs = [text for fact_id, text in clauses if fact_id in kept]
    hidden = len(kept.intersection(strategic_fact_ids(brief)) - {fact_id for fact_id, _ in clauses})
    if not theirs and not hidden:
        return f"No link or note on this map is by, to or about {who}; all are in grey."
    more = [more_facts(hidden, "of their facts on the map")] if hidden else []
    return f"{wording.map_highlight_note(who)} Kept in colour: " + "; ".join(theirs + more) + "."


def _kept(brief: Brief, highlight: str | None) -> set[str] | None:
    """The facts a highlighted map keeps in colour: those by, to or about the actor; None when nothing is highlighted."""
    return set(filter_facts(brief.facts, actors=[highlight])["fact_id"]) if highlight else None


def operational_fact_ids(brief: Brief) -> list[str]:
    return facts_at(brief, brief.focus_place_id)["fact_id"].tolist()


def strategic_fact_ids(brief: Brief) -> list[str]:
    return list(
        dict.fromkeys(
            [
                *strategic_links(brief)["fact_id"],
                *place_notes(brief)["fact_id"],
                *brief.facts.loc[brief.facts["kind"] == FactKind.SILENCE, "fact_id"],
            ]
        )
    )


def place_from_selection(points: list[dict], brief: Brief) -> str | None:
    """The report place a user clicked on the map, if the click landed on a place marker."""
    places = set(brief.places["place_id"])
    for point in points:
        custom = point.get("customdata")
        value = custom[0] if isinstance(custom, list) and custom else custom
        if value in places:
            return value
    return None
