"""Read and validate the curated tables: every fault in the data becomes a problem naming file, line and column.

Validation is the one gate between files a curator edits and views that trust what they read, so nothing may slip
past it and nothing may crash in it. It runs in three stages, each collecting every problem before the next:

1. read: each CSV file to a header and rows of cells, each row with the line it starts on. A file that cannot be
   read as a whole (missing, a folder, not UTF-8, not CSV, a wrong header) is one problem on that file. Every cell is
   checked for control characters.
2. cells: every column checked at once against its field in `schema.py`, by pydantic over the column's distinct
   values, so that 100,000 rows cost what their distinct values cost rather than 100,000 model instances.
3. rows: rules that tie columns and tables together: unique ids, references, paragraphs within the report, report
   sources, acyclic event anchors and `part_of`, quotes against the report's fingerprint.

A row that fails stage 2 is left out of stage 3, and a reference to it is reported once per referencing file and
column as a knock-on of that row, not as a fault of its own. Anything unanticipated is caught per file and reported
as a problem on that file.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from calendar import month_name
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

import pandas as pd
from pydantic import TypeAdapter, ValidationError

from kursk_brief.data.fingerprint import Fingerprint, fingerprint_path, is_quoted_span, load_fingerprint
from kursk_brief.schema.rows import (
    ID_COLUMN,
    TABLES,
    FactKind,
    NumberForm,
    Precision,
    Qualifier,
    Row,
    SourceKind,
    Status,
)

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = list(month_name)[1:]
CONTROL = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
"""Characters no cell may hold: C0/C1 controls (NUL, tab, escape, ...), bidirectional overrides, line separators.
Line breaks are caught apart, as cells that span lines."""
SHOWN_INPUT = 60
"""Longest offending value quoted in a message; a 401-digit number is shown cut, not in full."""

# Plain strings for the enum values the rules compare with, so that 100,000 rows do not pay for enum lookups.
NUMBER, STATEMENT, DATE = FactKind.NUMBER.value, FactKind.STATEMENT.value, FactKind.DATE.value
DERIVED, REPORT, STATE, CITY = Status.DERIVED.value, SourceKind.REPORT.value, "state", "city"
DAY, WEEKDAY, MONTH = Precision.DAY.value, Precision.WEEKDAY.value, Precision.MONTH.value
RELATIVE, SINCE, UNSTATED = Precision.RELATIVE.value, Precision.SINCE.value, Precision.UNSTATED.value
AS_STATED, COUNT, ORDINAL = Qualifier.AS_STATED.value, NumberForm.COUNT.value, NumberForm.ORDINAL.value

OPERATIONAL_REGIONS = Path(__file__).resolve().parents[2] / "data" / "geo" / "operational_regions.geojson"
"""The boundary file the operational map draws; the brief's focus region must be one of its regions."""

log = logging.getLogger(__name__)


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


@dataclass
class Table:
    """One CSV file after stages 1 and 2: its values by column, the line each row starts on, which rows are valid."""

    stem: str
    lines: list[int]
    columns: dict[str, list]
    valid: list[bool]

    def frame(self) -> pd.DataFrame:
        """The table as the views read it: one object column per field, plus the line for later messages."""
        return pd.DataFrame({**self.columns, "line": self.lines}, columns=[*self.columns, "line"], dtype=object)


def validate(data_dir: Path) -> dict[str, pd.DataFrame]:
    """Every table of the data folder, validated; raises `DataError` listing every problem found."""
    problems: list[Problem] = []
    tables: dict[str, Table] = {}
    for stem in TABLES:
        table = _guarded(problems, f"{stem}.csv", lambda stem=stem: _read_and_check_cells(data_dir, stem, problems))
        if table is not None:
            tables[stem] = table
    if len(tables) < len(TABLES):  # cross-references are meaningless while a whole table is unusable
        raise DataError(sorted(problems, key=_reading_order))
    rules = _Rules(tables, data_dir, problems)
    rules.check()
    if problems:
        raise DataError(sorted(problems, key=_reading_order))
    return rules.rows  # every row valid: the frames the rules read are the tables the views read


def _guarded(problems: list[Problem], file: str, step: Callable[[], Any]) -> Any:
    """Run one step; an exception nobody anticipated becomes a problem on the file being handled, never a crash."""
    try:
        return step()
    except Exception as error:  # the boundary: unanticipated faults in the data must reach the problem page
        log.exception("unanticipated fault while checking %s", file)
        problems.append(
            Problem(file, 0, "-", f"could not be checked ({type(error).__name__}: {printable(str(error))})")
        )
        return None


