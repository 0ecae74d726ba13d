"""Map geometry and figures: real borders by the stated convention, every mark traceable to a fact, nothing remote."""

from __future__ import annotations

import itertools
import json
import math
import re
from dataclasses import replace

import geopandas as gpd
import pytest
from shapely.geometry import Point

from kursk_brief.app.harness import run_page
from kursk_brief.charts import geography, layout
from kursk_brief.charts.geography.geodata import places_inside
from kursk_brief.charts.look import SCREEN, Look
from kursk_brief.data.queries import place_names
from tests.paths import DATA

GEO = DATA / "geo"


@pytest.fixture(scope="module")
def regions() -> gpd.GeoDataFrame:
    return gpd.read_file(GEO / "operational_regions.geojson").set_index("iso_3166_2")


def test_kursk_oblast_contains_kursk_city(regions, brief) -> None:
    places = gpd.read_file(GEO / "reference_places.geojson").set_index("name")
    assert regions.loc["RU-KRS", "geometry"].contains(places.loc["Kursk", "geometry"])
    assert not regions.loc["RU-BEL", "geometry"].contains(places.loc["Kursk", "geometry"])


@pytest.mark.parametrize("neighbour", ["RU-BEL", "RU-BRY", "RU-ORL", "RU-LIP", "RU-VOR", "UA-59"])
def test_named_neighbours_touch_kursk(regions, neighbour) -> None:
    shared = regions.loc["RU-KRS", "geometry"].intersection(regions.loc[neighbour, "geometry"])
    assert shared.length > 10_000 / 111_000, f"{neighbour} should share a border with Kursk"


def test_kharkiv_does_not_touch_kursk(regions) -> None:
    assert regions.loc["RU-KRS", "geometry"].distance(regions.loc["UA-63", "geometry"]) > 0.1


def test_the_state_border_runs_along_kursk_and_its_neighbours() -> None:
    border = geography.state_border(geography.operational_regions(), "RU-KRS")
    assert border.length > 500_000  # metres, in the operational projection
    kursk = geography.operational_regions().set_index("iso_3166_2").loc["RU-KRS", "geometry"]
    assert border.intersection(kursk.buffer(100)).length > 100_000


def test_crimea_belongs_to_ukraine_by_the_documented_convention() -> None:
    countries = gpd.read_file(GEO / "strategic_countries.geojson").set_index("country")
    simferopol, sevastopol = Point(34.10, 44.95), Point(33.75, 44.58)  # Sevastopol municipality, inland
    assert countries.loc["UA", "geometry"].contains(simferopol)
    assert countries.loc["UA", "geometry"].contains(sevastopol)
    assert not countries.loc["RU", "geometry"].contains(simferopol)
    assert not countries.loc["RU", "geometry"].contains(sevastopol)
    assert "Crimea (UA-43) and" in (GEO / "PROVENANCE.md").read_text(encoding="utf-8")


def test_committed_geometry_is_small() -> None:
    total = sum(p.stat().st_size for p in GEO.glob("*.geojson"))
    assert total < 400_000


def _fact_ids(figure) -> list[str]:
    ids = [i for trace in figure.data if trace.meta for i in trace.meta.get("fact_ids", [])]
    ids += [
        row[0]
        for trace in figure.data
        if trace.customdata is not None and trace.name != "Place in the report"
        for row in trace.customdata
        if row[0]
    ]
    return ids


@pytest.mark.parametrize("build", [geography.operational_figure, geography.strategic_figure])
def test_every_mark_references_an_existing_fact_and_no_remote_url(brief, build) -> None:
    figure = build(brief)
    known = set(brief.facts["fact_id"]) | set(brief.places["place_id"])
    ids = _fact_ids(figure)
    assert ids and set(ids) <= known
    text = figure.to_json()
    assert not re.search(r"https?://", text), "no URL of any host in the figure"
    assert "mapbox" not in text and "topojson" not in text
    assert len(text) < 350_000


