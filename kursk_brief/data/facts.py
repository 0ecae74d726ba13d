"""Load the curated fact tables and derive rows from them.

Everything any view shows passes through `load_brief`: `validation` reads the CSV files and checks every row and
every cross-reference, collecting *all* problems before failing (so an editor fixes a file in one pass); this module
adds the derived rows in code. Nothing is dropped silently: a row either loads or is named in the error.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, wraps
from pathlib import Path
from typing import TypeVar

import pandas as pd

from kursk_brief.data.problems import DataError, Problem, printable
from kursk_brief.data.table_rules import MONTHS, WEEKDAYS
from kursk_brief.data.validation import validate
from kursk_brief.schema.rows import FactKind, NumberForm, PlaceRole, Precision, Qualifier, SourceKind, Status
from kursk_brief.words import wording

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
DATA_DIR_ENV = "KURSK_BRIEF_DATA"
T = TypeVar("T")
# A hover, a card section or a headline list shows at most this many rows; the rest are counted in one line that says
# where they all are, so that a large fact table cannot make one mark or one card unreadable (or the browser stall).
LIST_LIMIT = 10
# An alt text lists more (it is read, not hovered), but it too ends in a count rather than in a hundred thousand clauses.
ALT_TEXT_LIMIT = 40

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Brief:
    """All tables of the brief, validated, with derived rows added; what every view reads."""

    sources: pd.DataFrame
    actors: pd.DataFrame
    places: pd.DataFrame
    facts: pd.DataFrame
    events: pd.DataFrame
    quotes: pd.DataFrame
    settings: pd.DataFrame
    data_dir: Path = field(compare=False)

    @property
    def setting(self) -> pd.Series:
        """The brief's one row of `brief.csv`: which places and states the views frame, as data, not code."""
        return self.settings.iloc[0]

    @property
    def focus_place_id(self) -> str:
        """The region the operational map frames and the Present view's *Where* slide describes."""
        return self.setting["focus_place_id"]

    @property
    def report(self) -> pd.Series:
        """The primary report: the first report-kind source, whose publication sets the brief's as-of date."""
        return self.sources[self.sources["kind"] == SourceKind.REPORT].iloc[0]

    @property
    def as_of(self) -> date:
        return date.fromisoformat(self.report["published"])

    @cached_property
    def citation_labels(self) -> dict[str, str]:
        """Citation label per source id, looked up once: `citation` runs for every row a view shows."""
        return self.sources.set_index("source_id")["citation_label"].to_dict()


def data_dir_from_env() -> Path:
    """The data folder can be swapped (tests, a second report) without touching code."""
    return Path(os.environ.get(DATA_DIR_ENV, DEFAULT_DATA_DIR))


def load_brief(data_dir: Path | None = None) -> Brief:
    """Read and validate every table, then add derived rows; raises `DataError` listing every problem.

    No other exception leaves: a fault no rule anticipated becomes a problem on the file whose rows were being read,
    checked or derived, so that every page shows the problem table rather than a crash.
    """
    data_dir = Path(data_dir) if data_dir is not None else data_dir_from_env()
    with _boundary("the data folder"):
        frames = validate(data_dir)
    with _boundary("events.csv"):
        events = with_event_dates(frames["events"], frames["sources"])
        date_facts = derived_date_facts(events)
    with _boundary("facts.csv"):
        number_facts = derived_number_facts(frames["facts"])
        derived = pd.concat([number_facts, date_facts], ignore_index=True)
        _refuse_collisions(frames["facts"], frames["events"], derived)
        facts = pd.concat([frames["facts"].assign(derived_from=None), derived], ignore_index=True)
    return Brief(
        sources=frames["sources"],
        actors=frames["actors"],
        places=frames["places"],
        facts=facts,
        events=events,
        quotes=frames["quotes"],
        settings=frames["brief"],
        data_dir=data_dir,
    )


