"""The two maps: the operational view of Kursk and the strategic view of who is linked to whom.

Geometry comes only from the committed files in data/geo (see its PROVENANCE.md), projected with GeoPandas to an
equal-area projection and drawn as plain Plotly shapes on cartesian axes: no tiles, no topojson, nothing fetched.
Marks carry the ids of the facts they show, so that every shape, marker and link is traceable to a row.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go
from shapely.geometry import LineString, MultiPolygon, Point, Polygon

from kursk_brief import wording
from kursk_brief.facts import (
    ALT_TEXT_LIMIT,
    Brief,
    actor_names,
    capped,
    citation,
    format_figure,
    more_facts,
    number_phrase,
    paragraph_marks,
    per_brief,
    place_names,
)
from kursk_brief.schema import FactKind, PlaceRole, Status
from kursk_brief.style import (
    SCREEN,
    STATUS_DASH,
    STATUS_LABELS,
    STATUS_SYMBOL,
    Look,
    frame_figure,
    wrap,
)
from kursk_brief.text import escape_plotly

GEO_DIR = Path(__file__).resolve().parent.parent / "data" / "geo"
OPERATIONAL_CRS = "+proj=laea +lat_0=51.5 +lon_0=36 +datum=WGS84 +units=m"
STRATEGIC_CRS = "+proj=eqearth +lon_0=0 +datum=WGS84 +units=m"
KURSK_ISO = "RU-KRS"
OPERATIONAL_TITLE = "Kursk region: where US officials place the North Korean troops"
STRATEGIC_TITLE = "Who is linked to whom: deployment, diplomacy, statements"
CONVENTION = "Borders: internationally recognised (Crimea shown as part of Ukraine)."
BOUNDARY_SOURCE = "boundaries: Natural Earth (public domain); reference places: GeoNames (CC BY 4.0)"
LINKS_PER_PAIR = 3  # curves between the same two places are bent apart in three steps


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


def state_border(regions: gpd.GeoDataFrame) -> LineString | MultiPolygon:
    """The Russia–Ukraine border inside the view: where the two countries' regions meet."""
    russia = regions[regions["country"] == "RU"].union_all()
    ukraine = regions[regions["country"] == "UA"].union_all()
    return russia.boundary.intersection(ukraine.buffer(10))


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


def _area(geometry: Polygon | MultiPolygon, fill: str, line: dict, **trace: object) -> go.Scatter:
    """A filled shape drawn as a plain cartesian trace: no map tiles, no topojson, just coordinates."""
    xs, ys = _lines(p.exterior for p in _parts(geometry) if isinstance(p, Polygon))
    return go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=fill, line=line, **trace)


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


