"""Stage 3 of validation, table by table: the rules that tie a table's columns together and to the other tables.

Each table's rules are one function over its valid rows (`Rules.rows`): the sources first, since every other table
cites them, then actors, places, facts, events, quotes and the brief's settings. Each rule is a mask over the rows,
flagged in one pass; references are checked with `Rules.refs` and `Rules.cited`, and links within a table are
followed by `link_rules`.
"""

from __future__ import annotations

import json
from calendar import month_name
from functools import cache
from pathlib import Path

import pandas as pd

from kursk_brief.data.fingerprint import Fingerprint, fingerprint_path, is_quoted_span, load_fingerprint
from kursk_brief.data.link_rules import check_anchors, find_cycles
from kursk_brief.data.problems import Problem, cut, printable
from kursk_brief.data.rules import (
    AS_STATED,
    CITY,
    COUNT,
    DATE,
    DAY,
    DERIVED,
    MONTH,
    NUMBER,
    ORDINAL,
    PAGE,
    RELATIVE,
    REPORT,
    SINCE,
    STATE,
    STATEMENT,
    WEEKDAY,
    Message,
    Rules,
)
from kursk_brief.schema.tables import ID_COLUMN

# The names a weekday- or month-precision event's `date_text` must be; `facts` counts its dates from them.
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = list(month_name)[1:]

OPERATIONAL_REGIONS = Path(__file__).resolve().parents[2] / "data" / "geo" / "operational_regions.geojson"
"""The boundary file the operational map draws; the brief's focus region must be one of its regions."""


def check_sources(rules: Rules) -> None:
    sources = rules.rows["sources"]
    rules.source_kind = dict(zip(sources["source_id"], sources["kind"], strict=True))
    rules.paragraph_count = dict(zip(sources["source_id"], sources["paragraph_count"], strict=True))
    rules.fingerprints = _read_fingerprints(rules, sources)
    report = sources["kind"].eq(REPORT)
    text = sources["kind"].isin((REPORT, PAGE))  # a page, like a report, is cited by paragraph
    printed = sources["source_id"].map(lambda key: getattr(rules.fingerprints.get(key), "paragraph_count", None))
    before = len(rules.problems)
    rules.flag(
        "sources", sources, report & sources["published"].isna(), "published", "a report needs its publication date"
    )
    rules.flag(
        "sources",
        sources,
        text & sources["paragraph_count"].eq(0),
        "paragraph_count",
        lambda row: f"a {row.kind} needs its number of paragraphs",
    )
    rules.flag(
        "sources",
        sources,
        text & printed.notna() & printed.ne(sources["paragraph_count"]),
        "paragraph_count",
        lambda row: f"the {row.kind}'s fingerprint has {rules.fingerprints[row.source_id].paragraph_count} paragraphs",
    )
    lines = dict(zip(sources["line"], sources["source_id"], strict=True))
    rules.broken_sources = {lines[p.line]: p.line for p in rules.problems[before:]}
    if len(sources) and not report.any() and not rules.invalid["sources"]:  # an invalid row may be the report
        rules.problem("sources", 1, "kind", "no source is a report: the brief needs the report it is built from")


def _read_fingerprints(rules: Rules, sources: pd.DataFrame) -> dict[str, Fingerprint]:
    """The committed fingerprint of each report (quotes are checked against it).

    A report without one is a problem, not a report whose quotes pass unchecked: no fingerprint, no verified quote."""
    found: dict[str, Fingerprint] = {}
    for source_id in sources.loc[sources["kind"].isin((REPORT, PAGE)), "source_id"]:
        path = fingerprint_path(rules.data_dir, source_id)
        if not path.exists():
            rules.problems.append(
                Problem(
                    f"fingerprints/{path.name}",
                    0,
                    "-",
                    "file is missing: without it no quote of this report can be checked as verbatim "
                    "(`make fingerprint` writes it from the report's text)",
                )
            )
            continue
        try:
            found[source_id] = load_fingerprint(path)
        except (OSError, ValueError, RecursionError) as error:
            rules.problems.append(
                Problem(f"fingerprints/{path.name}", 0, "-", f"not a readable fingerprint: {printable(str(error))}")
            )
    return found