def _refuse_collisions(typed: pd.DataFrame, events: pd.DataFrame, derived: pd.DataFrame) -> None:
    """A typed fact whose id the loader also gives a derived row (`<part>_share`, `<event>_date`) is a problem on the
    typed row naming the row the derived one comes from: two rows under one id crashed pages that look rows up."""
    if derived.empty:
        return
    lines = dict(zip(typed["fact_id"], typed["line"], strict=True))
    event_lines = dict(zip(events["event_id"], events["line"], strict=True))
    problems = []
    for row in derived[derived["fact_id"].isin(lines.keys())].itertuples(index=False):
        origin = row.derived_from[0]
        if origin.startswith("event:"):
            event = origin.removeprefix("event:")
            whence = f"the date of event {event!r} (events.csv line {event_lines[event]})"
        else:
            whence = f"the {row.fact_id.rsplit('_', 1)[1]} of {origin!r} (facts.csv line {lines[origin]})"
        problems.append(
            Problem(
                "facts.csv",
                lines[row.fact_id],
                "fact_id",
                f"{row.fact_id!r} is also the id of the row the loader derives for {whence}: rename this row",
            )
        )
    if problems:
        raise DataError(problems)


@contextmanager
def _boundary(file: str) -> Iterator[None]:
    """Turn anything but a `DataError` raised inside into one, naming the file being handled."""
    try:
        yield
    except DataError:
        raise
    except Exception as error:  # the boundary of load_brief: data must never crash a page
        log.exception("unanticipated fault while handling %s", file)
        what = "its rows could not be derived" if file.endswith(".csv") else "could not be loaded"
        problem = Problem(file, 0, "-", f"{what} ({type(error).__name__}: {printable(str(error))})")
        raise DataError([problem]) from error


def derived_number_facts(facts: pd.DataFrame) -> pd.DataFrame:
    """For each count that is part of a larger count, derive its share and the remainder, citing both rows.

    Nobody in the report gives these figures, so derived rows have no actor; they are about whoever both counts are about.
    """
    by_id = facts.set_index("fact_id")
    rows = []
    for _, part in facts[facts["part_of"].notna()].iterrows():
        whole = by_id.loc[part["part_of"]]
        paragraphs = sorted(set(part["paragraphs"]) | set(whole["paragraphs"]))
        hedged = {*part["qualifier"], *whole["qualifier"]} - {Qualifier.AS_STATED.value}
        hedge = [Qualifier.APPROXIMATELY.value] if hedged else []
        whole_figure = number_phrase(whole)
        part_figure = number_phrase(part)
        base = {
            "source_id": part["source_id"],
            "paragraphs": paragraphs,
            "kind": FactKind.NUMBER.value,
            "status": Status.DERIVED.value,
            "topic": part["topic"],
            "actor_ids": [],
            "relation": None,
            "addressee_ids": [],
            "about_ids": list(dict.fromkeys([*part["about_ids"], *whole["about_ids"]])),
            "event_id": None,
            "number_form": NumberForm.COUNT.value,
            "qualifier": hedge,
            "part_of": None,
            "derived_from": [part["fact_id"], whole.name],
            "line": None,
        }
        share = 100 * part["value"] / whole["value"]
        remainder = whole["value"] - part["value"]
        rows.append(
            {
                **base,
                "fact_id": f"{part['fact_id']}_share",
                "place_id": part["place_id"],
                "place_role": part["place_role"],
                "value": round(share, 1),
                "unit": "percent",
                "counts": f"of the {whole_figure}: the share that the {part_figure} make up (both hedged)",
                "summary": (
                    f"Worked out by this app, not given in the report: the {part_figure} are about {share:.0f}% of "
                    f"the {whole_figure}. Both figures are hedged, so the share is too."
                ),
            }
        )
        rows.append(
            {
                **base,
                "fact_id": f"{part['fact_id']}_remainder",
                "place_id": None,
                "place_role": None,
                "value": remainder,
                "unit": whole["unit"],
                "counts": (
                    f"of the {whole_figure} that are not among the {part_figure} (both hedged); "
                    "the report does not say where they are"
                ),
                "summary": (
                    f"Worked out by this app, not given in the report: the {whole_figure}, less the {part_figure}, "
                    f"leaves about {remainder:,.0f} {whole['unit']}. Both figures are hedged, so this is too; the "
                    "report does not say where they are."
                ),
            }
        )
    return pd.DataFrame(rows, columns=[*facts.columns, "derived_from"], dtype=object)


