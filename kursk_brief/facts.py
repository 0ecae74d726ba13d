"""Load, validate and derive the curated fact tables.

Everything any view shows passes through `load_brief`: it reads the CSV files, checks every row and every
cross-reference, collects *all* problems before failing (so an editor fixes a file in one pass), and adds the
derived rows in code. Nothing is dropped silently: a row either loads or is named in the error.
"""

from __future__ import annotations

import csv
import io
import os
from calendar import month_name
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, wraps
from pathlib import Path
from typing import TypeVar

import pandas as pd
from pydantic import ValidationError

from kursk_brief import wording
from kursk_brief.fingerprint import Fingerprint, fingerprint_path, is_quoted_span, load_fingerprint
from kursk_brief.schema import (
    ID_COLUMN,
    TABLES,
    FactKind,
    NumberForm,
    PlaceRole,
    Precision,
    Qualifier,
    Row,
    SourceKind,
    Status,
)

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DATA_DIR_ENV = "KURSK_BRIEF_DATA"
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = list(month_name)[1:]
T = TypeVar("T")
# A hover, a card section or a headline list shows at most this many rows; the rest are counted in one line that says
# where they all are, so that a large fact table cannot make one mark or one card unreadable (or the browser stall).
LIST_LIMIT = 10
# An alt text lists more (it is read, not hovered), but it too ends in a count rather than in a hundred thousand clauses.
ALT_TEXT_LIMIT = 40


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located precisely enough to fix it without searching."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}, column {self.column}: {self.message}"


