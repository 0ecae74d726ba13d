"""The timeline draws each event exactly as precisely as its row allows."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from kursk_brief.app.harness import as_read, open_expanders, run_page
from kursk_brief.charts import layout
from kursk_brief.charts.look import SCREEN, Look
from kursk_brief.charts.timeline import (
    MIN_PLOT,
    NO_EVENTS,
    NOTHING_DRAWN,
    PRESETS,
    alt_text,
    event_table,
    expected_next,
    filter_events,
    preset_range,
    timeline_figure,
    window_text,
)
from kursk_brief.data.queries import place_names
from kursk_brief.words import wording


@pytest.fixture(scope="module")
def traces(brief):
    """Event id -> the figure traces drawn for it."""
    drawn: dict[str, list] = {}
    for trace in timeline_figure(brief).data:
        if trace.customdata is not None:
            drawn.setdefault(trace.customdata[0][0], []).append(trace)
    return drawn


def test_every_event_is_drawn_once(brief, traces) -> None:
    assert set(traces) == {*brief.events["event_id"], "publication"}
    assert all(len(t) == 1 for t in traces.values())


def test_each_extent_matches_its_precision(brief, traces) -> None:
    for event in brief.events.itertuples():
        (trace,) = traces[event.event_id]
        xs = [x for x in trace.x if x is not None]
        if event.precision in ("day", "weekday"):
            assert list(xs) == [event.start] and trace.mode.startswith("markers"), event.event_id
        elif event.precision in ("month", "relative", "since"):
            assert trace.fill == "toself", event.event_id
            assert min(xs) == event.start and max(xs) > event.end, event.event_id
        else:
            assert trace.xaxis == "x2" and trace.yaxis == "y2", event.event_id  # the undated panel, no date axis


def test_undated_events_never_touch_the_date_axis(brief, traces) -> None:
    undated = brief.events[brief.events["precision"] == "unstated"]["event_id"]
    assert len(undated) == 5
    for event_id in undated:
        assert traces[event_id][0].xaxis == "x2"
    fig = timeline_figure(brief)
    assert fig.layout.xaxis2.type == "linear" and fig.layout.xaxis2.visible is False


def test_no_event_gets_a_date_its_row_does_not_support(brief) -> None:
    assert set(brief.events.loc[brief.events["start"].notna(), "precision"]) <= {
        "day",
        "weekday",
        "month",
        "relative",
        "since",
    }
    derived = brief.events[brief.events["date_status"] == "derived"]
    assert set(derived["event_id"]) == {"announcement", "incursion", "presence"}
    table = event_table(brief, brief.events).set_index("id")
    assert table.loc["announcement", "drawn as"] == "point on 2024-10-31 (derived)"
    assert table.loc["incursion", "drawn as"] == "span 2024-08-01 to 2024-08-31 (derived)"
    assert table.loc["presence", "drawn as"] == "open-ended span 2024-08-01 to 2024-11-01 (derived)"
    assert table.loc["lavrov_choe_meeting", "drawn as"] == "undated lane"


def test_anticipated_items_look_different_from_reported_ones(traces) -> None:
    window, span = traces["combat_expected"][0], traces["incursion"][0]
    assert window.line.dash == "dash" and span.line.dash == "solid"
    assert window.fillpattern.shape == "/" and not span.fillpattern.shape
    assert window.line.color != span.line.color


def test_windows_state_their_assumption_on_the_chart(brief) -> None:
    texts = " ".join(a.text.replace("<br>", " ") for a in timeline_figure(brief).layout.annotations)
    assert "'within days': assumed 2024-10-31 to 2024-11-07" in texts
    assert "'soon': assumed 2024-11-01 to 2024-11-15" in texts


def test_every_mark_says_its_status_and_date_words_beside_it(brief) -> None:
    figure = timeline_figure(brief, look=Look.for_output(1920, 1080))
    texts = [a.text.replace("<br>", " ") for a in figure.layout.annotations]
    assert "REPORTED · 'Thursday', taken as 31 Oct 2024" in texts
    assert "REPORTED · 'August', taken as August 2024" in texts
    assert "ANTICIPATED · 'soon': assumed 2024-11-01 to 2024-11-15" in texts
    assert "CLAIMED · North Korea reportedly sends an estimated 10,000 soldiers to Russia" in texts


def test_a_filtered_timeline_is_titled_for_its_actor(brief) -> None:
    figure = timeline_figure(brief, actor="lavrov")
    assert figure.layout.meta["frame"]["title"] == "Timeline: Sergey Lavrov"
    texts = [a.text.replace("<br>", " ") for a in figure.layout.annotations]
    assert "Only the 1 of 10 events involving Sergey Lavrov." in texts
    assert {row[0] for trace in figure.data for row in trace.customdata} == {"lavrov_choe_meeting"}


def test_a_narrow_range_names_the_events_it_leaves_out(brief) -> None:
    figure = timeline_figure(brief, preset=PRESETS[1])
    texts = " ".join(a.text.replace("<br>", " ") for a in figure.layout.annotations)
    assert "Outside this date range: Ukraine launches a surprise incursion into the Kursk region." in texts
    described = alt_text(brief, preset=PRESETS[1])
    assert "Outside this date range: Ukraine launches a surprise incursion into the Kursk region." in described
    assert "Ukraine launches a surprise incursion into the Kursk region (reported)" not in described
    assert "Ukraine launches a surprise incursion into the Kursk region (reported)" in alt_text(brief)


def test_hover_carries_status_precision_and_citation(traces) -> None:
    hover = traces["combat_expected"][0].hovertext[0]
    assert "ANTICIPATED" in hover and "precision: relative" in hover and "Alliance News, 1 Nov 2024, ¶1" in hover
    assert "combat_within_days" in hover


def test_presets_are_worked_out_from_the_events(brief) -> None:
    since, around = preset_range(brief, PRESETS[0]), preset_range(brief, PRESETS[1])
    assert since[0].isoformat() == "2024-07-27" and since[1].isoformat() == "2024-11-18"
    assert [d.isoformat() for d in around] == ["2024-10-23", "2024-11-17"]
    assert list(timeline_figure(brief, preset=PRESETS[1]).layout.xaxis.range) == ["2024-10-23", "2024-11-17"]


@pytest.mark.parametrize("preset", PRESETS)
def test_every_preset_shows_every_expected_window_whole(brief, preset) -> None:
    low, high = preset_range(brief, preset)
    windows = brief.events[brief.events["precision"] == "relative"]
    assert len(windows) == 2
    for window in windows.itertuples():
        # The window is drawn up to the end of its last day, so the axis must pass the day after it.
        assert low < date.fromisoformat(window.start) and date.fromisoformat(window.end) + timedelta(days=1) < high


def test_expected_next_gives_each_expectation_its_words_and_assumed_window(brief) -> None:
    expected = expected_next(brief).set_index("id")
    assert list(expected.index) == ["combat_within_days", "more_support_soon", "heavy_losses"]
    combat = expected.loc["combat_within_days"]
    assert combat["report's words"] == "within days" and combat["assumed window"] == "31 Oct – 7 Nov 2024"
    assert "the report sets no bound" in combat["why this window"]
    assert combat["citation"] == "Alliance News, 1 Nov 2024, ¶1" and combat["status"] == "ANTICIPATED"
    assert expected.loc["more_support_soon", "assumed window"] == "1 Nov – 15 Nov 2024"
    undated = expected.loc["heavy_losses"]
    assert undated["report's words"] == undated["assumed window"] == undated["why this window"] == "", "no time given"
    assert window_text("2024-12-30", "2025-01-05") == "30 Dec 2024 – 5 Jan 2025"


def test_shared_filters_narrow_the_events(brief) -> None:
    assert set(filter_events(brief, actor="lavrov")["event_id"]) == {"lavrov_choe_meeting"}
    assert set(filter_events(brief, place="kursk_region")["event_id"]) == {
        "incursion",
        "presence",
    }, "the report says neither where the announcement was made nor where the fighting would be"


def test_a_filter_counts_what_a_reader_would_count(brief) -> None:
    """An event involves the states its participants belong to and whoever its facts name; a place holds what lies
    inside it. Counting tagged participants only said "0 of 10 events involving North Korea" beside the deployment."""
    actors, places = brief.actors.set_index("actor_id"), brief.places.set_index("place_id")
    event = brief.events.set_index("event_id")
    troops = next(i for i, row in event.iterrows() if any(actors.loc[a, "kind"] == "group" for a in row["actor_ids"]))
    state = actors.loc[
        next(a for a in event.loc[troops, "actor_ids"] if actors.loc[a, "kind"] == "group"), "country_id"
    ]
    assert troops in set(filter_events(brief, actor=state)["event_id"]), "a group's events involve its state"
    region = next(p for p, row in places.iterrows() if row["kind"] == "region" and p in set(event["place_id"]))
    country = places.index[places["iso_code"] == places.loc[region, "iso_code"].split("-")[0]][0]
    in_region = set(filter_events(brief, place=region)["event_id"])
    in_country = set(filter_events(brief, place=country)["event_id"])
    assert in_region < in_country, "a country holds the events of the regions inside it, and its own"
    city = next(p for p, row in places.iterrows() if row["kind"] == "city" and p in set(event["place_id"]))
    assert set(filter_events(brief, place=city)["event_id"]) <= set().union(
        *(set(filter_events(brief, place=c)["event_id"]) for c in places.index[places["kind"] == "country"])
    ), "a city's events are in some country's count"
    note = [a.text for a in timeline_figure(brief, place=country).layout.annotations]
    assert f"Only the {len(in_country)} of {len(brief.events)} events in {places.loc[country, 'name']}." in note


def events_table(at: AppTest) -> pd.DataFrame:
    """The page's table of events, as a reader gets it: by opening its expander (closed, nothing of it is sent)."""
    assert not at.dataframe and "The same events as a table" in [h.value for h in at.subheader]
    (table,) = open_expanders(at).dataframe
    return table.value