def test_operational_map_labels_and_convention(brief) -> None:
    figure = geography.operational_figure(brief)
    names = {trace.name for trace in figure.data}
    assert {
        "Kursk region (oblast)",
        "Russia–Ukraine state border (Natural Earth, not from the report)",
        "Reference place (not in the report)",
        "Russia: neighbouring region (not in the report)",
    } <= names
    notes = " ".join(a.text for a in figure.layout.annotations)
    assert "Where in the region: not reported" in notes and "none drawn" in notes
    assert "CLAIMED</b> (¶1, ¶4)" in notes and "approximately 8,000" in notes
    assert "internationally recognised" in notes and "100 km" in notes
    kursk = next(t for t in figure.data if t.name == "Kursk region (oblast)")
    assert "troops_in_kursk" in kursk.meta["fact_ids"] and "ukrainian_presence" in kursk.meta["fact_ids"]


def test_strategic_map_links_are_the_report_links(brief) -> None:
    links = geography.strategic_links(brief)
    pairs = set(zip(links["fact_id"], links["source"], links["target"], strict=True))
    assert pairs == {
        ("troops_to_russia", "north_korea", "russia"),
        ("troops_in_kursk", "north_korea", "kursk_region"),
        ("zelensky_urges_seoul", "ukraine", "south_korea"),
        ("china_called_on", "united_states", "china"),
    }, "a link is a placed count or an addressed statement; a statement about a state is no link"
    notes = geography.place_notes(brief)
    assert set(zip(notes["place_id"], notes["fact_id"], strict=True)) == {
        ("moscow", "lavrov_praise"),
        ("moscow", "sixth_meeting"),
    }
    texts = " ".join(a.text.replace("<br>", " ") for a in geography.strategic_figure(brief).layout.annotations)
    assert "No statement by China in the report" in texts
    assert "6th engagement between Lavrov and Choe Son Hui" in texts and "6 meetings" not in texts


def test_strategic_map_reads_without_hover(brief) -> None:
    """Every link carries its status, words and paragraph on the map; a state counted as a whole says so."""
    figure = geography.strategic_figure(brief, look=Look.for_output(1920, 1080))
    labels = {a.name: a.text.replace("<br>", " ") for a in figure.layout.annotations if a.name}
    for link in geography.strategic_links(brief).itertuples():
        text = labels[f"link-{link.fact_id}"]
        assert "CLAIMED" in text and link.label in text and "¶" in text
    assert "where in Russia: not stated" in labels["state-russia"]
    assert "beyond this map, to the west" in labels["state-united_states"]
    assert "Moscow" in labels["note-moscow"] and "said in Moscow" in labels["note-moscow"]


def test_a_note_says_what_a_statement_is_about_as_its_row_words_it(brief) -> None:
    """Lavrov praised the contacts between the two states' services, not the states: the note takes the row's
    `about_text`, never the bare list of states in its `about_ids`."""
    row = brief.facts.set_index("fact_id").loc["lavrov_praise"]
    assert row["about_text"] and list(row["about_ids"]) == ["north_korea", "russia"]
    note = geography.place_notes(brief).set_index("fact_id").loc["lavrov_praise", "text"]
    assert note == f"Sergey Lavrov praised (about: {row['about_text']}), said in Moscow"
    assert "praised (about: North Korea and Russia)" not in geography.strategic_alt_text(brief)


def test_a_label_is_placed_beside_a_line_it_must_not_cross() -> None:
    """The Kursk map's state border is such a line: a city label right of its marker would sit on it, so goes left."""
    placer = layout.Placer(layout.Box(0, 0, 200, 200), 2)
    placer.avoid([(100, 0), (100, 200)])
    chosen = placer.place(layout.ring(95, 100, 40, 10, [3]))
    assert chosen.box.x1 < 100 - 2 and not placer.crosses_line(chosen.box)
    assert placer.crosses_line(layout.Box(98, 95, 138, 105))


