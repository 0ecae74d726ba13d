"""Broken data, case by case: each case edits a copy of the real data and names the problem rows it must produce.

Cases pick rows by what they are (`Pick("events", precision="relative")`), never by line or, where it can be
avoided, by id, so that they survive edits to the curated rows and to the schema; the expected line is looked up in
the edited copy. `CASES` is the fixture table: every fault issue 15 lists, the malformed files that were here
before, and the misattribution and knock-on cases.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from kursk_brief.schema.tables import ID_COLUMN, TABLES
from tests.paths import DATA

ANY = "*"
"""In a `Pick`: any non-blank value."""


class Pick:
    """The first row of a table whose cells match `where` (`ANY`: non-blank; "": blank): a row chosen by its kind."""

    def __init__(self, table: str, **where: str):
        self.table = table
        self.where = where

    def id(self) -> str:
        for row in _rows(DATA, self.table):
            if all((row[c] != "") if v == ANY else (row[c] == v) for c, v in self.where.items()):
                return row[ID_COLUMN[self.table]]
        raise LookupError(f"no row of {self.table}.csv has {self.where}: the case needs updating")

    def __repr__(self) -> str:
        return f"Pick({self.table!r}, {self.where})"


RowRef = Pick | str | int
"""A row in an expectation or edit: a `Pick`, an id (of an added or renamed row), or a line (0: the file, 1: header)."""

REPORT = Pick("sources", kind="report")
NUMBER_PART = Pick("facts", kind="number", part_of=ANY)
STATEMENT = Pick("facts", kind="statement")
SITUATION = Pick("facts", kind="situation")
RELATIVE = Pick("events", precision="relative", anchor_event_id=ANY)
RELATIVE_FROM_PUBLICATION = Pick("events", precision="relative", anchor_event_id="")
SINCE = Pick("events", precision="since")
UNSTATED = Pick("events", precision="unstated", date_text="")
CITY = Pick("places", kind="city")
QUOTE = Pick("quotes")
WEEKDAY = Pick("events", precision="weekday")
REGION = Pick("places", kind="region")
STATE = Pick("actors", kind="state")
BRIEF = Pick("brief")
COUNT_CLAIM = Pick("claims", value_min=ANY, value_max=ANY, quote=ANY)
YES_NO_CLAIM = Pick("claims", answer=ANY)
DATED_CLAIM = Pick("claims", applies=ANY)


def whole_of_part() -> str:
    return next(r["part_of"] for r in _rows(DATA, "facts") if r["fact_id"] == NUMBER_PART.id())


def person_not_speaking_the_quote() -> str:
    """A person who is not an actor of the first quote's fact, to misattribute the quote to."""
    fact = next(r for r in _rows(DATA, "quotes") if r["quote_id"] == QUOTE.id())["fact_id"]
    actors = next(r for r in _rows(DATA, "facts") if r["fact_id"] == fact)["actor_ids"].split(";")
    return next(r["actor_id"] for r in _rows(DATA, "actors") if r["kind"] == "person" and r["actor_id"] not in actors)


@dataclass(frozen=True)
class Want:
    """One problem row a case must produce; `words` must appear in its message."""

    file: str
    row: RowRef | Callable[[], str]
    column: str
    words: str


@dataclass(frozen=True)
class Case:
    name: str
    edits: tuple[Callable[[Path], None], ...]
    wants: tuple[Want, ...]


# Edits ----------------------------------------------------------------------------------------------------------