def check_actors(rules: Rules) -> None:
    actors = rules.rows["actors"]
    rules.cited("actors", actors)
    country = rules.refs("actors", actors, "country_id", "actors")
    kinds = dict(zip(actors["actor_id"], actors["kind"], strict=True))
    rules.flag(
        "actors",
        actors,
        country & actors["country_id"].map(kinds).ne(STATE),
        "country_id",
        lambda row: f"{row.country_id!r} is not a state",
    )
    shown = actors["name"].fillna(actors["label"])
    unique_names(rules, "actors", actors, shown, actors["name"].notna().map({True: "name", False: "label"}), "actor")


def unique_names(rules: Rules, stem: str, rows: pd.DataFrame, shown: pd.Series, column: pd.Series, what: str) -> None:
    """A display name belongs to one row: pickers, links and `?actor=`/`?place=` name rows by it, so a second row
    under the same name (case aside) could never be picked or linked to. Named on the later row, with the first."""
    folded = shown.str.casefold()
    first = dict(zip(folded[::-1], zip(rows[ID_COLUMN[stem]][::-1], rows["line"][::-1], strict=True), strict=True))
    for index in rows.index[folded.duplicated() & shown.notna()]:
        other, line = first[folded[index]]
        rules.problem(
            stem,
            rows.at[index, "line"],
            column[index],
            f"the display name {shown[index]!r} is also {what} {other!r}'s (line {line}): pickers and links name "
            f"{what}s by it, so each needs its own",
        )


def check_places(rules: Rules) -> None:
    places = rules.rows["places"]
    rules.cited("places", places)
    unique_names(rules, "places", places, places["name"], pd.Series("name", index=places.index), "place")
    rules.refs("places", places, "coord_source_id", "sources")
    city = places["kind"].eq(CITY)
    located = places["lat"].notna() & places["lon"].notna()
    rules.flag("places", places, city & ~located, "lat", "a city needs lat and lon from its coordinate source")
    rules.flag(
        "places", places, ~city & places["iso_code"].isna(), "iso_code", "a region or country needs its ISO code"
    )


def check_brief(rules: Rules) -> None:
    """One row naming places and states that exist and are of the kind each setting needs."""
    brief = rules.rows["brief"]
    if len(brief) != 1 and not rules.invalid["brief"]:
        line = brief["line"].iloc[1] if len(brief) > 1 else 1
        rules.problem("brief", line, "brief_id", f"the brief needs exactly one row; it has {len(brief)}")
    places = rules.rows["places"].set_index("place_id")
    regions = _operational_isos()
    for column, kind in (
        ("focus_place_id", "region"),
        ("origin_place_id", "country"),
        ("opposing_place_id", "country"),
    ):
        known = rules.refs("brief", brief, column, "places")
        for row in brief[known].itertuples(index=False):
            place = places.loc[getattr(row, column)]
            if place["kind"] != kind:
                rules.problem("brief", row.line, column, f"{getattr(row, column)!r} is a {place['kind']}, not a {kind}")
            elif kind == "region" and place["iso_code"] not in regions:
                rules.problem(
                    "brief",
                    row.line,
                    column,
                    f"{getattr(row, column)!r} has ISO code {place['iso_code']!r}, which "
                    "geo/operational_regions.geojson does not hold: the operational map cannot draw it",
                )
    rules.refs("brief", brief, "country_order", "actors")
    kinds = dict(zip(rules.rows["actors"]["actor_id"], rules.rows["actors"]["kind"], strict=True))
    for row in brief.itertuples(index=False):
        not_states = [key for key in row.country_order if key in kinds and kinds[key] != STATE]
        repeated = sorted({key for key in row.country_order if row.country_order.count(key) > 1})
        if not_states:
            rules.problem("brief", row.line, "country_order", f"not a state: {', '.join(map(repr, not_states))}")
        if repeated:
            rules.problem("brief", row.line, "country_order", f"listed twice: {', '.join(map(repr, repeated))}")