def test_only_a_lines_own_label_sits_on_it_and_its_leader_crosses_no_other_line() -> None:
    placer = layout.Placer(layout.Box(0, 0, 200, 200), 2)
    placer.avoid([(0, 100), (200, 100)], owner="link-a")
    on_line = layout.Candidate(layout.Box(80, 95, 120, 105))
    assert placer.free(on_line, owner="link-a") and not placer.free(on_line, owner="link-b")
    assert not placer.free(on_line)  # a label of no line keeps off every line
    across = layout.Candidate(layout.Box(80, 150, 120, 160), ((100, 50), (100, 150)))
    assert placer.free(across, owner="link-a") and not placer.free(across, owner="link-b")


def test_operational_note_sits_beside_the_map_with_a_leader_to_kursk(brief) -> None:
    figure = geography.operational_figure(brief, look=Look.for_output(1920, 1080))
    note = next(a for a in figure.layout.annotations if a.name == "troop-note")
    kursk = geography.operational_regions().set_index("iso_3166_2").geometry[geography.focus_iso(brief)]
    assert note.x > geography.operational_regions().total_bounds[2], "the note is beside the map, not on it"
    leader = figure.layout.shapes[0]
    assert kursk.boundary.distance(Point(leader.x1, leader.y1)) < 1, "the leader line ends on Kursk's outline"


def test_a_click_on_a_place_marker_selects_the_place(brief) -> None:
    assert geography.place_from_selection([{"customdata": ["moscow"]}], brief) == "moscow"
    assert geography.place_from_selection([{"customdata": ["china_concern"]}], brief) is None


def test_map_page_lists_facts_of_the_place_in_the_url() -> None:
    at = run_page("kursk_brief/app/pages/map.py", place="Moscow")
    assert not at.exception
    assert set(at.dataframe[0].value["id"]) == {"lavrov_praise", "sixth_meeting"}
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert figure["layout"]["meta"]["frame"]["title"].startswith("Kursk region")
    at.get("button_group")[0].set_value(geography.VIEWS[1]).run()
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert figure["layout"]["meta"]["frame"]["title"].startswith("Who is linked")


def test_map_page_place_picker_filters_facts(brief) -> None:
    at = run_page("kursk_brief/app/pages/map.py")
    next(s for s in at.selectbox if s.label == "Facts at place").set_value("kursk_region").run()
    assert set(at.dataframe[0].value["id"]) == set(
        brief.facts.loc[brief.facts["place_id"] == "kursk_region", "fact_id"]
    )


def test_strategic_highlight_keeps_the_actors_links_and_notes_in_colour(brief) -> None:
    faint, heavy = SCREEN.palette.faint, SCREEN.px(4)
    plain_figure, china = geography.strategic_figure(brief), geography.strategic_figure(brief, "china")
    lines = [t for t in china.data if t.mode == "lines" and t.fill is None and t.meta["fact_ids"]]
    coloured = {t.meta["fact_ids"][0] for t in lines if t.line.color != faint}
    assert coloured == {"china_called_on"}, "only the link whose fact names China keeps its colour"
    notes = {a.name: a for a in china.layout.annotations}
    assert notes["link-china_called_on"].bordercolor != faint and notes["link-troops_in_kursk"].bordercolor == faint
    assert notes["china_silence"].bordercolor != faint and notes["china_silence"].borderwidth == heavy
    assert notes["note-moscow"].bordercolor == faint and notes["note-moscow"].borderwidth < heavy
    lavrov = {a.name: a for a in geography.strategic_figure(brief, "lavrov").layout.annotations}
    assert lavrov["note-moscow"].borderwidth == heavy and lavrov["china_silence"].bordercolor == faint
    assert all(t.line.color != faint for t in plain_figure.data if t.mode == "lines" and t.fill is None)
    assert all(a.borderwidth < heavy for a in plain_figure.layout.annotations if a.borderwidth)