def test_timeline_page_shows_chart_and_table() -> None:
    at = run_page("kursk_brief/app/pages/timeline.py")
    assert not at.exception
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert figure["layout"]["meta"]["frame"]["title"].startswith("Timeline")
    assert len(events_table(at)) == 10


def test_timeline_page_follows_the_actor_and_place_in_the_url() -> None:
    at = run_page("kursk_brief/app/pages/timeline.py", actor="Volodymyr Zelensky")
    assert set(events_table(at)["id"]) == {"kbs_interview"}
    assert any(m.value == "**1** of 10 events: involving Volodymyr Zelensky" for m in at.markdown)
    at = run_page("kursk_brief/app/pages/timeline.py", place="Moscow")
    assert set(events_table(at)["id"]) == {"lavrov_choe_meeting"}


def test_an_opened_events_table_stays_open_and_follows_the_filters() -> None:
    at = run_page("kursk_brief/app/pages/timeline.py")
    assert len(events_table(at)) == 10
    next(s for s in at.selectbox if s.label == "Actor").set_value("lavrov").run()
    (table,) = at.dataframe
    assert set(table.value["id"]) == {"lavrov_choe_meeting"}


def test_timeline_page_names_an_unknown_actor_and_shows_every_event() -> None:
    at = run_page("kursk_brief/app/pages/timeline.py", actor="nosuchactor")
    assert "URL parameter `actor`: `nosuchactor` names no actor known here" in at.warning[0].value
    assert len(events_table(at)) == 10