def check_facts(rules: Rules) -> None:
    facts = rules.rows["facts"]
    kind, number_form = facts["kind"], facts["number_form"]
    number, statement = kind.eq(NUMBER), kind.eq(STATEMENT)
    blank = {column: facts[column].isna() for column in ("value", "unit", "counts", "part_of", "relation")}
    qualifiers = facts["qualifier"].map(len)

    def flag(mask: pd.Series, column: str, message: Message) -> None:
        rules.flag("facts", facts, mask, column, message)

    flag(
        facts["status"].eq(DERIVED),
        "status",
        "derived rows are computed by the app and must not be typed in the data",
    )
    flag(kind.eq(DATE), "kind", "date facts are derived by the app and must not be typed in the data")
    for column in ("value", "unit", "counts"):
        flag(number & blank[column], column, "a number needs a value, a unit and what it counts")
    flag(
        number & qualifiers.eq(0),
        "qualifier",
        "a number needs its qualifier (use as_stated when the report gives none)",
    )
    stated = facts["qualifier"].map(lambda qualifier: AS_STATED in qualifier)
    flag(number & stated & qualifiers.gt(1), "qualifier", "as_stated cannot be combined with other qualifiers")
    fractional = facts["value"].map(lambda value: value is not None and not float(value).is_integer())
    flag(
        number & number_form.eq(ORDINAL) & fractional,
        "value",
        lambda row: f"an ordinal is a whole number (got {row.value:g})",
    )
    for column in ("value", "unit", "counts", "part_of"):
        flag(~number & ~blank[column], column, f"only number facts have a {column}")
    flag(~number & qualifiers.gt(0), "qualifier", "only number facts have a qualifier")
    flag(
        statement & (facts["actor_ids"].map(len).eq(0) | blank["relation"]),
        "relation",
        "a statement needs who made it (actor_ids) and a relation",
    )
    flag(~statement & facts["addressee_ids"].map(len).gt(0), "addressee_ids", "only a statement has an addressee")
    worded = facts["about_text"].notna()
    flag(~statement & worded, "about_text", "only a statement has an about_text")
    flag(worded & facts["about_ids"].map(len).eq(0), "about_text", "an about_text needs its actors in about_ids")
    flag(
        facts["place_id"].isna().ne(facts["place_role"].isna()),
        "place_role",
        "a place needs its role (located, said_at, about), and a role needs a place",
    )
    flag(~number & number_form.ne(COUNT), "number_form", "only number facts have a number form")

    rules.cited("facts", facts)
    for column in ("actor_ids", "addressee_ids", "about_ids"):
        rules.refs("facts", facts, column, "actors")
    rules.refs("facts", facts, "place_id", "places")
    rules.refs("facts", facts, "event_id", "events")
    itself = facts["part_of"].eq(facts["fact_id"])
    flag(itself, "part_of", "a fact cannot be part of itself")
    _check_parts(rules, facts[~itself & rules.refs("facts", facts[~itself], "part_of", "facts")])
    links = {key: whole for key, whole in zip(facts["fact_id"], facts["part_of"], strict=True) if whole is not None}
    find_cycles(rules, "facts", "part_of", links, "part_of links form a cycle")


def _check_parts(rules: Rules, parts: pd.DataFrame) -> None:
    """A part is a number in its whole's unit, not a rank, and not larger than its whole."""
    facts = rules.rows["facts"].drop_duplicates("fact_id").set_index("fact_id")
    whole = facts.reindex(parts["part_of"])
    whole.index = parts.index
    other_unit = whole["kind"].ne(NUMBER) | whole["unit"].ne(parts["unit"])
    ranked = whole["number_form"].eq(ORDINAL) | parts["number_form"].eq(ORDINAL)
    larger = pd.Series(
        [p is not None and w is not None and p > w for p, w in zip(parts["value"], whole["value"], strict=True)],
        index=parts.index,
        dtype=bool,
    )
    rules.flag(
        "facts",
        parts,
        other_unit,
        "part_of",
        lambda row: f"{row.part_of!r} is not a number counted in the same unit",
    )
    rules.flag("facts", parts, ~other_unit & ranked, "part_of", "an ordinal (a rank) is not a part of anything")
    rules.flag(
        "facts",
        parts.assign(whole_value=whole["value"]),
        ~other_unit & ~ranked & larger,
        "part_of",
        lambda row: f"the part ({row.value:g}) is larger than the whole ({row.whole_value:g})",
    )