def test_a_highlighted_strategic_map_is_titled_for_its_actor(brief) -> None:
    figure = geography.strategic_figure(brief, "lavrov", look=Look.for_output(1920, 1080))
    assert figure.layout.meta["frame"]["title"] == "Who is linked to whom: Sergey Lavrov"
    texts = [a.text.replace("<br>", " ") for a in figure.layout.annotations]
    assert "In colour: links and notes of facts by, to or about Sergey Lavrov; the rest in grey." in texts
    plain = geography.strategic_figure(brief, look=Look.for_output(1920, 1080))
    assert plain.layout.meta["frame"]["title"] == geography.STRATEGIC_TITLE


def test_a_highlighted_strategic_alt_text_names_the_actor_and_their_links(brief) -> None:
    """The alt text of a highlighted map says what the map keeps in colour, from the same rows as the full list."""
    full = geography.strategic_alt_text(brief)
    lavrov = geography.strategic_alt_text(brief, "lavrov")
    kept = lavrov.split(" Kept in colour: ")[1].split(". North Korea to")[0]
    assert "In colour: links and notes of facts by, to or about Sergey Lavrov; the rest in grey." in lavrov
    notes = geography.place_notes(brief)
    assert kept.count("At Moscow: ") == 2 and all(text in kept for text in notes["text"])
    assert "Zelensky" not in kept and lavrov.endswith(full.split("addressed to. ")[1])
    china = geography.strategic_alt_text(brief, "china").split(" Kept in colour: ")[1]
    assert china.startswith("United States to China: Antony Blinken and Lloyd Austin called on China (¶13); China: no")
    assert "No link or note on this map is by, to or about KBS" in geography.strategic_alt_text(brief, "kbs")


def test_a_highlighted_alt_text_counts_what_its_cap_leaves_out(brief, monkeypatch) -> None:
    """Past the alt text's cap an actor's facts are counted, never said to be absent."""
    monkeypatch.setattr("kursk_brief.charts.geography.describe.ALT_TEXT_LIMIT", 1)
    kept = geography.strategic_alt_text(brief, "lavrov").split(" Kept in colour: ")[1].split(". North Korea to")[0]
    assert kept.count("At Moscow: ") == 1 and "and 1 more of their facts on the map: see the Facts page" in kept


@pytest.mark.parametrize("view", ["Operational", "Strategic"])
def test_map_page_points_to_what_is_visible_not_to_hover(view) -> None:
    """Meaning never hides in a hover: the page sends the reader to the chart's labels and to a place's facts."""
    captions = " ".join(c.value for c in run_page("kursk_brief/app/pages/map.py", view=view).caption)
    assert "hover" not in captions.casefold()
    assert "labelled on the chart" in captions and "click a place marker" in captions
    assert "list the facts placed there" in captions


def test_unfiltered_map_page_sends_the_reader_to_the_facts_page_instead_of_repeating_its_table(brief) -> None:
    """No place or actor picked, the table would be every fact, the Facts page's own; the page says where they are."""
    at = run_page("kursk_brief/app/pages/map.py")
    assert not at.exception and not at.dataframe
    assert any(m.value.startswith("Pick a place (or click its marker), or an actor") for m in at.markdown)
    (link,) = at.get("page_link")
    assert link.proto.page == "facts" and link.proto.label == f"All {len(brief.facts)} facts: the Facts page"


def test_map_page_takes_view_and_actor_from_the_url(brief) -> None:
    at = run_page("kursk_brief/app/pages/map.py", view="Strategic", actor="Sergey Lavrov")
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert figure["layout"]["meta"]["frame"]["title"].startswith("Who is linked")
    assert set(at.dataframe[0].value["id"]) == {"lavrov_praise", "sixth_meeting"}
    assert any(m.value == "**2** facts naming Sergey Lavrov" for m in at.markdown)
    # The heading names both filters: here only the actor is picked, and no "selected place" exists.
    assert [h.value for h in at.subheader] == ["Facts by place and actor"]
    chart = at.get("plotly_chart")[0].proto
    assert chart.alt == geography.strategic_alt_text(brief, "lavrov") and "Kept in colour" in chart.alt
    assert any(c.value.startswith("Alt text: World map") and "Kept in colour" in c.value for c in at.caption)