def test_timeline_page_range_preset_changes_the_axis() -> None:
    at = run_page("kursk_brief/app/pages/timeline.py")
    at.get("button_group")[0].set_value(PRESETS[1]).run()
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert figure["layout"]["xaxis"]["range"] == ["2024-10-23", "2024-11-17"]
    at = run_page("kursk_brief/app/pages/timeline.py", range=PRESETS[1])
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert figure["layout"]["xaxis"]["range"] == ["2024-10-23", "2024-11-17"]


VIEWS = [
    {},
    {"actor": "lavrov"},  # one undated event
    {"actor": "us_officials"},  # one dated event
    {"actor": "nk_troops"},  # one dated, two undated
    {"place": "kursk_region", "preset": PRESETS[1]},  # one of two dated events inside the range
    {"preset": PRESETS[1]},
]
LOOKS = {"screen": SCREEN, "1920x1080": Look.for_output(1920, 1080), "1600x900": Look.for_output(1600, 900)}


def _plot_height(figure) -> float:
    return figure.layout.height - figure.layout.margin.t - figure.layout.margin.b


def _empty_below(figure) -> float:
    """Pixels of the plot area below the lowest drawn panel: the dated one (its tick labels included, which sit in the
    gap under it) or the undated one, whichever holds marks."""
    panels = {trace.yaxis or "y" for trace in figure.data}
    bottoms = [figure.layout[axis.replace("y", "yaxis")].domain[0] for axis in panels]
    return min(bottoms, default=1.0) * _plot_height(figure)


@pytest.mark.parametrize("look", LOOKS.values(), ids=LOOKS)
@pytest.mark.parametrize("view", VIEWS, ids=lambda v: "-".join(map(str, v.values())) or "all")
def test_the_plot_area_is_as_tall_as_what_it_draws(brief, look, view) -> None:
    """No band of empty plot between the last row and the key, on screen or in a fixed-size export."""
    figure = timeline_figure(brief, look=look, **view)
    tick_band = look.text_px * 1.2 + look.px(10)
    assert _empty_below(figure) <= max(tick_band, look.px(MIN_PLOT)) + 1
    if not look.fit_height:
        assert figure.layout.height == look.height, "an export keeps its exact size"