def check_events(rules: Rules) -> None:
    events = rules.rows["events"]
    precision, text = events["precision"], events["date_text"]
    window = events[["window_days_min", "window_days_max", "window_assumption"]].notna()
    anchor = events["anchor_event_id"].notna()

    def flag(mask: pd.Series, column: str, message: Message) -> None:
        rules.flag("events", events, mask, column, message)

    flag(events["status"].eq(DERIVED), "status", "events are reported, claimed or anticipated, never derived")
    flag(precision.eq(DAY) & events["date"].isna(), "date", "day precision needs an ISO date YYYY-MM-DD")
    flag(
        precision.ne(DAY) & events["date"].notna(),
        "date",
        lambda row: f"only day-precision events carry a date; this one is {row.precision!r}",
    )
    flag(
        precision.eq(WEEKDAY) & ~text.isin(WEEKDAYS),
        "date_text",
        lambda row: f"weekday precision needs a weekday name (got {cut(repr(row.date_text))})",
    )
    flag(
        precision.eq(MONTH) & ~text.isin(MONTHS),
        "date_text",
        lambda row: f"month precision needs a month name (got {cut(repr(row.date_text))})",
    )
    relative, since = precision.eq(RELATIVE), precision.eq(SINCE)
    flag(
        relative & ~window.all(axis=1),
        "window_days_max",
        "a relative date needs window_days_min, window_days_max and window_assumption",
    )
    reversed_window = pd.Series(
        [
            a is not None and b is not None and a > b
            for a, b in zip(events["window_days_min"], events["window_days_max"], strict=True)
        ],
        index=events.index,
        dtype=bool,
    )
    flag(relative & window.all(axis=1) & reversed_window, "window_days_min", "window starts after it ends")
    flag(relative & text.isna(), "date_text", "a relative date needs the report's own words (e.g. 'within days')")
    flag(
        since & (~anchor | text.isna()),
        "anchor_event_id",
        "a 'since' date needs the event it lasts from and the report's own words",
    )
    flag(since & window.any(axis=1), "window_days_min", "only relative-precision events have a window")
    flag(
        ~relative & ~since & (window.any(axis=1) | anchor),
        "window_days_min",
        "only relative- and since-precision events have a window or an anchor",
    )

    rules.cited("events", events)
    rules.refs("events", events, "actor_ids", "actors")
    rules.refs("events", events, "place_id", "places")
    itself = events["anchor_event_id"].eq(events["event_id"])
    flag(itself, "anchor_event_id", "an event cannot be anchored to itself")
    rules.refs("events", events[~itself], "anchor_event_id", "events")
    check_anchors(rules, events)


def check_quotes(rules: Rules) -> None:
    quotes = rules.rows["quotes"]
    rules.cited("quotes", quotes, "paragraph")
    rules.refs("quotes", quotes, "speaker_actor_ids", "actors")
    unquoted = pd.Series(
        [
            source in rules.fingerprints and not is_quoted_span(rules.fingerprints[source], text, paragraph)
            for source, text, paragraph in zip(quotes["source_id"], quotes["text"], quotes["paragraph"], strict=True)
        ],
        index=quotes.index,
        dtype=bool,
    )
    rules.flag(
        "quotes",
        quotes,
        unquoted,
        "text",
        lambda row: (
            f"not words the report puts in quotation marks in paragraph {row.paragraph} "
            f"(checked against fingerprints/{row.source_id}.json)"
        ),
    )
    known = quotes[rules.refs("quotes", quotes, "fact_id", "facts")]
    facts = rules.rows["facts"].drop_duplicates("fact_id").set_index("fact_id")
    fact = facts.reindex(known["fact_id"])
    elsewhere = [
        paragraph not in paragraphs or source != fact_source
        for paragraph, source, paragraphs, fact_source in zip(
            known["paragraph"], known["source_id"], fact["paragraphs"], fact["source_id"], strict=True
        )
    ]
    unspoken = [
        not set(speakers) <= set(actors)
        for speakers, actors in zip(known["speaker_actor_ids"], fact["actor_ids"], strict=True)
    ]
    rules.flag(
        "quotes",
        known,
        pd.Series(elsewhere, index=known.index, dtype=bool),
        "paragraph",
        lambda row: f"not a paragraph of fact {row.fact_id!r}",
    )
    rules.flag(
        "quotes",
        known,
        pd.Series(unspoken, index=known.index, dtype=bool),
        "speaker_actor_ids",
        lambda row: f"speakers are not actors of fact {row.fact_id!r}",
    )


@cache
def _operational_isos() -> frozenset[str]:
    """The ISO codes of the regions the committed operational boundary file holds (read once per process)."""
    features = json.loads(OPERATIONAL_REGIONS.read_text(encoding="utf-8"))["features"]
    return frozenset(feature["properties"]["iso_3166_2"] for feature in features)