def test_map_page_names_an_unknown_actor_instead_of_filtering_silently(brief) -> None:
    at = run_page("kursk_brief/app/pages/map.py", actor="lavrov", view="Satellite")
    notices = " ".join(w.value for w in at.warning)
    assert "URL parameter `actor`: `lavrov` names no actor known here" in notices and "`Sergey Lavrov`" in notices
    assert "URL parameter `view`: `Satellite`" in notices and "`Strategic`" in notices
    assert not at.dataframe and at.get("page_link")[0].proto.label == f"All {len(brief.facts)} facts: the Facts page"


@pytest.mark.parametrize("highlight", [None, "lavrov", "china"])
def test_the_strategic_map_on_screen_keeps_no_empty_band_above_it(brief, highlight) -> None:
    """The screen canvas grows a band above the map for notes; what no note takes is dropped, not left blank."""
    fig = geography.strategic_figure(brief, highlight)
    bottom, top = fig.layout.yaxis.range
    per_pixel = (top - bottom) / (fig.layout.height - fig.layout.margin.t - fig.layout.margin.b)

    def pixels_down(y: float) -> float:
        return (top - y) / per_pixel

    tops = [pixels_down(s.y0 if s.y0 > s.y1 else s.y1) for s in fig.layout.shapes if s.yref == "y"]
    for note in (a for a in fig.layout.annotations if a.yref == "y" and a.text):
        half = (
            (layout.text_size(note.text, SCREEN.text_px)[1] + 2 * note.borderpad) / 2 if note.yanchor == "middle" else 0
        )
        tops.append(pixels_down(note.y) - half)
    tops += [pixels_down(max(t.y)) for t in fig.data if t.mode == "lines" and t.fill is None]
    assert 0 <= min(tops) <= 2 * SCREEN.px(6) + SCREEN.px(8), "blank pixels above the highest note, line or arrow"


def _pixels(fig, look: Look):
    """Data coordinates to canvas pixels of the plot area (y down), from the axes a map figure sets."""
    left, right = fig.layout.xaxis.range
    top = fig.layout.yaxis.range[1]
    per_pixel = (right - left) / (look.width - fig.layout.margin.l - fig.layout.margin.r)
    return lambda x, y: ((x - left) / per_pixel, (top - y) / per_pixel)


def _outline_segments(fig, to_px) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """Every drawn edge of the base map's filled shapes (land, states, the Kursk region), in pixels."""
    segments = []
    for trace in fig.data:
        if trace.fill != "toself":
            continue
        points = [None if x is None else to_px(x, y) for x, y in zip(trace.x, trace.y, strict=True)]
        segments += [(a, b) for a, b in itertools.pairwise(points) if a is not None and b is not None]
    return segments


