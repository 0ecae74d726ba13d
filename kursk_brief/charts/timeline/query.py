"""Which events a view of the timeline holds: the shared filters, the preset date ranges, the notes saying what a
view leaves out, and the same events as tables (the chart's own and what the report expects next).

Kept apart from the drawing so that the pages' tables, the overview and the alt text read the events exactly as the
chart does, without building a figure.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from kursk_brief.charts.geography.geodata import places_inside
from kursk_brief.charts.look import STATUS_LABELS
from kursk_brief.data.brief import Brief, per_brief
from kursk_brief.data.phrases import citation
from kursk_brief.data.queries import actor_names, place_names
from kursk_brief.schema.rows import Precision, Status
from kursk_brief.words import wording

PRESETS = ("Since the August incursion", "Around the announcement")


def filter_events(brief: Brief, actor: str | None = None, place: str | None = None) -> pd.DataFrame:
    """The brief's events involving an actor and/or in a place: the same shared filters the other views take from the
    URL, counted as a reader counts. An event involves the actors taking part, the states they belong to (North
    Korea's troops: North Korea) and whoever its facts name (`event_actors`); it is in a place or in anything inside it (Moscow
    and the Kursk region are in Russia). Counting only the tagged participants said "0 of 10 events involving North
    Korea" beside "North Korea reportedly sends an estimated 10,000 soldiers to Russia"."""
    events = brief.events
    keep = pd.Series(True, index=events.index)
    if actor:
        keep &= event_actors(brief).map(lambda involved: actor in involved).astype(bool)
    if place:
        keep &= events["place_id"].isin(places_inside(brief)[place])
    return events[keep]


@per_brief
def event_actors(brief: Brief) -> pd.Series:
    """Per event: its participants, the states they belong to, and who its facts name as speaker or subject (Blinken,
    who pointed to the exchanges with China; Austin, who said more support would be announced): a set each."""
    country = brief.actors.set_index("actor_id")["country_id"].dropna().to_dict()
    facts = brief.facts.dropna(subset=["event_id"])
    about: dict[str, set[str]] = {}
    for event, actor_ids, about_ids in zip(facts["event_id"], facts["actor_ids"], facts["about_ids"], strict=True):
        about.setdefault(event, set()).update(actor_ids, about_ids)
    return pd.Series(
        [
            set(ids) | {country[i] for i in ids if i in country} | about.get(event, set())
            for event, ids in zip(brief.events["event_id"], brief.events["actor_ids"], strict=True)
        ],
        index=brief.events.index,
    )


def event_table(brief: Brief, events: pd.DataFrame) -> pd.DataFrame:
    """The chart's content as a table, for screen readers and copying."""
    facts = brief.facts
    return pd.DataFrame(
        {
            "event": events["title"],
            "lane": events["lane"],
            "status": events["status"].str.upper(),
            "precision": events["precision"],
            "report's words": events["date_text"].fillna("none"),
            "drawn as": [drawn_as(row) for _, row in events.iterrows()],
            "date basis": events["date_basis"],
            "citation": [citation(brief, s, p) for s, p in zip(events["source_id"], events["paragraphs"], strict=True)],
            "facts": [", ".join(facts.loc[facts["event_id"] == e, "fact_id"]) for e in events["event_id"]],
            "id": events["event_id"],
        },
        index=events.index,
    )


def drawn_as(event: pd.Series) -> str:
    """How the chart draws an event, in words: the table, the hover and the alt text say it alike."""
    if event["start"] is None:
        return "undated lane"
    derived = " (derived)" if event["date_status"] == "derived" else ""
    if event["start"] == event["end"]:
        return f"point on {event['start']}{derived}"
    kind = {Precision.RELATIVE: "window", Precision.SINCE: "open-ended span"}.get(event["precision"], "span")
    return f"{kind} {event['start']} to {event['end']}{derived}"