def operational_figure(brief: Brief, look: Look = SCREEN) -> go.Figure:
    """The framed Kursk map: regions, the state border, the troop presence on the region as a whole, a scale bar."""
    regions = operational_regions()
    colours = look.palette
    fig = go.Figure()
    kursk_facts = facts_at(brief, "kursk_region")
    for region in regions.itertuples():
        is_kursk = region.iso_3166_2 == KURSK_ISO
        fill = colours.focus_fill if is_kursk else colours.russia if region.country == "RU" else colours.ukraine
        country = "Russia" if region.country == "RU" else "Ukraine"
        hover = [f"<b>{escape_plotly(region.name)} region ({country})</b>"]
        facts = kursk_facts if is_kursk else kursk_facts.iloc[0:0]
        hover += _fact_lines(brief, facts) if is_kursk else ["No fact of the report is placed here."]
        fig.add_trace(
            _area(
                region.geometry,
                fill,
                {"color": colours.focus_edge if is_kursk else colours.faint, "width": look.px(3 if is_kursk else 1)},
                hoveron="fills",
                hoverinfo="text",
                text="<br>".join(wrap(line, 90) for line in hover),
                name="Kursk region (oblast)" if is_kursk else f"{country}: neighbouring region (not in the report)",
                legendgroup="kursk" if is_kursk else country,
                showlegend=is_kursk or region.iso_3166_2 in ("RU-BEL", "UA-59"),
                meta={"fact_ids": facts["fact_id"].tolist(), "iso": region.iso_3166_2},
            )
        )
    border_x, border_y = _lines(_parts(state_border(regions)))
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
    # Kursk's label sits north of its centre so that it does not cover the Kursk city marker.
    labels = [
        Point(p.x, p.y + 35_000) if iso == KURSK_ISO else p
        for p, iso in zip(regions.geometry.representative_point(), regions["iso_3166_2"], strict=True)
    ]
    place_of_iso = _place_of_iso(brief)
    fig.add_trace(
        go.Scatter(
            x=[p.x for p in labels],
            y=[p.y for p in labels],
            mode="markers+text",
            marker={"size": look.px(14), "color": "rgba(0,0,0,0)"},
            customdata=[[place_of_iso.get(iso)] for iso in regions["iso_3166_2"]],
            text=[
                f"<b>{escape_plotly(n)}</b>" if iso == KURSK_ISO else escape_plotly(n)
                for n, iso in zip(regions["name"], regions["iso_3166_2"], strict=True)
            ],
            textfont={"color": colours.muted},
            hoverinfo="skip",
            showlegend=False,
            meta={"fact_ids": []},
        )
    )
    places = reference_places()
    fig.add_trace(
        go.Scatter(
            x=places.geometry.x,
            y=places.geometry.y,
            mode="markers+text",
            marker={"symbol": "square", "size": look.px(10), "color": colours.muted},
            text=[escape_plotly(n) for n in places["name"]],
            textposition="bottom center",
            textfont={"color": colours.muted},
            hovertext=[
                f"{escape_plotly(n)}: reference place for orientation (GeoNames), not named in the report"
                for n in places["name"]
            ],
            hoverinfo="text",
            name="Reference place (not in the report)",
            meta={"fact_ids": []},
        )
    )
    _troop_note(fig, brief, regions, look)
    _scale_bar(fig, regions, look)
    bounds = regions.total_bounds
    fig.update_xaxes(visible=False, range=[bounds[0] - 20_000, bounds[2] + 20_000])
    fig.update_yaxes(visible=False, range=[bounds[1] - 60_000, bounds[3] + 20_000], scaleanchor="x", scaleratio=1)
    source = f"{brief.report['citation_label']}; {BOUNDARY_SOURCE}. {CONVENTION} Lambert equal-area projection"
    return frame_figure(fig, OPERATIONAL_TITLE, source, brief.as_of, look)


def _troop_note(fig: go.Figure, brief: Brief, regions: gpd.GeoDataFrame, look: Look) -> None:
    """Presence facts as a label on the region as a whole: the report gives no position in it and no front line."""
    facts = facts_at(brief, "kursk_region")
    presence = facts[(facts["status"] != Status.DERIVED) & facts["kind"].isin([FactKind.NUMBER, FactKind.SITUATION])]
    shown, hidden = capped(presence)
    lines = []
    for _, fact in shown.iterrows():
        label = f"<b>{STATUS_LABELS[Status(fact['status'])]}</b> ({paragraph_marks(fact['paragraphs'])}): "
        text = number_phrase(fact) if fact["kind"] == FactKind.NUMBER else fact["summary"]
        lines.append(label + wrap(escape_plotly(text), 60))
    if hidden:
        lines.append(more_facts(hidden))
    lines.append("<i>Where in the region: not reported. No front line given, none drawn.</i>")
    kursk = regions[regions["iso_3166_2"] == KURSK_ISO].geometry.iloc[0]
    fig.add_annotation(
        x=kursk.centroid.x,
        y=kursk.bounds[1],
        text="<br>".join(lines),
        showarrow=False,
        align="center",
        yanchor="top",
        bgcolor=look.palette.background,
        bordercolor=look.palette.focus_edge,
        borderwidth=look.px(1.5),
        name="troop-note",
    )


def _scale_bar(fig: go.Figure, regions: gpd.GeoDataFrame, look: Look) -> None:
    """A 100 km bar: the projection is equal-area and local, so distances near the centre are close to true."""
    x0, y0 = regions.total_bounds[2] - 150_000, regions.total_bounds[1] - 35_000
    fig.add_shape(type="line", x0=x0, x1=x0 + 100_000, y0=y0, y1=y0, line={"width": look.px(4)})
    fig.add_annotation(x=x0 + 50_000, y=y0, text="100 km", showarrow=False, yanchor="bottom")


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