@pytest.mark.parametrize(
    "size", [None, (1920, 1080), (1600, 900), (1240, 877)], ids=lambda s: "x".join(map(str, s)) if s else "screen"
)
@pytest.mark.parametrize("highlight", [None, "lavrov"])
def test_no_base_map_outline_runs_through_the_kursk_region_name(brief, size, highlight) -> None:
    """The Kursk region's name has no frame: a coast or border line under it strikes its words through (a country
    outline once ran through "(oblast)" at 1920×1080). Its spot keeps clear of them; where no clear spot is free (the
    narrow screen column), it sits on a plate of the background colour that masks them. Export canvases have room."""
    look = Look.for_output(*size) if size else SCREEN
    fig = geography.strategic_figure(brief, highlight, look=look)
    to_px = _pixels(fig, replace(look, height=fig.layout.height))
    text = f"<b>{place_names(brief)['kursk_region']}</b>"
    plates = [a for a in fig.layout.annotations if a.text == text]
    plain = [
        (x, y) for t in fig.data if t.name == "labels" for x, y, s in zip(t.x, t.y, t.text, strict=True) if s == text
    ]
    assert len(plates) + len(plain) == 1, "the name is drawn once: on a plate, or as a plain label"
    if plates:
        [label] = plates
        assert label.xanchor == "center" and label.yanchor == "middle"
        centre = label.x, label.y
    else:
        [centre] = plain
        assert next(t for t in fig.data if t.name == "labels").textposition == "middle center"
    width, height = layout.text_size(text, look.text_px)
    box = layout.Box.around(*to_px(*centre), width, height, "center", "middle").grow(-1)
    segments = _outline_segments(fig, to_px)
    assert len(segments) > 1000, "the base map's outlines are measured"
    crossing = [(a, b) for a, b in segments if layout.segment_hits_box(a, b, box)]
    if size or not plates:
        assert not plates
        assert crossing == [], f"{len(crossing)} outline segments cross the label at {box}"
    else:
        assert crossing, "a plate only where a line runs under the name"
        assert label.bgcolor == look.palette.background and label.borderpad == 0


@pytest.mark.parametrize("name", ["world_land.geojson", "strategic_countries.geojson"])
def test_no_committed_ring_jumps_across_the_antimeridian(name) -> None:
    """A ring that runs from one edge of the world to the other (world-atlas is spherical; Wrangel Island and
    Chukotka, read flat, did) is a line across the whole flat map: the derivation cuts such rings at 180°."""
    jumps = []
    for geometry in gpd.read_file(GEO / name).geometry:
        for part in getattr(geometry, "geoms", [geometry]):
            for ring in [part.exterior, *part.interiors]:
                xs = [x for x, _ in ring.coords]
                jumps += [(part.bounds, a, b) for a, b in itertools.pairwise(xs) if abs(b - a) > 180]
    assert jumps == []


@pytest.mark.parametrize(
    "size", [None, (1920, 1080), (1600, 900)], ids=lambda s: "x".join(map(str, s)) if s else "screen"
)
def test_the_strategic_base_map_draws_no_line_across_the_map(brief, size) -> None:
    """Coasts and borders are simplified to 25 km: no edge of them in view is a long straight line (a stray grey line
    once crossed the Arctic, an island's ring cut wrongly at the antimeridian)."""
    look = Look.for_output(*size) if size else SCREEN
    fig = geography.strategic_figure(brief, look=look)
    to_px = _pixels(fig, replace(look, height=fig.layout.height))
    width = look.width - fig.layout.margin.l - fig.layout.margin.r
    height = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    inside = layout.Box(0, 0, width, height)
    segments = _outline_segments(fig, to_px)
    long = [(a, b) for a, b in segments if layout.segment_hits_box(a, b, inside) and math.dist(a, b) > width / 8]
    assert long == []


def test_the_maps_fact_count_for_a_country_holds_its_regions_and_cities(brief) -> None:
    """`?place=Russia` listed one fact ("1 facts at Russia") while the Kursk region's facts are in Russia too."""
    places = brief.places.set_index("place_id")
    region = places[places["kind"] == "region"].iloc[0]
    country = places.index[places["iso_code"] == region["iso_code"].split("-")[0]][0]
    inside = set(places_inside(brief)[country])
    expected = int(brief.facts["place_id"].isin(inside).sum())
    assert expected > int((brief.facts["place_id"] == country).sum()), "the region's facts are counted in"
    at = run_page("kursk_brief/app/pages/map.py", place=places.loc[country, "name"])
    noun = "fact" if expected == 1 else "facts"
    assert f"**{expected}** {noun} in {places.loc[country, 'name']}" in [m.value for m in at.markdown]
    assert len(at.dataframe[0].value) == expected