class DataError(Exception):
    """The one error type for bad data; it carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Brief:
    """All tables of the brief, validated, with derived rows added; what every view reads."""

    sources: pd.DataFrame
    actors: pd.DataFrame
    places: pd.DataFrame
    facts: pd.DataFrame
    events: pd.DataFrame
    quotes: pd.DataFrame
    data_dir: Path = field(compare=False)

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


def _read_table(path: Path, model: type[Row], problems: list[Problem]) -> list[tuple[int, Row]] | None:
    """Read one CSV into validated rows, each kept with the line it started on; None if the file as a whole is unusable."""
    name = path.name
    if not path.exists():
        problems.append(Problem(name, 0, "-", "file is missing"))
        return None
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        problems.append(
            Problem(name, line, "-", f"not UTF-8 text (byte {error.object[error.start]:#x}); save as UTF-8")
        )
        return None
    return _parse_rows(name, text, model, problems)


def _parse_rows(name: str, text: str, model: type[Row], problems: list[Problem]) -> list[tuple[int, Row]] | None:
    """Validate each CSV row against its model, recording the line it started on for every problem."""
    expected = list(model.model_fields)
    rows: list[tuple[int, Row]] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = next(reader, None)
    if header is None:
        problems.append(Problem(name, 1, "-", "file is empty; expected a header row"))
        return None
    header = [h.strip() for h in header]
    missing = [c for c in expected if c not in header and model.model_fields[c].is_required()]
    unknown = [c for c in header if c not in expected]
    for column in missing:
        problems.append(Problem(name, 1, column, "required column is missing from the header"))
    for column in unknown:
        problems.append(Problem(name, 1, column, "unknown column (not in the schema)"))
    duplicated = len(set(header)) != len(header)
    if duplicated:
        problems.append(Problem(name, 1, "-", "a column name appears twice in the header"))
    if missing or unknown or duplicated:
        return None
    line = reader.line_num + 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                problems.append(
                    Problem(name, start, "-", f"row has {len(cells)} cells but the header has {len(header)}")
                )
                continue
            record = {col: val for col, val in zip(header, cells, strict=True) if val.strip()}
            try:
                rows.append((start, model.model_validate(record)))
            except ValidationError as error:
                for err in error.errors():
                    column = str(err["loc"][0]) if err["loc"] else "-"
                    problems.append(Problem(name, start, column, _describe(err)))
    except csv.Error as error:
        problems.append(Problem(name, line, "-", f"not readable as CSV: {error}"))
        return None
    return rows


def _describe(err: dict) -> str:
    """Turn a pydantic error into a sentence an editor understands, with the offending value."""
    value = err.get("input")
    message = err["msg"]
    if err["type"] == "missing":
        return "required value is empty"
    if isinstance(value, (str, int, float)):
        return f"{message} (got {value!r})"
    return message


def _read_fingerprints(
    data_dir: Path, sources: list[tuple[int, Row]], problems: list[Problem]
) -> dict[str, Fingerprint]:
    """The committed fingerprint of each report that has one (quotes are checked against it); an unreadable one is a problem."""
    found: dict[str, Fingerprint] = {}
    for line, row in sources:
        path = fingerprint_path(data_dir, row.source_id)
        if row.kind != SourceKind.REPORT or not path.exists():
            continue
        try:
            found[row.source_id] = load_fingerprint(path)
        except (OSError, ValueError) as error:
            problems.append(Problem(f"fingerprints/{path.name}", 0, "-", f"not a readable fingerprint: {error}"))
            continue
        if found[row.source_id].paragraph_count != row.paragraph_count:
            problems.append(
                Problem(
                    "sources.csv",
                    line,
                    "paragraph_count",
                    f"the report's fingerprint has {found[row.source_id].paragraph_count} paragraphs",
                )
            )
    return found


def _check_references(
    tables: dict[str, list[tuple[int, Row]]], problems: list[Problem], fingerprints: dict[str, Fingerprint]
) -> None:
    """Check ids are unique and every reference resolves, so no view meets a dangling id."""
    ids: dict[str, set[str]] = {}
    for stem, rows in tables.items():
        seen: set[str] = set()
        for line, row in rows:
            key = getattr(row, ID_COLUMN[stem])
            if key in seen:
                problems.append(Problem(f"{stem}.csv", line, ID_COLUMN[stem], f"duplicate id {key!r}"))
            seen.add(key)
        ids[stem] = seen

    sources = {row.source_id: row for _, row in tables["sources"]}
    facts = {row.fact_id: row for _, row in tables["facts"]}
    actors = {row.actor_id: row for _, row in tables["actors"]}

    def ref(stem: str, line: int, column: str, value: str | None, target: str) -> None:
        if value is not None and value not in ids[target]:
            problems.append(Problem(f"{stem}.csv", line, column, f"{value!r} is not a known {target[:-1]} id"))

    def cited(stem: str, line: int, source_id: str, paragraphs: list[int], column: str = "paragraphs") -> None:
        ref(stem, line, "source_id", source_id, "sources")
        source = sources.get(source_id)
        if source is None:
            return
        if source.kind != SourceKind.REPORT:
            problems.append(Problem(f"{stem}.csv", line, "source_id", f"{source_id!r} is a dataset, not a report"))
            return
        for paragraph in paragraphs:
            if paragraph > source.paragraph_count:
                problems.append(
                    Problem(
                        f"{stem}.csv",
                        line,
                        column,
                        f"paragraph {paragraph} is outside {source_id!r}, which has {source.paragraph_count}",
                    )
                )

    for line, row in tables["sources"]:
        if row.kind == SourceKind.REPORT and (row.published is None or row.paragraph_count == 0):
            problems.append(
                Problem("sources.csv", line, "published", "a report needs a publication date and paragraphs")
            )
    for line, row in tables["actors"]:
        cited("actors", line, row.source_id, row.paragraphs)
        ref("actors", line, "country_id", row.country_id, "actors")
        if row.country_id in actors and actors[row.country_id].kind != "state":
            problems.append(Problem("actors.csv", line, "country_id", f"{row.country_id!r} is not a state"))
    for line, row in tables["places"]:
        cited("places", line, row.source_id, row.paragraphs)
        ref("places", line, "coord_source_id", row.coord_source_id, "sources")
        if row.kind == "city" and (row.lat is None or row.lon is None):
            problems.append(Problem("places.csv", line, "lat", "a city needs lat and lon from its coordinate source"))
        if row.kind != "city" and not row.iso_code:
            problems.append(Problem("places.csv", line, "iso_code", "a region or country needs its ISO code"))
    for line, row in tables["facts"]:
        _check_fact(line, row, facts, problems)
        cited("facts", line, row.source_id, row.paragraphs)
        for column in ("actor_ids", "addressee_ids", "about_ids"):
            for actor in getattr(row, column):
                ref("facts", line, column, actor, "actors")
        ref("facts", line, "place_id", row.place_id, "places")
        ref("facts", line, "event_id", row.event_id, "events")
        ref("facts", line, "part_of", row.part_of, "facts")
    for line, row in tables["events"]:
        _check_event(line, row, problems)
        cited("events", line, row.source_id, row.paragraphs)
        for actor in row.actor_ids:
            ref("events", line, "actor_ids", actor, "actors")
        ref("events", line, "place_id", row.place_id, "places")
        ref("events", line, "anchor_event_id", row.anchor_event_id, "events")
    for line, row in tables["quotes"]:
        cited("quotes", line, row.source_id, [row.paragraph], "paragraph")
        ref("quotes", line, "fact_id", row.fact_id, "facts")
        for actor in row.speaker_actor_ids:
            ref("quotes", line, "speaker_actor_ids", actor, "actors")
        fingerprint = fingerprints.get(row.source_id)
        if fingerprint is not None and not is_quoted_span(fingerprint, row.text, row.paragraph):
            problems.append(
                Problem(
                    "quotes.csv",
                    line,
                    "text",
                    f"not words the report puts in quotation marks in paragraph {row.paragraph} "
                    f"(checked against fingerprints/{row.source_id}.json)",
                )
            )
        fact = facts.get(row.fact_id)
        if fact is not None:
            if row.paragraph not in fact.paragraphs or row.source_id != fact.source_id:
                problems.append(Problem("quotes.csv", line, "paragraph", f"not a paragraph of fact {fact.fact_id!r}"))
            if not set(row.speaker_actor_ids) <= set(fact.actor_ids):
                problems.append(
                    Problem(
                        "quotes.csv", line, "speaker_actor_ids", f"speakers are not actors of fact {fact.fact_id!r}"
                    )
                )


def _check_fact(line: int, row: Row, facts: dict[str, Row], problems: list[Problem]) -> None:
    """Rules that tie columns together: numbers carry their unit and hedge, derived values are never typed."""

    def problem(column: str, message: str) -> None:
        problems.append(Problem("facts.csv", line, column, message))

    if row.status == Status.DERIVED:
        problem("status", "derived rows are computed by the app and must not be typed in the data")
    if row.kind == FactKind.DATE:
        problem("kind", "date facts are derived by the app and must not be typed in the data")
    if row.kind == FactKind.NUMBER:
        for column in ("value", "unit", "counts"):
            if getattr(row, column) is None:
                problem(column, "a number needs a value, a unit and what it counts")
        if not row.qualifier:
            problem("qualifier", "a number needs its qualifier (use as_stated when the report gives none)")
        if Qualifier.AS_STATED in row.qualifier and len(row.qualifier) > 1:
            problem("qualifier", "as_stated cannot be combined with other qualifiers")
    else:
        for column in ("value", "unit", "counts", "part_of"):
            if getattr(row, column) not in (None, []):
                problem(column, f"only number facts have a {column}")
        if row.qualifier:
            problem("qualifier", "only number facts have a qualifier")
    if row.kind == FactKind.STATEMENT and (not row.actor_ids or row.relation is None):
        problem("relation", "a statement needs who made it (actor_ids) and a relation")
    if row.addressee_ids and row.kind != FactKind.STATEMENT:
        problem("addressee_ids", "only a statement has an addressee")
    if (row.place_id is None) != (row.place_role is None):
        problem("place_role", "a place needs its role (located, said_at, about), and a role needs a place")
    if row.number_form != NumberForm.COUNT and row.kind != FactKind.NUMBER:
        problem("number_form", "only number facts have a number form")
    whole = facts.get(row.part_of) if row.part_of else None
    if whole is not None and (whole.kind != FactKind.NUMBER or whole.unit != row.unit):
        problem("part_of", f"{row.part_of!r} is not a number counted in the same unit")
    elif whole is not None and whole.value is not None and row.value is not None and row.value > whole.value:
        problem("part_of", f"the part ({row.value:g}) is larger than the whole ({whole.value:g})")


def _check_event(line: int, row: Row, problems: list[Problem]) -> None:
    """Each precision allows exactly the date fields it needs, so no event gets a date its text does not support."""

    def problem(column: str, message: str) -> None:
        problems.append(Problem("events.csv", line, column, message))

    if row.status == Status.DERIVED:
        problem("status", "events are reported, claimed or anticipated, never derived")
    window = (row.window_days_min, row.window_days_max, row.window_assumption)
    if row.precision == Precision.DAY:
        try:
            date.fromisoformat(row.date or "")
        except ValueError:
            problem("date", f"day precision needs an ISO date YYYY-MM-DD (got {row.date!r})")
    elif row.date is not None:
        problem("date", f"only day-precision events carry a date; this one is {row.precision.value!r}")
    if row.precision == Precision.WEEKDAY and row.date_text not in WEEKDAYS:
        problem("date_text", f"weekday precision needs a weekday name (got {row.date_text!r})")
    if row.precision == Precision.MONTH and row.date_text not in MONTHS:
        problem("date_text", f"month precision needs a month name (got {row.date_text!r})")
    if row.precision == Precision.RELATIVE:
        if None in window:
            problem("window_days_max", "a relative date needs window_days_min, window_days_max and window_assumption")
        elif row.window_days_min > row.window_days_max:
            problem("window_days_min", "window starts after it ends")
        if not row.date_text:
            problem("date_text", "a relative date needs the report's own words (e.g. 'within days')")
    elif row.precision == Precision.SINCE:
        if row.anchor_event_id is None or not row.date_text:
            problem("anchor_event_id", "a 'since' date needs the event it lasts from and the report's own words")
        if any(v is not None for v in window):
            problem("window_days_min", "only relative-precision events have a window")
    elif any(v is not None for v in window) or row.anchor_event_id is not None:
        problem("window_days_min", "only relative- and since-precision events have a window or an anchor")


def _frame(rows: list[tuple[int, Row]], model: type[Row]) -> pd.DataFrame:
    """Rows to a DataFrame, keeping the source line for error messages further down the line."""
    records = [{**row.model_dump(mode="json"), "line": line} for line, row in rows]
    return pd.DataFrame(records, columns=[*model.model_fields, "line"], dtype=object)


def load_brief(data_dir: Path | None = None) -> Brief:
    """Read and validate every table, then add derived rows; raises `DataError` listing every problem."""
    data_dir = Path(data_dir) if data_dir is not None else data_dir_from_env()
    problems: list[Problem] = []
    read = {stem: _read_table(data_dir / f"{stem}.csv", model, problems) for stem, model in TABLES.items()}
    tables = {stem: rows for stem, rows in read.items() if rows is not None}
    if len(tables) == len(TABLES):  # cross-references are meaningless while a whole table is unusable
        _check_references(tables, problems, _read_fingerprints(data_dir, tables["sources"], problems))
    if problems:
        raise DataError(problems)
    frames = {stem: _frame(tables[stem], model) for stem, model in TABLES.items()}
    events = with_event_dates(frames["events"], frames["sources"])
    facts = pd.concat(
        [
            frames["facts"].assign(derived_from=None),
            derived_number_facts(frames["facts"]),
            derived_date_facts(events),
        ],
        ignore_index=True,
    )
    return Brief(
        sources=frames["sources"],
        actors=frames["actors"],
        places=frames["places"],
        facts=facts,
        events=events,
        quotes=frames["quotes"],
        data_dir=data_dir,
    )


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
                    f"Worked out by this app, not given in the report: {whole['value']:,.0f} minus "
                    f"{part['value']:,.0f} leaves about {remainder:,.0f} {whole['unit']} whose whereabouts the report "
                    "does not give."
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
                anchor_name = f"the event “{events.set_index('event_id').loc[anchor_id, 'title']}” ({anchor:%d %b %Y})"
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
            "about": [", ".join(names[a] for a in ids) for ids in facts["about_ids"]],
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