def preset_range(brief: Brief, preset: str) -> tuple[date, date]:
    """Date-axis range of a preset, worked out from the events so that new data moves it too.

    Whatever the preset, every expected window is shown whole: a window cut off at the edge would read as a
    narrower expectation than the one stated.
    """
    dated = brief.events[brief.events["start"].notna()]
    starts = [date.fromisoformat(d) for d in dated["start"]]
    ends = [date.fromisoformat(d) for d in dated["end"]]
    if preset == PRESETS[0]:
        low, high = min(starts, default=brief.as_of) - timedelta(days=5), max([*ends, brief.as_of]) + timedelta(days=3)
    else:
        points = [s for s, e in zip(starts, ends, strict=True) if s == e and s <= brief.as_of]
        centre = max(points, default=brief.as_of)
        # More room before the centre than after it: a label with no room right of its mark is written to its left.
        low, high = centre - timedelta(days=8), centre + timedelta(days=4)
    windows = dated[dated["precision"] == Precision.RELATIVE]
    if len(windows):
        # A window is drawn up to the end of its last day, with room for its label left of its first day.
        low = min(low, *(date.fromisoformat(d) - timedelta(days=8) for d in windows["start"]))
        high = max(high, *(date.fromisoformat(d) + timedelta(days=2) for d in windows["end"]))
    return low, high


def window_text(start: str, end: str) -> str:
    """An ISO date span as a reader writes it: `31 Oct – 7 Nov 2024`."""
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    head = f"{first.day} {first:%b}" if first.year == last.year else f"{first.day} {first:%b %Y}"
    return f"{head} – {last.day} {last:%b %Y}"


def expected_next(brief: Brief, limit: int | None = None) -> pd.DataFrame:
    """What the report expects next, and when: each anticipated fact (or the first `limit`) with the window the
    timeline draws for it.

    The report dates none of these; it gives words such as 'within days'. The window is this app's assumption, so
    the row carries the report's words and the stated reason for the window beside it. A row the report gives no
    time for has neither words nor window (empty strings), and the timeline draws no window for it.
    """
    events = brief.events.set_index("event_id")
    facts = brief.facts[brief.facts["status"] == Status.ANTICIPATED].iloc[:limit]
    rows = []
    for _, fact in facts.iterrows():
        event = events.loc[fact["event_id"]] if fact["event_id"] in events.index else None
        dated = event is not None and event["start"] is not None
        rows.append(
            {
                "status": STATUS_LABELS[Status.ANTICIPATED],
                "expected": fact["summary"],
                "report's words": (event["date_text"] if event is not None else None) or "",
                "assumed window": window_text(event["start"], event["end"]) if dated else "",
                "why this window": event["date_basis"] if dated else "",
                "citation": citation(brief, fact["source_id"], fact["paragraphs"]),
                "id": fact["fact_id"],
            }
        )
    columns = ["status", "expected", "report's words", "assumed window", "why this window", "citation", "id"]
    return pd.DataFrame(rows, columns=columns)


def timeline_view(
    brief: Brief, actor: str | None, place: str | None, preset: str
) -> tuple[str | None, pd.DataFrame, pd.DataFrame, list[str], tuple[date, date]]:
    """What a view of the timeline draws: the actor and/or place it names (`Sergey Lavrov · Moscow` when both: the
    filter keeps the events meeting both, and a note naming only one would miscount), its events, the dated ones
    inside the preset's range, the notes saying what the filter and the range leave out (the chart and its alt
    text alike), and that range."""
    who = actor_names(brief)[actor] if actor else None
    where = place_names(brief)[place] if place else None
    focus = " · ".join(name for name in (who, where) if name) or None  # side by side: not "Lavrov at Kursk"
    events = filter_events(brief, actor=actor, place=place)
    low, high = preset_range(brief, preset)
    dated = events[events["start"].notna()]
    visible = dated[(dated["end"] >= low.isoformat()) & (dated["start"] <= high.isoformat())]
    notes = [wording.filter_note(len(events), len(brief.events), who, where)] if focus else []
    if len(visible) < len(dated):
        notes.append(wording.outside_range_note(dated.loc[~dated.index.isin(visible.index), "title"].tolist()))
    return focus, events, visible, notes, (low, high)