def _reading_order(problem: Problem) -> tuple[int, str, int, str]:
    """Problems by table in schema order, then by line: the order an editor fixes them in."""
    stems = list(TABLES)
    stem = problem.file.removesuffix(".csv")
    return (stems.index(stem) if stem in stems else len(stems), problem.file, problem.line, problem.column)


# Stage 1: read --------------------------------------------------------------------------------------------------


@dataclass
class _RawTable:
    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    flawed: dict[int, set[str]]
    """Row index -> columns whose cells hold forbidden characters (reported already)."""


def _read_and_check_cells(data_dir: Path, stem: str, problems: list[Problem]) -> Table | None:
    raw = _read(data_dir / f"{stem}.csv", TABLES[stem], problems)
    return None if raw is None else _check_cells(stem, raw, problems)


def _read(path: Path, model: type[Row], problems: list[Problem]) -> _RawTable | None:
    """Read one CSV into rows of cells, each with the line it started on; None if the file as a whole is unusable."""
    name = path.name
    if not path.exists():
        problems.append(Problem(name, 0, "-", "file is missing"))
        return None
    if not path.is_file():
        problems.append(Problem(name, 0, "-", "is a folder or other special file, not a CSV file"))
        return None
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.append(Problem(name, 0, "-", f"cannot be read ({error.strerror or error})"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(Problem(name, line, "-", f"not UTF-8 text (byte {data[error.start]:#x}); save as UTF-8"))
        return None
    records = _records(name, text, problems)
    if records is None:
        return None
    rows, spans = records
    if not rows or not any(h.strip() for h in rows[0]):
        problems.append(Problem(name, 1, "-", "file is empty; expected a header row"))
        return None
    header = [h.strip() for h in rows[0]]
    if not _header_is_usable(name, header, model, problems):
        return None
    width = len(header)
    if spans is None and all(len(cells) == width and "".join(cells).strip() for cells in rows):  # the usual case
        raw = _RawTable(header, rows[1:], list(range(2, len(rows) + 1)), {})
    else:
        raw = _RawTable(header, [], [], {})
        for index, cells in enumerate(rows[1:], start=1):
            start, end = spans[index] if spans else (index + 1, index + 1)
            if not "".join(cells).strip():
                continue
            if len(cells) != width:
                problems.append(Problem(name, start, "-", f"row has {len(cells)} cells but the header has {width}"))
                continue
            if end > start:  # a cell spans lines: a line break inside quotes
                _flag_cells(name, start, header, cells, re.compile("[\r\n]"), problems, raw)
            raw.rows.append(cells)
            raw.lines.append(start)
    if CONTROL.search(text):
        for index, (start, cells) in enumerate(zip(raw.lines, raw.rows, strict=True)):
            if any(CONTROL.search(cell) for cell in cells):
                _flag_cells(name, start, header, cells, CONTROL, problems, raw, index)
    return raw


def _records(
    name: str, text: str, problems: list[Problem]
) -> tuple[list[list[str]], list[tuple[int, int]] | None] | None:
    """The CSV records and, unless every record is one line (the usual case: record n is line n), each record's first
    and last line. Lines are counted rather than tracked record by record, so a large file reads at the csv module's
    own speed."""
    lines = text.count("\n") + text.count("\r") - text.count("\r\n") + (not text.endswith(("\n", "\r")))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    spans: list[tuple[int, int]] = []
    try:
        rows = list(reader)
        if len(rows) == lines or (not text and not rows):
            return rows, None
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        start = 1
        for _ in reader:
            spans.append((start, reader.line_num))
            start = reader.line_num + 1
    except csv.Error as error:
        problems.append(Problem(name, reader.line_num, "-", f"not readable as CSV: {error}"))
        return None
    return rows, spans


def _header_is_usable(name: str, header: list[str], model: type[Row], problems: list[Problem]) -> bool:
    expected = list(model.model_fields)
    missing = [c for c in expected if c not in header and model.model_fields[c].is_required()]
    unknown = [c for c in header if c not in expected]
    for column in missing:
        problems.append(Problem(name, 1, column, "required column is missing from the header"))
    for column in unknown:
        problems.append(Problem(name, 1, printable(column), "unknown column (not in the schema)"))
    duplicated = len(set(header)) != len(header)
    if duplicated:
        problems.append(Problem(name, 1, "-", "a column name appears twice in the header"))
    return not (missing or unknown or duplicated)


def _flag_cells(
    name: str,
    line: int,
    header: list[str],
    cells: list[str],
    pattern: re.Pattern,
    problems: list[Problem],
    raw: _RawTable,
    index: int | None = None,
) -> None:
    """Name each cell of a row that holds a forbidden character, and keep the row out of later stages."""
    flawed = raw.flawed.setdefault(len(raw.rows) if index is None else index, set())
    for column, cell in zip(header, cells, strict=True):
        found = pattern.search(cell)
        if found:
            what = "a line break" if found.group() in "\r\n" else f"the control character U+{ord(found.group()):04X}"
            problems.append(Problem(name, line, column, f"contains {what}; a cell holds one line of printable text"))
            flawed.add(column)


# Stage 2: cells -------------------------------------------------------------------------------------------------


@cache
def _adapter(stem: str, column: str) -> TypeAdapter:
    """A validator for a whole column, built from the model's field so that the schema stays the one definition."""
    field = TABLES[stem].model_fields[column]
    cell = Annotated[field.annotation, *field.metadata] if field.metadata else field.annotation
    return TypeAdapter(list[cell])


@cache
def _is_list(stem: str, column: str) -> bool:
    return get_origin(TABLES[stem].model_fields[column].annotation) is list


def _check_cells(stem: str, raw: _RawTable, problems: list[Problem]) -> Table:
    """Validate every column against its field; a row with any bad cell is marked invalid, with one problem per cell."""
    name = f"{stem}.csv"
    valid = [i not in raw.flawed for i in range(len(raw.rows))]
    by_column = dict(zip(raw.header, zip(*raw.rows, strict=True), strict=True)) if raw.rows else {}
    columns: dict[str, list] = {}
    for column, field in TABLES[stem].model_fields.items():
        cells = by_column.get(column, ("",) * len(raw.rows))
        distinct = dict.fromkeys(cells)
        if len(distinct) == len(cells) and "" not in distinct and not _is_list(stem, column):
            fast = _validate_unique(stem, column, cells)  # ids, summaries: one value per row, no dictionary
            if fast is not None:
                columns[column] = fast
                continue
        stripped = {cell: cell.strip() for cell in distinct}  # each distinct text once
        texts = set(stripped.values())
        has_empty = "" in texts
        texts.discard("")
        good, bad = _validate_distinct(stem, column, list(texts))
        if field.is_required():
            if has_empty:
                bad[""] = ["required value is empty"]
        else:
            good[""] = _plain(field.get_default(call_default_factory=True))
        if bad:
            for index, cell in enumerate(cells):
                if stripped[cell] in bad and column not in raw.flawed.get(index, ()):
                    messages = bad[stripped[cell]]
                    problems.extend(Problem(name, raw.lines[index], column, message) for message in messages)
                    valid[index] = False
        value_of = {cell: good.get(text) for cell, text in stripped.items()}
        columns[column] = list(map(value_of.__getitem__, cells))  # rows with one cell text share its value: read-only
    return Table(stem, raw.lines, columns, valid)


def _validate_unique(stem: str, column: str, cells: tuple[str, ...]) -> list | None:
    """A column whose every cell differs, validated in one pass; None if any cell fails (the general path reports)."""
    try:
        typed = _adapter(stem, column).validate_python(list(map(str.strip, cells)))
    except ValidationError:
        return None
    return list(map(_plain, typed)) if _has_enum(stem, column) else typed


def _validate_distinct(stem: str, column: str, values: list[str]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Validate each distinct value once: the valid ones mapped to their typed value, the others to messages."""
    adapter = _adapter(stem, column)
    bad: dict[str, list[str]] = {}
    while True:
        try:
            typed = adapter.validate_python(values)
            if _has_enum(stem, column):
                typed = map(_plain, typed)
            return dict(zip(values, typed, strict=True)), bad
        except ValidationError as error:
            failed = set()
            for err in error.errors():
                index = err["loc"][0] if err["loc"] else 0
                bad.setdefault(values[index], []).append(_describe(err))
                failed.add(index)
            values = [v for i, v in enumerate(values) if i not in failed]


@cache
def _has_enum(stem: str, column: str) -> bool:
    """Whether a column's values come back as enum members (plain strings are kept as they are)."""

    def enums(annotation: Any) -> bool:
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            return True
        return any(enums(arg) for arg in get_args(annotation))

    return enums(TABLES[stem].model_fields[column].annotation)


def _plain(value: Any) -> Any:
    """Enum members become their plain string, as the views and exports expect (`model_dump(mode="json")`)."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str.__str__(value)
    return value


def _describe(err: dict) -> str:
    """Turn a pydantic error into a sentence an editor understands, with the offending value."""
    value = err.get("input")
    message = err["msg"].removeprefix("Value error, ")
    if isinstance(value, (str, int, float)):
        return f"{message} (got {_cut(repr(value))})"
    return message


def _cut(text: str) -> str:
    """A value quoted in a message, cut to a readable length."""
    return text if len(text) <= SHOWN_INPUT else f"{text[: SHOWN_INPUT - 1]}… ({len(text)} characters)"


def printable(text: str) -> str:
    """Text from the data or an error shown in a message: control characters escaped, cut to a readable length."""
    return _cut(text if text.isprintable() else repr(text))


# Stage 3: rows and references -----------------------------------------------------------------------------------

Message = str | Callable[[Any], str]
"""A problem's message: fixed, or made from the offending row (a record with one attribute per column)."""


class _Rules:
    """Rules across columns and tables, over the rows that passed stage 2, one column at a time.

    Each rule is a mask over a table's rows, so 100,000 rows cost a few vector operations, not 100,000 calls.
    Unresolved references are gathered and reported at the end, one problem per referencing file, column and
    missing id, so that one bad row is one problem on its own file plus, at most, one knock-on per other file.
    """

    def __init__(self, tables: dict[str, Table], data_dir: Path, problems: list[Problem]):
        self.data_dir = data_dir
        self.problems = problems
        self.rows = {
            stem: table.frame() if all(table.valid) else table.frame()[table.valid].reset_index(drop=True)
            for stem, table in tables.items()
        }
        self.ids = {stem: self._unique_ids(stem) for stem in tables}
        self.invalid = {stem: _invalid_ids(table, self.ids[stem]) for stem, table in tables.items()}
        self.cited_ids: dict[str, set[str]] = {stem: set() for stem in tables}
        self.unresolved: dict[tuple[str, str, str, str], list[int]] = {}
        self.broken_sources: dict[str, int] = {}
        self.fingerprints: dict[str, Fingerprint] = {}

    def check(self) -> None:
        for stem, check in (
            ("sources", self._sources),
            ("actors", self._actors),
            ("places", self._places),
            ("facts", self._facts),
            ("events", self._events),
            ("quotes", self._quotes),
            ("brief", self._brief),
        ):
            _guarded(self.problems, f"{stem}.csv", check)
        self._report_unresolved()

    def problem(self, stem: str, line: int, column: str, message: str) -> None:
        self.problems.append(Problem(f"{stem}.csv", int(line), column, message))

    def flag(self, stem: str, rows: pd.DataFrame, mask: pd.Series, column: str, message: Message) -> None:
        """One problem for each row where `mask` holds."""
        for row in rows[mask.astype(bool)].itertuples(index=False):
            self.problem(stem, row.line, column, message(row) if callable(message) else message)

    def _unique_ids(self, stem: str) -> dict[str, int]:
        """Valid rows by id, with their line; a second row under an id is a problem."""
        rows, column = self.rows[stem], ID_COLUMN[stem]
        first = dict(zip(rows[column][::-1], rows["line"][::-1], strict=True))
        self.flag(
            stem,
            rows,
            rows[column].duplicated(),
            column,
            lambda row: f"duplicate id {getattr(row, column)!r} (first on line {first[getattr(row, column)]})",
        )
        return first

    def refs(self, stem: str, rows: pd.DataFrame, column: str, target: str) -> pd.Series:
        """Which rows' `column` (an id or a list of ids) names only valid rows of `target`; the others are gathered
        to be reported once per group. A blank reference is not a valid one (False) and not a problem."""
        known = self.ids[target]
        values = rows[column].tolist()
        listed = _is_list(stem, column)
        named = set(chain.from_iterable(values)) if listed else set(values) - {None}
        self.cited_ids[target] |= named
        unknown = named - known.keys()
        resolved = pd.Series(True, index=rows.index) & rows[column].notna()
        if not unknown:  # the usual case: one set difference for the whole column
            return resolved
        for index, line, items in zip(rows.index, rows["line"], values, strict=True):
            for value in (items if listed else [items]) if items is not None else ():
                if value in unknown:
                    self.unresolved.setdefault((stem, column, target, value), []).append(line)
                    resolved[index] = False
        return resolved

    def cited(self, stem: str, rows: pd.DataFrame, column: str = "paragraphs") -> None:
        """Rows citing a report: the source exists, is a valid report, and has the paragraphs cited."""
        known = self.refs(stem, rows, "source_id", "sources")
        source = rows["source_id"]
        broken = known & source.isin(self.broken_sources.keys())
        dataset = known & ~broken & source.map(self.source_kind).ne(REPORT)
        for target, mask in (("sources", broken), ("dataset", dataset)):
            for row in rows[mask].itertuples(index=False):
                self.unresolved.setdefault((stem, "source_id", target, row.source_id), []).append(row.line)
        citing = rows[known & ~broken & ~dataset][[column, "source_id", "line"]].explode(column)
        outside = citing[column].gt(citing["source_id"].map(self.paragraph_count)) & citing[column].notna()
        for row in citing[outside].itertuples(index=False):
            count = self.paragraph_count[row.source_id]
            paragraph = getattr(row, column)
            self.problem(
                stem, row.line, column, f"paragraph {paragraph} is outside {row.source_id!r}, which has {count}"
            )

    def _sources(self) -> None:
        sources = self.rows["sources"]
        self.source_kind = dict(zip(sources["source_id"], sources["kind"], strict=True))
        self.paragraph_count = dict(zip(sources["source_id"], sources["paragraph_count"], strict=True))
        self.fingerprints = self._read_fingerprints(sources)
        report = sources["kind"].eq(REPORT)
        printed = sources["source_id"].map(lambda key: getattr(self.fingerprints.get(key), "paragraph_count", None))
        before = len(self.problems)
        self.flag(
            "sources", sources, report & sources["published"].isna(), "published", "a report needs its publication date"
        )
        self.flag(
            "sources",
            sources,
            report & sources["paragraph_count"].eq(0),
            "paragraph_count",
            "a report needs its number of paragraphs",
        )
        self.flag(
            "sources",
            sources,
            report & printed.notna() & printed.ne(sources["paragraph_count"]),
            "paragraph_count",
            lambda row: f"the report's fingerprint has {self.fingerprints[row.source_id].paragraph_count} paragraphs",
        )
        lines = dict(zip(sources["line"], sources["source_id"], strict=True))
        self.broken_sources = {lines[p.line]: p.line for p in self.problems[before:]}
        if len(sources) and not report.any() and not self.invalid["sources"]:  # an invalid row may be the report
            self.problem("sources", 1, "kind", "no source is a report: the brief needs the report it is built from")

    def _read_fingerprints(self, sources: pd.DataFrame) -> dict[str, Fingerprint]:
        """The committed fingerprint of each report that has one (quotes are checked against it)."""
        found: dict[str, Fingerprint] = {}
        for source_id in sources.loc[sources["kind"].eq(REPORT), "source_id"]:
            path = fingerprint_path(self.data_dir, source_id)
            if not path.exists():
                continue
            try:
                found[source_id] = load_fingerprint(path)
            except (OSError, ValueError, RecursionError) as error:
                self.problems.append(
                    Problem(f"fingerprints/{path.name}", 0, "-", f"not a readable fingerprint: {printable(str(error))}")
                )
        return found

    def _actors(self) -> None:
        actors = self.rows["actors"]
        self.cited("actors", actors)
        country = self.refs("actors", actors, "country_id", "actors")
        kinds = dict(zip(actors["actor_id"], actors["kind"], strict=True))
        self.flag(
            "actors",
            actors,
            country & actors["country_id"].map(kinds).ne(STATE),
            "country_id",
            lambda row: f"{row.country_id!r} is not a state",
        )

    def _places(self) -> None:
        places = self.rows["places"]
        self.cited("places", places)
        self.refs("places", places, "coord_source_id", "sources")
        city = places["kind"].eq(CITY)
        located = places["lat"].notna() & places["lon"].notna()
        self.flag("places", places, city & ~located, "lat", "a city needs lat and lon from its coordinate source")
        self.flag(
            "places", places, ~city & places["iso_code"].isna(), "iso_code", "a region or country needs its ISO code"
        )

    def _brief(self) -> None:
        """One row naming places and states that exist and are of the kind each setting needs."""
        brief = self.rows["brief"]
        if len(brief) != 1 and not self.invalid["brief"]:
            line = brief["line"].iloc[1] if len(brief) > 1 else 1
            self.problem("brief", line, "brief_id", f"the brief needs exactly one row; it has {len(brief)}")
        places = self.rows["places"].set_index("place_id")
        regions = _operational_isos()
        for column, kind in (
            ("focus_place_id", "region"),
            ("origin_place_id", "country"),
            ("opposing_place_id", "country"),
        ):
            known = self.refs("brief", brief, column, "places")
            for row in brief[known].itertuples(index=False):
                place = places.loc[getattr(row, column)]
                if place["kind"] != kind:
                    self.problem(
                        "brief", row.line, column, f"{getattr(row, column)!r} is a {place['kind']}, not a {kind}"
                    )
                elif kind == "region" and place["iso_code"] not in regions:
                    self.problem(
                        "brief",
                        row.line,
                        column,
                        f"{getattr(row, column)!r} has ISO code {place['iso_code']!r}, which "
                        "geo/operational_regions.geojson does not hold: the operational map cannot draw it",
                    )
        self.refs("brief", brief, "country_order", "actors")
        kinds = dict(zip(self.rows["actors"]["actor_id"], self.rows["actors"]["kind"], strict=True))
        for row in brief.itertuples(index=False):
            not_states = [key for key in row.country_order if key in kinds and kinds[key] != STATE]
            repeated = sorted({key for key in row.country_order if row.country_order.count(key) > 1})
            if not_states:
                self.problem("brief", row.line, "country_order", f"not a state: {', '.join(map(repr, not_states))}")
            if repeated:
                self.problem("brief", row.line, "country_order", f"listed twice: {', '.join(map(repr, repeated))}")

    def _facts(self) -> None:
        facts = self.rows["facts"]
        kind, number_form = facts["kind"], facts["number_form"]
        number, statement = kind.eq(NUMBER), kind.eq(STATEMENT)
        blank = {column: facts[column].isna() for column in ("value", "unit", "counts", "part_of", "relation")}
        qualifiers = facts["qualifier"].map(len)

        def flag(mask: pd.Series, column: str, message: Message) -> None:
            self.flag("facts", facts, mask, column, message)

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

        self.cited("facts", facts)
        for column in ("actor_ids", "addressee_ids", "about_ids"):
            self.refs("facts", facts, column, "actors")
        self.refs("facts", facts, "place_id", "places")
        self.refs("facts", facts, "event_id", "events")
        itself = facts["part_of"].eq(facts["fact_id"])
        flag(itself, "part_of", "a fact cannot be part of itself")
        self._parts(facts[~itself & self.refs("facts", facts[~itself], "part_of", "facts")])
        links = {key: whole for key, whole in zip(facts["fact_id"], facts["part_of"], strict=True) if whole is not None}
        self._cycles("facts", "part_of", links, "part_of links form a cycle")

    def _parts(self, parts: pd.DataFrame) -> None:
        """A part is a number in its whole's unit, not a rank, and not larger than its whole."""
        facts = self.rows["facts"].drop_duplicates("fact_id").set_index("fact_id")
        whole = facts.reindex(parts["part_of"])
        whole.index = parts.index
        other_unit = whole["kind"].ne(NUMBER) | whole["unit"].ne(parts["unit"])
        ranked = whole["number_form"].eq(ORDINAL) | parts["number_form"].eq(ORDINAL)
        larger = pd.Series(
            [p is not None and w is not None and p > w for p, w in zip(parts["value"], whole["value"], strict=True)],
            index=parts.index,
            dtype=bool,
        )
        self.flag(
            "facts",
            parts,
            other_unit,
            "part_of",
            lambda row: f"{row.part_of!r} is not a number counted in the same unit",
        )
        self.flag("facts", parts, ~other_unit & ranked, "part_of", "an ordinal (a rank) is not a part of anything")
        self.flag(
            "facts",
            parts.assign(whole_value=whole["value"]),
            ~other_unit & ~ranked & larger,
            "part_of",
            lambda row: f"the part ({row.value:g}) is larger than the whole ({row.whole_value:g})",
        )

    def _events(self) -> None:
        events = self.rows["events"]
        precision, text = events["precision"], events["date_text"]
        window = events[["window_days_min", "window_days_max", "window_assumption"]].notna()
        anchor = events["anchor_event_id"].notna()

        def flag(mask: pd.Series, column: str, message: Message) -> None:
            self.flag("events", events, mask, column, message)

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
            lambda row: f"weekday precision needs a weekday name (got {_cut(repr(row.date_text))})",
        )
        flag(
            precision.eq(MONTH) & ~text.isin(MONTHS),
            "date_text",
            lambda row: f"month precision needs a month name (got {_cut(repr(row.date_text))})",
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

        self.cited("events", events)
        self.refs("events", events, "actor_ids", "actors")
        self.refs("events", events, "place_id", "places")
        itself = events["anchor_event_id"].eq(events["event_id"])
        flag(itself, "anchor_event_id", "an event cannot be anchored to itself")
        self.refs("events", events[~itself], "anchor_event_id", "events")
        self._anchors(events)

    def _anchors(self, events: pd.DataFrame) -> None:
        """An anchor chain must end at a dated event: not at itself, not in a cycle, not at an undated event."""
        lines = dict(zip(events["event_id"], events["line"], strict=True))
        precisions = dict(zip(events["event_id"], events["precision"], strict=True))
        anchored = {
            key: anchor
            for key, anchor, precision in zip(
                events["event_id"], events["anchor_event_id"], events["precision"], strict=True
            )
            if anchor is not None and precision in (RELATIVE, SINCE)
        }
        state = dict.fromkeys(self._cycles("events", "anchor_event_id", anchored, "anchors form a cycle"), "broken")
        for start in lines:
            chain, key = _follow(anchored, start, state)
            if key not in lines:
                ahead = "missing"  # reported as an unknown or invalid id
            elif key not in state:
                ahead = state[key] = _date_state(precisions[key])
            else:
                ahead = state[key]
            for current in reversed(chain):
                anchor = anchored[current]
                if ahead == "undated":
                    self.problem(
                        "events",
                        lines[current],
                        "anchor_event_id",
                        f"anchored to {anchor!r} (line {lines[anchor]}), which has no date to count from",
                    )
                elif ahead == "broken":
                    self.problem(
                        "events",
                        lines[current],
                        "anchor_event_id",
                        f"refers to events.csv line {lines[anchor]} ({anchor!r}), whose own date cannot be "
                        "worked out (a knock-on problem: fix that row first)",
                    )
                ahead = state[current] = "dated" if ahead == "dated" else "broken"

    def _cycles(self, stem: str, column: str, links: dict[str, str | None], message: str) -> set[str]:
        """Report each cycle of `links` (id -> id) once, on its first row; return the ids on cycles and self-links."""
        lines = self.ids[stem]
        on_cycle: set[str] = set()
        done: set[str] = set()
        for start in links:
            path, key = _follow(links, start, done)
            if key in path:
                cycle = path[path.index(key) :]
                on_cycle |= set(cycle)
                if len(cycle) > 1:  # a self-link is reported by the row's own rule
                    first = min(cycle, key=lambda k: lines[k])
                    at = cycle.index(first)
                    loop = " → ".join([*cycle[at:], *cycle[:at], first])
                    self.problem(stem, lines[first], column, f"{message}: {loop}")
            done.update(path)
        return on_cycle

    def _quotes(self) -> None:
        quotes = self.rows["quotes"]
        self.cited("quotes", quotes, "paragraph")
        self.refs("quotes", quotes, "speaker_actor_ids", "actors")
        unquoted = pd.Series(
            [
                source in self.fingerprints and not is_quoted_span(self.fingerprints[source], text, paragraph)
                for source, text, paragraph in zip(
                    quotes["source_id"], quotes["text"], quotes["paragraph"], strict=True
                )
            ],
            index=quotes.index,
            dtype=bool,
        )
        self.flag(
            "quotes",
            quotes,
            unquoted,
            "text",
            lambda row: (
                f"not words the report puts in quotation marks in paragraph {row.paragraph} "
                f"(checked against fingerprints/{row.source_id}.json)"
            ),
        )
        known = quotes[self.refs("quotes", quotes, "fact_id", "facts")]
        facts = self.rows["facts"].drop_duplicates("fact_id").set_index("fact_id")
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
        self.flag(
            "quotes",
            known,
            pd.Series(elsewhere, index=known.index, dtype=bool),
            "paragraph",
            lambda row: f"not a paragraph of fact {row.fact_id!r}",
        )
        self.flag(
            "quotes",
            known,
            pd.Series(unspoken, index=known.index, dtype=bool),
            "speaker_actor_ids",
            lambda row: f"speakers are not actors of fact {row.fact_id!r}",
        )

    def _report_unresolved(self) -> None:
        """One problem per referencing file, column and id: a knock-on of an invalid row, a dataset cited as a
        report, or an id nobody has; a source nobody cites next to a source id nobody has is named as the cause."""
        orphans = self._orphans()
        for (stem, column, target, value), lines in self.unresolved.items():
            also = _also(lines)
            if target == "dataset":
                message = f"{value!r} is a dataset, not a report{also}"
            elif value in self.invalid[target] or (target == "sources" and value in self.broken_sources):
                where = self.invalid[target].get(value) or self.broken_sources.get(value)
                message = (
                    f"refers to {target}.csv line {where} ({value!r}), which is invalid "
                    f"(a knock-on problem: fix that row first){also}"
                )
            elif target == "sources" and orphans:
                candidates = ", ".join(f"{key!r} (line {line})" for key, line in orphans)
                message = (
                    f"{value!r} is not a known source id; sources.csv has {candidates}, which nothing cites: "
                    f"probably a renamed or misspelt id (a knock-on problem){also}"
                )
            else:
                message = f"{value!r} is not a known {target[:-1]} id{also}"
            self.problem(stem, lines[0], column, message)
        missing = sorted(
            {value for (_, _, target, value) in self.unresolved if target == "sources"} - self.ids["sources"].keys()
        )
        for key, line in orphans:
            self.problem(
                "sources",
                line,
                "source_id",
                f"no row cites {key!r}, while rows cite {', '.join(map(repr, missing))}, which no row has: "
                "a renamed or misspelt id?",
            )

    def _orphans(self) -> list[tuple[str, int]]:
        """Sources nothing cites, when rows cite a source id that no row has: the pattern of a renamed id, whose
        fault is in sources.csv though every citing row shows it. (Other tables may hold rows nothing refers to.)"""
        missing = [
            value
            for (_, _, target, value) in self.unresolved
            if target == "sources" and value not in self.ids["sources"] and value not in self.invalid["sources"]
        ]
        uncited = [(key, line) for key, line in self.ids["sources"].items() if key not in self.cited_ids["sources"]]
        return uncited if missing else []


@cache
def _operational_isos() -> frozenset[str]:
    """The ISO codes of the regions the committed operational boundary file holds (read once per process)."""
    features = json.loads(OPERATIONAL_REGIONS.read_text(encoding="utf-8"))["features"]
    return frozenset(feature["properties"]["iso_3166_2"] for feature in features)


def _invalid_ids(table: Table, valid_ids: dict[str, int]) -> dict[str, int]:
    """Ids of rows that failed stage 2 (where the id itself is readable), with their line, for knock-on messages."""
    keys = table.columns[ID_COLUMN[table.stem]]
    return {
        key: line
        for key, line, valid in zip(keys, table.lines, table.valid, strict=True)
        if not valid and key is not None and key not in valid_ids
    }


def _follow(links: Mapping[str, str | None], start: str, settled: Container[str]) -> tuple[list[str], str | None]:
    """Walk `links` (id -> id) from `start` until an id with no link, a settled id or a repeat; return the path and the
    id it stopped at.

    The anchor check and the cycle finder walk the same chains; one walk keeps their stopping rule the same, and the
    repeat check keeps either from looping forever on a cycle the data may hold.
    """
    path: list[str] = []
    key: str | None = start
    while key in links and key not in settled and key not in path:
        path.append(key)
        key = links[key]
    return path, key


def _date_state(precision: str) -> str:
    """Whether an event that is not anchored has a date an anchored one can count from."""
    if precision == UNSTATED:
        return "undated"
    return "broken" if precision == SINCE else "dated"  # a 'since' without its anchor is a problem already


def _also(lines: list[int]) -> str:
    """`(also lines 5, 9, 12)`: where else the same reference occurs, so that one problem stands for all of them."""
    if len(lines) == 1:
        return ""
    rest = lines[1:]
    shown = ", ".join(str(line) for line in rest[:8])
    more = f" and {len(rest) - 8} more" if len(rest) > 8 else ""
    return f" (also line{'s' if len(rest) > 1 else ''} {shown}{more})"