def strategic_figure(brief: Brief, look: Look = SCREEN) -> go.Figure:
    """The framed strategic map: land, the six states, and a curved arrow per linking fact."""
    colours = look.palette
    fig = go.Figure()
    for land in world_land().geometry:
        fig.add_trace(
            _area(
                land,
                colours.land,
                {"color": colours.land_edge, "width": look.px(0.5)},
                hoverinfo="skip",
                showlegend=False,
                meta={"fact_ids": []},
            )
        )
    names = place_names(brief)
    place_of_iso = _place_of_iso(brief)
    for country in strategic_countries().itertuples():
        place_id = place_of_iso.get(country.country)
        facts = facts_at(brief, place_id) if place_id else brief.facts.iloc[0:0]
        name = escape_plotly(names.get(place_id, country.country))
        hover = [f"<b>{name}</b>", *_fact_lines(brief, facts)]
        fill = (
            colours.focus_fill
            if country.country == "KP"
            else colours.ukraine
            if country.country == "UA"
            else colours.other
        )
        fig.add_trace(
            _area(
                country.geometry,
                fill,
                {"color": colours.muted, "width": look.px(1)},
                hoveron="fills",
                hoverinfo="text",
                text="<br>".join(wrap(h, 90) for h in hover),
                showlegend=False,
                name=name,
                meta={"fact_ids": facts["fact_id"].tolist()},
            )
        )
    points = place_points(brief, STRATEGIC_CRS)
    links = strategic_links(brief)
    drawn, hidden = _drawn_links(links)
    for status, group in drawn.groupby("status", sort=False):
        colour = colours.status[Status(status)]
        curves = [
            _curve(points[link.source], points[link.target], 0.12 + 0.07 * (i % 3))
            for i, link in enumerate(group.itertuples())
        ]
        for link, (xs, ys) in zip(group.itertuples(), curves, strict=True):
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    line={"color": colour, "width": look.px(2), "dash": STATUS_DASH[Status(status)]},
                    hoverinfo="skip",
                    showlegend=False,
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
                arrowhead=3,
                arrowsize=1.3,
                arrowwidth=look.px(2),
                arrowcolor=colour,
            )
        fig.add_trace(
            go.Scatter(
                x=[xs[len(xs) // 2] for xs, _ in curves],
                y=[ys[len(ys) // 2] for _, ys in curves],
                marker={
                    "size": look.px(14),
                    "color": colour,
                    "symbol": STATUS_SYMBOL[Status(status)],
                    "line": {"width": look.px(1), "color": colours.background},
                },
                customdata=[[link.fact_id] for link in group.itertuples()],
                mode="markers+text",
                text=[
                    wrap(escape_plotly(f"{link.label} ({paragraph_marks(link.paragraphs)})"), 28)
                    for link in group.itertuples()
                ],
                textposition="top center",
                hovertext=[
                    wrap(f"<b>{escape_plotly(link.label)}</b> {escape_plotly(link.summary)}", 80)
                    + f"<br>{STATUS_LABELS[Status(status)]} · {escape_plotly(link.citation)} · {link.fact_id}"
                    + (f"<br>{more_facts(hidden[link.pair], 'links between these two')}" if hidden[link.pair] else "")
                    for link in group.itertuples()
                ],
                hoverinfo="text",
                name=f"{STATUS_LABELS[Status(status)]} link",
                meta={"fact_ids": group["fact_id"].tolist()},
            )
        )
    silences = _silences(brief)
    notes = place_notes(brief)
    shown = sorted(set(links["source"]) | set(links["target"]) | set(silences) | set(notes["place_id"]))
    fig.add_trace(
        go.Scatter(
            x=[points[p].x for p in shown],
            y=[points[p].y for p in shown],
            mode="markers+text",
            marker={"size": look.px(10), "color": colours.ink},
            text=[escape_plotly(names[p]) for p in shown],
            textposition="top center",
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
    for place_id, fact in silences.items():
        fig.add_annotation(
            x=points[place_id].x,
            y=points[place_id].y,
            text=f"No statement by {escape_plotly(names[place_id])} in the report ({paragraph_marks(fact.paragraphs)})",
            showarrow=True,
            arrowhead=0,
            ax=0,
            ay=look.px(60),
            bgcolor=colours.background,
            bordercolor=colours.status[Status(fact.status)],
            name=fact.fact_id,
        )
    for place_id, group in notes.groupby("place_id", sort=False):
        shown, more = capped(group)
        fig.add_annotation(
            x=points[place_id].x,
            y=points[place_id].y,
            text="<br>".join(
                [
                    f"<b>{STATUS_LABELS[Status(n.status)]}</b> ({paragraph_marks(n.paragraphs)}): "
                    f"{wrap(escape_plotly(n.text), 50)}"
                    for n in shown.itertuples()
                ]
                + ([more_facts(more)] if more else [])
            ),
            showarrow=True,
            arrowhead=0,
            ax=look.px(-40),
            ay=look.px(-90),
            align="left",
            bgcolor=colours.background,
            bordercolor=colours.muted,
            name=f"note-{place_id}",
        )
    xs = [p.x for p in points.values()]
    ys = [p.y for p in points.values()]
    fig.update_xaxes(visible=False, range=[min(xs) - 1_500_000, max(xs) + 1_500_000])
    fig.update_yaxes(visible=False, range=[min(ys) - 1_800_000, max(ys) + 1_200_000], scaleanchor="x", scaleratio=1)
    source = f"{brief.report['citation_label']}; {BOUNDARY_SOURCE}. {CONVENTION} Equal Earth projection"
    return frame_figure(fig, STRATEGIC_TITLE, source, brief.as_of, look).update_layout(showlegend=False)


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


def _curve(a: Point, b: Point, bend: float, steps: int = 16) -> tuple[list[float], list[float]]:
    """A quadratic arc from a to b bent sideways by `bend` of its length, so parallel links stay apart."""
    cx, cy = (a.x + b.x) / 2 - bend * (b.y - a.y), (a.y + b.y) / 2 + bend * (b.x - a.x)
    ts = [i / steps for i in range(steps + 1)]
    xs = [(1 - t) ** 2 * a.x + 2 * (1 - t) * t * cx + t**2 * b.x for t in ts]
    ys = [(1 - t) ** 2 * a.y + 2 * (1 - t) * t * cy + t**2 * b.y for t in ts]
    return xs, ys


def operational_alt_text(brief: Brief) -> str:
    shown, hidden = capped(facts_at(brief, "kursk_region"), ALT_TEXT_LIMIT)
    lines = [f"{f.summary} ({citation(brief, f.source_id, f.paragraphs)})" for f in shown.itertuples()]
    lines += [more_facts(hidden, "facts placed in the Kursk region", sentence=True)] if hidden else []
    return (
        "Map of Russia's Kursk region with its Russian and Ukrainian neighbours and the state border. "
        "The report gives no location within the region and no front line. " + " ".join(lines)
    )


def strategic_alt_text(brief: Brief) -> str:
    names = place_names(brief)
    links = strategic_links(brief)
    shown_links, more_links = capped(links, ALT_TEXT_LIMIT)
    parts = [
        f"{names[link.source]} to {names[link.target]}: {link.label} ({paragraph_marks(link.paragraphs)})"
        for link in shown_links.itertuples()
    ] + ([more_facts(more_links, "links")] if more_links else [])
    shown_notes, more_notes = capped(place_notes(brief), ALT_TEXT_LIMIT)
    notes = [
        f"At {names[note.place_id]}: {note.text} ({paragraph_marks(note.paragraphs)})."
        for note in shown_notes.itertuples()
    ] + ([more_facts(more_notes, "notes at places", sentence=True)] if more_notes else [])
    return (
        f"World map with {len(links)} links drawn from the report's facts: a count from the counted group's country "
        "to where it is placed, or a statement from the speaker's country to the state it was addressed to. "
        + "; ".join(parts)
        + ". "
        + " ".join(notes)
        + "".join(f" {names[place]}: no statement in the report." for place in _silences(brief))
    )


def operational_fact_ids(brief: Brief) -> list[str]:
    return facts_at(brief, "kursk_region")["fact_id"].tolist()


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