def with_event_dates(events: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Give each event the extent the timeline may draw, and say how that extent was obtained.

    Adds `start`, `end` (ISO dates or None), `date_status` (`stated`, `derived`, `assumed window`,
    `undated`) and `date_basis`, a sentence shown in hover and table.
    """
    published = {
        row.source_id: date.fromisoformat(row.published) for row in sources.itertuples() if row.published is not None
    }
    extents: dict[str, tuple[date | None, date | None, str, str]] = {}

    def extent(event: pd.Series) -> tuple[date | None, date | None, str, str]:
        if event["event_id"] in extents:
            return extents[event["event_id"]]
        pub = published[event["source_id"]]
        precision = event["precision"]
        if precision == Precision.DAY:
            day = date.fromisoformat(event["date"])
            result = (day, day, "stated", "Date given in the report.")
        elif precision == Precision.WEEKDAY:
            day = last_weekday_before(pub, event["date_text"])
            result = (
                day,
                day,
                "derived",
                f"'{event['date_text']}' taken as the last one before publication ({pub:%d %b %Y}).",
            )
        elif precision == Precision.MONTH:
            first, last = last_month_up_to(pub, event["date_text"])
            result = (
                first,
                last,
                "derived",
                f"'{event['date_text']}' with no year: taken as the last one up to publication.",
            )
        elif precision == Precision.RELATIVE:
            anchor_id = event["anchor_event_id"]
            if anchor_id:
                anchor = extent(events.set_index("event_id", drop=False).loc[anchor_id])[0]
                anchor_name = (
                    f"{events.set_index('event_id').loc[anchor_id, 'title']} (as dated here: {anchor:%d %b %Y})"
                )
            else:
                anchor, anchor_name = pub, f"the report's publication ({pub:%d %b %Y})"
            result = (
                anchor + timedelta(days=int(event["window_days_min"])),
                anchor + timedelta(days=int(event["window_days_max"])),
                "assumed window",
                f"'{event['date_text']}', counted from {anchor_name}. {event['window_assumption']}",
            )
        elif precision == Precision.SINCE:
            anchor = extent(events.set_index("event_id", drop=False).loc[event["anchor_event_id"]])[0]
            result = (
                anchor,
                pub,
                "derived",
                f"'{event['date_text']}': drawn from {anchor.day} {anchor:%B}, the earliest day the report allows, to its "
                f"publication ({pub:%d %b %Y}); it may continue beyond.",
            )
        else:
            result = (None, None, "undated", "The report gives no date.")
        extents[event["event_id"]] = result
        return result

    columns = [extent(row) for _, row in events.iterrows()]
    out = events.copy()
    out["start"] = pd.Series([c[0].isoformat() if c[0] else None for c in columns], index=out.index, dtype=object)
    out["end"] = pd.Series([c[1].isoformat() if c[1] else None for c in columns], index=out.index, dtype=object)
    out["date_status"] = [c[2] for c in columns]
    out["date_basis"] = [c[3] for c in columns]
    return out


def last_weekday_before(published: date, weekday: str) -> date:
    """A weekday in a report means the most recent one before its publication day."""
    delta = (published.weekday() - WEEKDAYS.index(weekday)) % 7 or 7
    return published - timedelta(days=delta)


def last_month_up_to(published: date, month: str) -> tuple[date, date]:
    """A month named without a year means the most recent such month, the publication month included."""
    number = MONTHS.index(month) + 1
    year = published.year if number <= published.month else published.year - 1
    following = date(year + (number == 12), number % 12 + 1, 1)
    return date(year, number, 1), following - timedelta(days=1)


def derived_date_facts(events: pd.DataFrame) -> pd.DataFrame:
    """Every date the app worked out becomes a derived fact row, so it is listed, cited and labelled like the rest."""
    rows = []
    for _, event in events[events["date_status"] == "derived"].iterrows():
        span = (
            event["start"]
            if event["start"] == event["end"]
            else f"{event['start']} to {event['end']}"
            if event["precision"] == Precision.SINCE
            else f"{event['start'][:7]}"
        )
        rows.append(
            {
                "fact_id": f"{event['event_id']}_date",
                "source_id": event["source_id"],
                "paragraphs": event["paragraphs"],
                "kind": FactKind.DATE.value,
                "status": Status.DERIVED.value,
                "topic": "dates",
                "actor_ids": [],
                "relation": None,
                "addressee_ids": [],
                "about_ids": event["actor_ids"],
                "place_id": event["place_id"],
                "place_role": PlaceRole.LOCATED.value if event["place_id"] else None,
                "event_id": event["event_id"],
                "value": None,
                "unit": None,
                "number_form": NumberForm.COUNT.value,
                "qualifier": [],
                "counts": None,
                "part_of": None,
                "summary": f"{event['title']}: {span}. {event['date_basis']}",
                "derived_from": [f"event:{event['event_id']}", f"source:{event['source_id']}"],
                "line": None,
            }
        )
    return pd.DataFrame(rows, dtype=object)


def per_brief(derive: Callable[[Brief], T]) -> Callable[[Brief], T]:
    """Compute a table derived from the whole brief once per brief, not once per view, chart, alt text or rerun.

    A brief is read-only once loaded (the app shares one per data version between sessions), so what is derived from
    it alone stays true as long as it lives; the result is kept on the brief itself and is read-only too. Two sessions
    racing on a first call at worst derive it twice.
    """

    @wraps(derive)
    def derived(brief: Brief) -> T:
        memo = brief.__dict__.setdefault("_derived", {})
        if derive.__qualname__ not in memo:
            memo[derive.__qualname__] = derive(brief)
        return memo[derive.__qualname__]

    return derived


def citation(brief: Brief, source_id: str, paragraphs: list[int]) -> str:
    """The citation a reader can check against the report, e.g. `Alliance News, 1 Nov 2024, ¶1, ¶4`."""
    return f"{brief.citation_labels[source_id]}, {paragraph_marks(paragraphs)}"


def more_facts(hidden: int, noun: str = "facts", *, sentence: bool = False) -> str:
    """The line that stands for what a capped list leaves out: how many, and where to read them all."""
    return f"{'And' if sentence else 'and'} {hidden:,} more {noun}: see the Facts page{'.' if sentence else ''}"


def id_list(ids: list[str]) -> str:
    """Fact ids joined for a hover, at most LIST_LIMIT of them and then a count of the rest."""
    shown = ", ".join(ids[:LIST_LIMIT])
    return f"{shown} {more_facts(len(ids) - LIST_LIMIT)}" if len(ids) > LIST_LIMIT else shown


def capped(facts: pd.DataFrame, limit: int = LIST_LIMIT) -> tuple[pd.DataFrame, int]:
    """The first `limit` rows to compose lines for, and how many are left out (composed only as a count)."""
    return facts.iloc[:limit], max(len(facts) - limit, 0)


def paragraph_marks(paragraphs: list[int]) -> str:
    """Paragraphs as a reader writes them, `¶1, ¶4`."""
    return ", ".join(f"¶{p}" for p in paragraphs)


def actor_names(brief: Brief) -> dict[str, str]:
    """Display name per actor: the name where the report gives one, otherwise its description, never a guess."""
    return {row.actor_id: row.name or row.label for row in brief.actors.itertuples()}


def place_names(brief: Brief) -> dict[str, str]:
    """Display name per place id."""
    return brief.places.set_index("place_id")["name"].to_dict()


def facts_view(brief: Brief, facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Facts as a reader sees them: status label, our summary, the figure with its hedge, who, where, citation.

    `facts` is a selection of `brief.facts` (by its index); the whole view is composed once per brief and selected from.
    """
    view = _whole_view(brief)
    return view.copy(deep=False) if facts is None else view.loc[facts.index]  # the caller's own frame (copy on write)


@per_brief
def _whole_view(brief: Brief) -> pd.DataFrame:
    facts = brief.facts
    names = actor_names(brief)
    places = place_names(brief)
    return pd.DataFrame(
        {
            "status": facts["status"].str.upper(),
            "summary": facts["summary"],
            "figure": _figures(facts),
            "citation": [citation(brief, s, p) for s, p in zip(facts["source_id"], facts["paragraphs"], strict=True)],
            "who": [wording.who(fact, names) for fact in facts.itertuples()],
            "addressed to": [", ".join(names[a] for a in ids) for ids in facts["addressee_ids"]],
            "about": [wording.about_phrase(fact, names) for fact in facts.itertuples()],
            "place": [places.get(p, "not stated") if p else "not stated" for p in facts["place_id"]],
            "kind": facts["kind"],
            "id": facts["fact_id"],
            "derived_from": [", ".join(d) if isinstance(d, list) else "" for d in facts["derived_from"]],
        },
        index=facts.index,
    )


def _figures(facts: pd.DataFrame) -> list[str]:
    """`format_figure` of every number row, empty for the rest; only number rows are composed (rows as dicts)."""
    numbers = facts["value"].notna().tolist()
    records = iter(facts[numbers].to_dict("records"))
    return [format_figure(next(records)) if number else "" for number in numbers]


def format_figure(fact: pd.Series) -> str:
    """A number with its hedges in words, e.g. `approximately 8,000 troops`, `estimated 10,000 troops, reportedly`."""
    if fact["value"] is None:
        return ""
    hedge, number, unit = figure_parts(fact)
    before = [word for word in hedge.split(", ") if word and word != Qualifier.REPORTEDLY.value]
    after = ", reportedly" if Qualifier.REPORTEDLY.value in fact["qualifier"] else ""
    return " ".join([*before, number if unit == "%" else f"{number} {unit}"]) + after


def figure_parts(fact: pd.Series) -> tuple[str, str, str]:
    """Hedge, number and unit apart, so a metric can show the number big without losing the hedge."""
    hedge = ", ".join(q.replace("_", " ") for q in fact["qualifier"] if q != Qualifier.AS_STATED)
    value = float(fact["value"])
    number = f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"
    if fact.get("number_form") == NumberForm.ORDINAL:
        number = ordinal(int(value))
    unit = "%" if fact["unit"] == "percent" else fact["unit"]
    return hedge, f"{number}%" if unit == "%" else number, unit


def ordinal(value: int) -> str:
    """6 -> `6th`: the report's "sixth engagement" is a rank, not a count of meetings."""
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


def number_phrase(fact: pd.Series) -> str:
    """The figure followed by what it counts, hedges first: `approximately 8,000 North Korean troops in the Kursk region`.

    A number line is built from the row's own `counts`, never from an actor's label, so it says what the figure counts.
    `reportedly` is said where the counted phrase puts it (`reportedly sent`), not twice.
    """
    hedge, number, _ = figure_parts(fact)
    hedges = [w for w in hedge.split(", ") if w and not (w == Qualifier.REPORTEDLY.value and w in fact["counts"])]
    return " ".join([*hedges, number, fact["counts"]])


def filter_facts(
    facts: pd.DataFrame,
    *,
    text: str = "",
    kinds: list[str] | None = None,
    statuses: list[str] | None = None,
    actors: list[str] | None = None,
    places: list[str] | None = None,
    paragraphs: list[int] | None = None,
) -> pd.DataFrame:
    """Narrow the facts the way the Facts page's controls do; an empty choice means no restriction."""
    keep = pd.Series(True, index=facts.index)
    if text:
        needle = text.casefold()
        keep &= facts["summary"].str.casefold().str.contains(needle, regex=False) | facts["fact_id"].str.contains(
            needle, regex=False
        )
    if kinds:
        keep &= facts["kind"].isin(kinds)
    if statuses:
        keep &= facts["status"].isin(statuses)
    if actors:
        keep &= (
            overlaps(facts["actor_ids"], actors)
            | overlaps(facts["addressee_ids"], actors)
            | overlaps(facts["about_ids"], actors)
        )
    if places:
        keep &= facts["place_id"].isin(places)
    if paragraphs:
        keep &= overlaps(facts["paragraphs"], paragraphs)
    return facts[keep]


def overlaps(lists: pd.Series, wanted: list) -> pd.Series:
    """Which cells of a list-valued column share at least one item with `wanted`."""
    chosen = set(wanted)
    return lists.map(lambda items: bool(chosen & set(items))).astype(bool)


def headline_figures(brief: Brief, limit: int | None = None) -> pd.DataFrame:
    """The numbers a briefing opens with: every number fact (or the first `limit`), typed or derived, in table order."""
    numbers = brief.facts[brief.facts["kind"] == FactKind.NUMBER].iloc[:limit]
    parts = [figure_parts(row) for _, row in numbers.iterrows()]
    return facts_view(brief, numbers).assign(
        counts=numbers["counts"],
        hedge=[p[0] or "as stated" for p in parts],
        number=[p[1] for p in parts],
        unit=[p[2] for p in parts],
    )


def anticipated(brief: Brief) -> pd.DataFrame:
    """What the report expects to happen next, as reader-facing rows."""
    return facts_view(brief, brief.facts[brief.facts["status"] == Status.ANTICIPATED])