def _rows(data_dir: Path, table: str) -> list[dict[str, str]]:
    with (data_dir / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(data_dir: Path, table: str, rows: list[dict[str, str]], header: list[str] | None = None) -> None:
    """Write a table as the curated files are written; `header` defaults to the file's own."""
    header = header or _header(data_dir, table)
    with (data_dir / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _header(data_dir: Path, table: str) -> list[str]:
    with (data_dir / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def _resolve(ref: RowRef | Callable[[], str]) -> str | int:
    if isinstance(ref, Pick):
        return ref.id()
    return ref() if callable(ref) else ref


def set_cells(table: str, row: RowRef | Callable[[], str], **cells: str) -> Callable[[Path], None]:
    """Change cells of one row."""

    def edit(data_dir: Path) -> None:
        key = _resolve(row)
        rows = _rows(data_dir, table)
        target = next(r for r in rows if r[ID_COLUMN[table]] == key)
        target.update(cells)
        _write(data_dir, table, rows)

    return edit


def set_all(table: str, **cells: str) -> Callable[[Path], None]:
    """Change a column in every row."""

    def edit(data_dir: Path) -> None:
        _write(data_dir, table, [{**row, **cells} for row in _rows(data_dir, table)])

    return edit


def add_row(table: str, like: Pick, new_id: str, **cells: str) -> Callable[[Path], None]:
    """Append a copy of an existing row under a new id, with some cells changed, as an editor adding a row would."""

    def edit(data_dir: Path) -> None:
        rows = _rows(data_dir, table)
        model = next(r for r in rows if r[ID_COLUMN[table]] == like.id())
        rows.append({**model, ID_COLUMN[table]: new_id, **cells})
        _write(data_dir, table, rows)

    return edit


def append_text(table: str, build: Callable[[list[str], list[str]], bytes]) -> Callable[[Path], None]:
    """Append raw bytes made from the header and a copy of the first row's cells (for what a CSV writer cannot
    produce: ragged rows, broken quoting, other encodings)."""

    def edit(data_dir: Path) -> None:
        path = data_dir / f"{table}.csv"
        header = _header(data_dir, table)
        first = next(iter(csv.reader(io.StringIO(path.read_text(encoding="utf-8").split("\n", 2)[1]))))
        existing = path.read_bytes()
        path.write_bytes(existing + (b"" if existing.endswith(b"\n") else b"\n") + build(header, first) + b"\n")

    return edit


def drop_column(table: str, column: str) -> Callable[[Path], None]:
    def edit(data_dir: Path) -> None:
        header = [c for c in _header(data_dir, table) if c != column]
        _write(data_dir, table, [{c: row[c] for c in header} for row in _rows(data_dir, table)], header)

    return edit


def pad_header(table: str, column: str) -> Callable[[Path], None]:
    """Leave a space after one column's name in the header, as a spreadsheet edit can."""

    def edit(data_dir: Path) -> None:
        rows = _rows(data_dir, table)
        header = [f"{name} " if name == column else name for name in _header(data_dir, table)]
        _write(data_dir, table, [{f"{k} " if k == column else k: v for k, v in row.items()} for row in rows], header)

    return edit


def make_folder(table: str) -> Callable[[Path], None]:
    def edit(data_dir: Path) -> None:
        (data_dir / f"{table}.csv").unlink()
        (data_dir / f"{table}.csv").mkdir()

    return edit


def delete(table: str) -> Callable[[Path], None]:
    return lambda data_dir: (data_dir / f"{table}.csv").unlink()


def write_fingerprint(content: str) -> Callable[[Path], None]:
    def edit(data_dir: Path) -> None:
        (data_dir / "fingerprints" / f"{REPORT.id()}.json").write_text(content, encoding="utf-8")

    return edit


def delete_fingerprint(data_dir: Path) -> None:
    (data_dir / "fingerprints" / f"{REPORT.id()}.json").unlink()


def _with_cell(header: list[str], cells: list[str], column: str, value: str) -> list[str]:
    changed = list(cells)
    changed[header.index(column)] = value
    return changed


def _csv_line(cells: list[str]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue().encode("utf-8")


def at_the_limits(data_dir: Path) -> None:
    """Move the data to the edge of every limit validation allows: the latest publication date, the longest window,
    the largest figure (for the part and its whole alike)."""
    set_cells("sources", REPORT, published="2100-12-31")(data_dir)
    set_cells("events", RELATIVE_FROM_PUBLICATION, window_days_min="3650", window_days_max="3650")(data_dir)
    set_cells("facts", NUMBER_PART, value="1e15")(data_dir)
    set_cells("facts", whole_of_part, value="1e15")(data_dir)


def knock_ons(words: str = "which is invalid", skip: tuple[str, ...] = ()) -> tuple[Want, ...]:
    """The one knock-on problem each table citing the report gets when the report's row is at fault."""
    return tuple(
        Want(f"{table}.csv", Pick(table, source_id=REPORT.id()), "source_id", words)
        for table in ("actors", "places", "facts", "events", "quotes", "claims")
        if table not in skip
    )


# The cases ------------------------------------------------------------------------------------------------------


def bad_row(name: str, like: Pick, key: str, column: str, words: str, /, **cells: str) -> Case:
    """The commonest case: an editor adds a row (a copy of `like` under id `key`, with `cells` changed) that is wrong
    in `column`, and that is the one problem: one line of the table instead of a `Case` spelt out."""
    return Case(name, (add_row(like.table, like, key, **cells),), (Want(f"{like.table}.csv", key, column, words),))


def bad_cells(
    name: str, table: str, row: RowRef | Callable[[], str], column: str, words: str, /, *also: Want, **cells: str
) -> Case:
    """An editor changes `cells` of an existing row, which is wrong in `column`; `also` lists the knock-on problems
    other rows get from it."""
    return Case(name, (set_cells(table, row, **cells),), (Want(f"{table}.csv", row, column, words), *also))


# Each function below is a table, one case a line or two, laid out by hand: the formatter would give each argument a
# line of its own. `_cases` joins them in this order, which is the order of `CASES`.
# fmt: off
def _crash_cases() -> list[Case]:
    """Data that crashed past the problem page: zero counts, bad report dates, anchors, windows, missing tables."""
    part, whole, report = NUMBER_PART, whole_of_part, REPORT
    return [
        Case("counts_both_zero",
             (set_cells("facts", part, value="0"), set_cells("facts", whole, value="0")),
             (Want("facts.csv", part, "value", "greater than 0"), Want("facts.csv", whole, "value", "greater than 0"))),
        bad_cells("whole_count_zero", "facts", whole, "value", "greater than 0",
                  Want("facts.csv", part, "part_of", "which is invalid (a knock-on problem"), value="0"),
        bad_cells("published_not_a_calendar_day", "sources", report, "published", "not a calendar date",
                  *knock_ons(), published="2024-02-30"),
        bad_cells("published_year_one", "sources", report, "published", "must lie between 1900-01-01 and 2100-12-31",
                  *knock_ons(), published="0001-01-01"),
        bad_cells("published_full_width_digits", "sources", report, "published", "ASCII digits",
                  *knock_ons(), published="２０２４-１１-０１"),
        bad_cells("published_without_dashes", "sources", report, "published", "YYYY-MM-DD",
                  *knock_ons(), published="20241101"),
        bad_row("anchored_to_itself", RELATIVE, "case_self", "anchor_event_id", "cannot be anchored to itself",
                anchor_event_id="case_self"),
        Case("anchors_in_a_cycle",
             (add_row("events", RELATIVE, "case_a", anchor_event_id="case_b"),
              add_row("events", RELATIVE, "case_b", anchor_event_id="case_a")),
             (Want("events.csv", "case_a", "anchor_event_id", "anchors form a cycle: case_a → case_b → case_a"),)),
        bad_row("anchored_to_an_undated_event", RELATIVE, "case_undated_anchor", "anchor_event_id",
                "which has no date to count from", anchor_event_id=UNSTATED.id()),
        Case("anchored_to_an_event_whose_anchor_is_undated",
             (add_row("events", RELATIVE, "case_first", anchor_event_id="case_second"),
              add_row("events", RELATIVE, "case_second", anchor_event_id=UNSTATED.id())),
             (Want("events.csv", "case_second", "anchor_event_id", "which has no date to count from"),
              Want("events.csv", "case_first", "anchor_event_id", "a knock-on problem"))),
        bad_cells("since_an_undated_event", "events", SINCE, "anchor_event_id", "which has no date to count from",
                  anchor_event_id=UNSTATED.id()),
        bad_row("window_of_99999999_days", RELATIVE_FROM_PUBLICATION, "case_long", "window_days_max",
                "less than or equal to 3650", window_days_max="99999999"),
        bad_row("window_negative", RELATIVE_FROM_PUBLICATION, "case_negative", "window_days_min",
                "greater than or equal to 0", window_days_min="-1"),
        bad_row("window_reversed", RELATIVE_FROM_PUBLICATION, "case_reversed", "window_days_min",
                "window starts after it ends", window_days_min="9", window_days_max="2"),
        bad_cells("window_of_an_event_others_refer_to", "events", RELATIVE, "window_days_max",
                  "less than or equal to 3650",
                  Want("facts.csv", Pick("facts", event_id=RELATIVE.id()), "event_id", "which is invalid"),
                  window_days_max="99999999"),
        Case("table_is_a_folder", (make_folder("facts"),), (Want("facts.csv", 0, "-", "is a folder"),)),
        Case("table_missing", (delete("quotes"),), (Want("quotes.csv", 0, "-", "file is missing"),)),
    ]


def _shown_as_fact_cases() -> list[Case]:
    """Bad data shown as fact: impossible numbers and dates, altered quotes, control characters, huge paragraphs."""
    part, whole, report = NUMBER_PART, whole_of_part, REPORT
    return [
        bad_row("count_negative", part, "case_negative", "value", "greater than 0", value="-8000", part_of=""),
        bad_row("count_1e308", part, "case_huge", "value", "less than or equal to 1000000000000000",
                value="1e308", part_of=""),
        bad_row("count_nan", part, "case_nan", "value", "finite number", value="nan", part_of=""),
        bad_row("count_inf", part, "case_inf", "value", "finite number", value="inf", part_of=""),
        bad_row("ordinal_not_whole", part, "case_rank", "value", "an ordinal is a whole number",
                number_form="ordinal", value="6.5", part_of=""),
        bad_cells("part_of_itself", "facts", part, "part_of", "cannot be part of itself", part_of=part.id()),
        Case("part_of_cycle",
             (set_cells("facts", whole, part_of=part.id()),),
             (Want("facts.csv", part, "part_of", "part_of links form a cycle"),
              Want("facts.csv", whole, "part_of", "is larger than the whole"))),
        bad_row("event_date_without_dashes", UNSTATED, "case_basic_date", "date", "YYYY-MM-DD",
                precision="day", date="20241031"),
        bad_row("event_in_year_9999", UNSTATED, "case_far", "date", "must lie between",
                precision="day", date="9999-12-31"),
        bad_row("event_on_february_30", UNSTATED, "case_feb", "date", "not a calendar date",
                precision="day", date="2024-02-30"),
        bad_cells("quote_altered", "quotes", QUOTE, "text", "not words the report puts in quotation marks",
                  text="Words nobody put in quotation marks"),
        bad_cells("nul_in_a_summary", "facts", SITUATION, "summary", "control character U+0000",
                  summary="A summary\x00with a NUL"),
        bad_row("escape_in_a_label", Pick("actors"), "case_escape", "label", "control character U+001B",
                label="An actor \x1b[31m"),
        bad_row("bidi_override_in_a_name", CITY, "case_city", "name", "control character U+202E",
                name="Mos\u202ewoc"),
        bad_row("tab_in_an_id", UNSTATED, "case\ttab", "event_id", "control character U+0009"),
        bad_row("line_break_in_a_title", UNSTATED, "case_two_lines", "title", "a line break",
                title="A title\non two lines"),
        bad_row("paragraph_of_401_digits", SITUATION, "case_digits", "paragraphs", "less than or equal to 10000",
                paragraphs="9" * 401),
        bad_row("paragraph_of_5000_digits", QUOTE, "case_more_digits", "paragraph", "integer",
                paragraph="9" * 5000),
        bad_cells("paragraph_count_of_401_digits", "sources", report, "paragraph_count", "less than or equal to 10000",
                  *knock_ons(), paragraph_count="9" * 401),
    ]


def _misattribution_cases() -> list[Case]:
    """Misattribution: a fault is blamed on its own file; other files get one knock-on each at most."""
    report = REPORT
    return [
        Case("report_id_renamed",
             (set_cells("sources", report, source_id="alliance_2024_11_1"),),
             (Want("sources.csv", "alliance_2024_11_1", "source_id", "a renamed or misspelt id?"),
              Want("fingerprints/alliance_2024_11_1.json", 0, "-", "file is missing"),
              *knock_ons("probably a renamed or misspelt id"))),
        bad_cells("report_row_invalid", "sources", report, "kind", "'blog'", *knock_ons(), kind="blog"),
        bad_cells("report_paragraph_count_against_its_fingerprint", "sources", report, "paragraph_count",
                  "the report's fingerprint has 15 paragraphs", *knock_ons(), paragraph_count="14"),
        Case("no_report_at_all",
             (set_cells("sources", report, kind="dataset"),),
             (Want("sources.csv", 1, "kind", "no source is a report"), *knock_ons("is a dataset, not a report"))),
        bad_row("fact_citing_a_dataset", SITUATION, "case_dataset", "source_id", "is a dataset, not a report",
                source_id=Pick("sources", kind="dataset").id()),
        Case("fingerprint_not_json",
             (write_fingerprint("{not json"),),
             (Want(f"fingerprints/{REPORT.id()}.json", 0, "-", "not a readable fingerprint"),)),
        Case("fingerprint_missing_with_a_quote_altered",
             (delete_fingerprint, set_cells("quotes", QUOTE, text="words the report never put in quotation marks")),
             (Want(f"fingerprints/{REPORT.id()}.json", 0, "-", "no quote of this report can be checked"),)),
        Case("fingerprint_wrong_shape",
             (write_fingerprint(json.dumps({"source_id": REPORT.id(), "paragraphs": 5, "quoted_spans": []})),),
             (Want(f"fingerprints/{REPORT.id()}.json", 0, "-", "not a readable fingerprint"),)),
        bad_row("country_not_a_state", Pick("actors", kind="person"), "case_citizen", "country_id", "is not a state",
                country_id=Pick("actors", kind="person").id(), name="Case Citizen"),
    ]


def _malformed_file_cases() -> list[Case]:
    """The malformed files that were kept here before, as edits."""
    part = NUMBER_PART
    last_fact = partial(_last_line, "facts")  # the row appended to facts.csv, which has no usable id
    return [
        bad_row("bad_status", STATEMENT, "case_rumour", "status", "'rumoured'", status="rumoured"),
        bad_row("derived_typed_in", part, "case_typed_share", "status", "derived rows are computed by the app",
                status="derived", part_of=""),
        bad_row("dangling_actor", STATEMENT, "case_ghost", "actor_ids", "'putin' is not a known actor id",
                actor_ids="putin"),
        bad_row("paragraph_out_of_range", SITUATION, "case_beyond", "paragraphs", "paragraph 16 is outside",
                paragraphs="16"),
        bad_row("number_without_qualifier", part, "case_bare", "qualifier", "a number needs its qualifier",
                qualifier="", part_of=""),
        bad_row("value_not_a_number", part, "case_words", "value", "'eight thousand'",
                value="eight thousand", part_of=""),
        Case("duplicate_id",
             (add_row("facts", SITUATION, part.id()),),
             (Want("facts.csv", last_fact, "fact_id", f"duplicate id {part.id()!r}"),)),
        bad_row("empty_summary", SITUATION, "case_no_words", "summary", "required value is empty", summary=""),
        Case("ragged_row",
             (append_text("facts", lambda header, first: _csv_line([*first, "extra"])),),
             (Want("facts.csv", last_fact, "-", "cells but the header has"),)),
        bad_row("bad_id", SITUATION, "Bad-Id", "fact_id", "'Bad-Id'"),
        Case("bad_quoting",
             (append_text("facts", lambda header, first: _csv_line(_with_cell(header, first, "summary", "SUMMARY"))
                          .replace(b"SUMMARY", b'"A cell whose "quotes" are not doubled')),),
             (Want("facts.csv", last_fact, "-", "not readable as CSV"),)),
        Case("not_utf8",
             (append_text("facts", lambda header, first: _csv_line(_with_cell(header, first, "summary", "caf\xe9"))
                          .replace("café".encode(), "café".encode("latin-1"))),),
             (Want("facts.csv", last_fact, "-", "not UTF-8 text"),)),
        bad_row("dangling_source", Pick("actors"), "case_stray", "source_id",
                "'wire_that_does_not_exist' is not a known source id", source_id="wire_that_does_not_exist",
                name="Case Stray"),
        bad_row("latitude_out_of_range", CITY, "case_nowhere", "lat", "less than or equal to 90", lat="123.5"),
        bad_row("invented_date", UNSTATED, "case_pinned", "date", "only day-precision events carry a date",
                date="2024-10-31"),
        bad_row("misspelt_weekday", UNSTATED, "case_misspelt", "date_text", "'Thursdai'",
                precision="weekday", date_text="Thursdai"),
        bad_row("dangling_anchor", RELATIVE, "case_unanchored", "anchor_event_id",
                "'no_such_event' is not a known event id", anchor_event_id="no_such_event"),
        bad_row("wrong_speaker", QUOTE, "case_misattributed", "speaker_actor_ids", "speakers are not actors of fact",
                speaker_actor_ids=person_not_speaking_the_quote()),
        Case("header_name_with_a_trailing_space",
             (pad_header("facts", "summary"),),
             (Want("facts.csv", 1, "summary", "the column name 'summary ' has spaces around it"),)),
        Case("missing_column",
             (drop_column("sources", "citation_label"),),
             (Want("sources.csv", 1, "citation_label", "required column is missing"),)),
        bad_row("about_text_on_a_situation", SITUATION, "case_worded", "about_text", "only a statement has an about_text",
                about_text="a topic the row cannot have"),
    ]


def _collision_cases() -> list[Case]:
    """Rows that collide with the rows the loader derives."""
    part = NUMBER_PART
    return [
        bad_row("typed_id_of_a_derived_share", SITUATION, f"{part.id()}_share", "fact_id",
                f"is also the id of the row the loader derives for the share of {part.id()!r}"),
        bad_row("typed_id_of_a_derived_date", SITUATION, f"{WEEKDAY.id()}_date", "fact_id",
                f"is also the id of the row the loader derives for the date of event {WEEKDAY.id()!r}"),
    ]


def _identity_cases() -> list[Case]:
    """Display names that pickers, links and `?actor=`/`?place=` use as identities."""
    person, city = Pick("actors", kind="person", name=ANY), CITY
    return [
        bad_row("two_actors_of_one_name", person, "case_namesake", "name", f"is also actor {person.id()!r}'s"),
        Case("two_places_of_one_name_but_case",
             (add_row("places", city, "case_namesake_city", name=_cell(city, "name").upper()),),
             (Want("places.csv", "case_namesake_city", "name", f"is also place {city.id()!r}'s"),)),
    ]


def _cell(pick: Pick, column: str) -> str:
    return next(row[column] for row in _rows(DATA, pick.table) if row[ID_COLUMN[pick.table]] == pick.id())


def _brief_setting_cases() -> list[Case]:
    """The brief's settings: what the code once named as literals."""
    return [
        bad_cells("focus_is_a_city", "brief", BRIEF, "focus_place_id", "is a city, not a region",
                  focus_place_id=CITY.id()),
        bad_cells("focus_unknown", "brief", BRIEF, "focus_place_id", "'atlantis' is not a known place id",
                  focus_place_id="atlantis"),
        bad_cells("origin_is_a_region", "brief", BRIEF, "origin_place_id", "is a region, not a country",
                  origin_place_id=REGION.id()),
        bad_cells("country_order_names_a_person", "brief", BRIEF, "country_order", "not a state",
                  country_order=Pick("actors", kind="person").id()),
        bad_cells("country_order_repeats_a_state", "brief", BRIEF, "country_order", "listed twice",
                  country_order=f"{STATE.id()};{STATE.id()}"),
        bad_row("brief_of_two_rows", BRIEF, "case_second_brief", "brief_id", "the brief needs exactly one row"),
        Case("brief_missing", (delete("brief"),), (Want("brief.csv", 0, "-", "file is missing"),)),
        bad_row("about_text_about_no_one", STATEMENT, "case_unanchored_topic", "about_text",
                "needs its actors in about_ids", about_ids="", about_text="a topic tied to no actor"),
    ]


def _claim_cases() -> list[Case]:
    """The story's claims: a measure nobody defined, a bound against its range, a figure on a yes/no question, an
    answer on a count, a figure dated after its page, a quote the page does not put in quotation marks."""
    return [
        bad_cells("claim_of_an_unknown_measure", "claims", COUNT_CLAIM, "measure_id", "not a known measure id",
                  measure_id="troops_on_the_moon"),
        bad_cells("claim_bound_above_its_range", "claims", COUNT_CLAIM, "value_min", "above value_max",
                  value_min="900000", value_max="9"),
        bad_cells("claim_figure_on_a_yes_no_measure", "claims", YES_NO_CLAIM, "value_min", "takes no figure",
                  value_min="10"),
        bad_cells("claim_answer_on_a_count", "claims", COUNT_CLAIM, "answer", "takes no answer", answer="yes"),
        bad_cells("claim_dated_after_its_page", "claims", DATED_CLAIM, "applies", "after its source's publication",
                  applies="2099-01-01"),
        bad_cells("claim_quote_not_on_the_page", "claims", COUNT_CLAIM, "quote", "not words the source puts",
                  quote="we made these words up ourselves entirely"),
        bad_row("two_measures_of_one_label", Pick("measures", kind="count"), "case_same_label", "label",
                f"is also measure {Pick('measures', kind='count').id()!r}'s"),
        bad_cells("claim_cites_a_dataset", "claims", COUNT_CLAIM, "source_id", "is a dataset, not a report",
                  source_id=Pick("sources", kind="dataset").id()),
    ]


def _cases() -> list[Case]:
    """Every case, in the order of the tables above."""
    return [
        *_crash_cases(),
        *_shown_as_fact_cases(),
        *_misattribution_cases(),
        *_malformed_file_cases(),
        *_collision_cases(),
        *_identity_cases(),
        *_brief_setting_cases(),
        *_claim_cases(),
    ]
# fmt: on


def _last_line(table: str) -> int:
    """Set by `apply_case`: the last line of the edited table (for rows that have no usable id)."""
    return _LAST_LINES[table]


_LAST_LINES: dict[str, int] = {}

CASES: dict[str, Case] = {case.name: case for case in _cases()}


def apply_case(data_dir: Path, name: str) -> list[tuple[str, int, str, str]]:
    """Break a copy of the data as case `name` says; return its expected problems as (file, line, column, words)."""
    case = CASES[name]
    for edit in case.edits:
        edit(data_dir)
    for table in TABLES:
        path = data_dir / f"{table}.csv"
        if path.is_file():
            _LAST_LINES[table] = path.read_bytes().rstrip(b"\n").count(b"\n") + 1
    return [(want.file, _line(data_dir, want), want.column, want.words) for want in case.wants]


def _line(data_dir: Path, want: Want) -> int:
    key = _resolve(want.row)
    if isinstance(key, int):
        return key
    table = want.file.removesuffix(".csv")
    text = (data_dir / want.file).read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    column = next(reader).index(ID_COLUMN[table])
    start = 2
    for cells in reader:
        if cells and cells[column].strip() == key:
            return start
        start = reader.line_num + 1
    raise LookupError(f"no row {key!r} in {want.file}")