@pytest.mark.parametrize("size", [(1920, 1080), (1600, 900), (1240, 877)], ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize(
    "view",
    [
        {"actor": "us_officials"},
        {"actor": "lavrov"},
        {"actor": "nk_troops"},
        {"preset": PRESETS[1]},
    ],
    ids=lambda v: "-".join(map(str, v.values())),
)
def test_a_fixed_canvas_leaves_no_larger_blank_below_its_key_than_above_its_content(brief, size, view) -> None:
    """A view of one event on a 16:9 export was a strip under the title and a blank two thirds of the slide: the
    content and its key sit in the middle of the height the title leaves, the spare split above and below them."""
    look = Look.for_output(*size)
    figure = timeline_figure(brief, look=look, **view)
    plot_height = _plot_height(figure)
    panels = {trace.yaxis or "y" for trace in figure.data}
    tops = [figure.layout[axis.replace("y", "yaxis")].domain[1] for axis in panels]
    above = (1 - max(tops)) * plot_height
    [footer] = [a for a in figure.layout.annotations if a.name == "footer"]
    key_bottom = look.height - figure.layout.margin.b - footer.yshift + layout.text_size(footer.text, look.footer_px)[1]
    below = look.height - key_bottom
    edge = look.px(12)  # the frame's padding at the canvas's foot
    assert below <= above + edge + 1, f"{below:.0f} px blank under the key, {above:.0f} px above the content"
    assert above <= below, "the content is not pushed below the middle"


@pytest.mark.parametrize("size", [(1920, 1080), (1600, 900)], ids=lambda s: "x".join(map(str, s)))
def test_a_view_with_no_event_keeps_its_line_under_the_notes_it_points_to(brief, size) -> None:
    figure = timeline_figure(brief, actor="lavrov", place="kursk_region", look=Look.for_output(*size))
    [line] = [a for a in figure.layout.annotations if a.text == NOTHING_DRAWN]
    assert line.y == 1 and line.yanchor == "top", "at the top of the plot area, under the title's notes"


def test_on_screen_the_chart_grows_with_the_rows_it_draws(brief) -> None:
    heights = [
        timeline_figure(brief, **view).layout.height for view in ({"actor": "lavrov"}, {"actor": "nk_troops"}, {})
    ]
    assert heights == sorted(heights) and heights[0] < SCREEN.height / 2 < SCREEN.height < heights[-1]


def test_a_view_with_no_event_says_so_on_the_chart(brief) -> None:
    figure = timeline_figure(brief, actor="lavrov", place="kursk_region")
    assert figure.layout.meta["frame"]["title"] == "Timeline: Sergey Lavrov · Kursk region (oblast)"
    texts = [a.text for a in figure.layout.annotations]
    assert "None of the 10 events matches: involving Sergey Lavrov, in Kursk region (oblast)." in texts
    assert NOTHING_DRAWN in texts and not figure.data and figure.layout.xaxis.visible is False
    assert "matches: involving Sergey Lavrov, in Kursk region (oblast)." in alt_text(
        brief, actor="lavrov", place="kursk_region"
    )
    assert _plot_height(figure) <= SCREEN.px(MIN_PLOT) + 1


def test_a_place_filter_says_in_the_place_never_that_the_place_is_involved(brief) -> None:
    """A place is where an event happened, not a party to it: its note says `in`, like the page's count line."""
    place = brief.events["place_id"].dropna().iloc[0]
    name = place_names(brief)[place]
    shown = len(filter_events(brief, place=place))
    note = f"Only the {shown} of {len(brief.events)} events in {name}."
    assert note in [a.text for a in timeline_figure(brief, place=place).layout.annotations]
    assert note in alt_text(brief, place=place)
    assert "involv" not in alt_text(brief, place=place)


@pytest.mark.parametrize(
    ("shown", "actor", "place", "note"),
    [
        (1, "A", None, "Only the 1 of 10 events involving A."),
        (2, None, "P", "Only the 2 of 10 events in P."),
        (1, "A", "P", "Only the 1 of 10 events involving A, in P."),
        (0, "A", None, "None of the 10 events matches: involving A."),
        (0, None, "P", "None of the 10 events matches: in P."),
        (0, "A", "P", "None of the 10 events matches: involving A, in P."),
    ],
)
def test_the_filter_note_names_what_the_filter_keeps(shown, actor, place, note) -> None:
    assert wording.filter_note(shown, 10, actor, place) == note


def test_the_page_count_line_names_the_filters_as_the_chart_note_does() -> None:
    at = run_page("kursk_brief/app/pages/timeline.py", actor="Sergey Lavrov", place="Moscow")
    line = next(as_read(m.value) for m in at.markdown if "of 10 events" in m.value)
    assert line == "**1** of 10 events: involving Sergey Lavrov, in Moscow"


@pytest.mark.parametrize("preset", PRESETS)
def test_an_events_table_with_no_rows_draws_a_chart_that_says_so(brief, preset) -> None:
    """A valid but empty events table (a header only) is a view with nothing to draw, never a crash; and with no
    filter there are no notes above to point to."""
    empty = replace(brief, events=brief.events.iloc[0:0])
    figure = timeline_figure(empty, preset=preset)
    texts = [a.text for a in figure.layout.annotations]
    assert NO_EVENTS in texts and NOTHING_DRAWN not in texts and not figure.data
    assert alt_text(empty, preset=preset).startswith("Timeline of the report's events, as of")
