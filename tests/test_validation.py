"""Malformed data: one fixture file per kind of fault, each reported with file, line, column and reason."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kursk_brief.facts import DataError, Problem, load_brief
from tests.conftest import FIXTURES

MALFORMED = FIXTURES / "malformed"

# fixture file -> (column, words the message must contain). The row is the fixture's one data row, which
# lands on the line after the real table's last line; `.replace` fixtures stand in for the whole table.
CASES: dict[str, tuple[str, str]] = {
    "facts.bad_status.csv": ("status", "'rumoured'"),
    "facts.derived_typed_in.csv": ("status", "derived rows are computed by the app"),
    "facts.dangling_actor.csv": ("actor_ids", "'putin' is not a known actor id"),
    "facts.paragraph_out_of_range.csv": ("paragraphs", "paragraph 16 is outside"),
    "facts.number_without_qualifier.csv": ("qualifier", "a number needs its qualifier"),
    "facts.value_not_a_number.csv": ("value", "'eight thousand'"),
    "facts.duplicate_id.csv": ("fact_id", "duplicate id 'troops_in_kursk'"),
    "facts.empty_summary.csv": ("summary", "required value is empty"),
    "facts.ragged_row.csv": ("-", "row has 21 cells but the header has 20"),
    "facts.bad_id.csv": ("fact_id", "'Bad-Id'"),
    "facts.bad_quoting.csv": ("-", "not readable as CSV"),
    "facts.not_utf8.csv": ("-", "not UTF-8 text"),
    "actors.dangling_source.csv": ("source_id", "'wire_that_does_not_exist' is not a known source id"),
    "places.bad_latitude.csv": ("lat", "less than or equal to 90"),
    "events.invented_date.csv": ("date", "only day-precision events carry a date"),
    "events.bad_weekday.csv": ("date_text", "'Thursdai'"),
    "events.dangling_anchor.csv": ("anchor_event_id", "'no_such_event' is not a known event id"),
    "quotes.wrong_speaker.csv": ("speaker_actor_ids", "speakers are not actors of fact 'ukraine_can_hold'"),
    "quotes.altered_words.csv": ("text", "not words the report puts in quotation marks in paragraph 9"),
    "sources.missing_column.replace.csv": ("citation_label", "required column is missing"),
}


def apply_fixture(data_dir: Path, fixture: Path) -> tuple[str, int]:
    """Break a copy of the data with one fixture; return the table's file name and the bad row's line."""
    table = fixture.name.split(".")[0] + ".csv"
    target = data_dir / table
    if ".replace." in fixture.name:
        shutil.copy(fixture, target)
        return table, 1
    existing = target.read_bytes()
    if not existing.endswith(b"\n"):
        existing += b"\n"
    bad_rows = fixture.read_bytes().split(b"\n", 1)[1]
    target.write_bytes(existing + bad_rows)
    return table, existing.count(b"\n") + 1


def test_every_fixture_file_has_a_case() -> None:
    assert sorted(p.name for p in MALFORMED.glob("*.csv")) == sorted(CASES)
    assert len(CASES) >= 10


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_fixture_is_reported_precisely(data_copy: Path, name: str) -> None:
    table, line = apply_fixture(data_copy, MALFORMED / name)
    column, words = CASES[name]
    with pytest.raises(DataError) as raised:
        load_brief(data_copy)
    problems = raised.value.problems
    assert any(p.file == table and p.line == line and p.column == column and words in p.message for p in problems), [
        str(p) for p in problems
    ]
    assert all(p.file == table for p in problems), "a fault in one file must not be blamed on another"


def test_all_problems_are_reported_at_once(data_copy: Path) -> None:
    apply_fixture(data_copy, MALFORMED / "facts.bad_status.csv")
    apply_fixture(data_copy, MALFORMED / "events.bad_weekday.csv")
    with pytest.raises(DataError) as raised:
        load_brief(data_copy)
    assert {p.file for p in raised.value.problems} == {"facts.csv", "events.csv"}


def test_a_quote_is_checked_against_the_fingerprint_of_its_source(data_copy: Path) -> None:
    quotes = data_copy / "quotes.csv"
    quotes.write_text(quotes.read_text(encoding="utf-8").replace("very close contacts", "very close allies"), "utf-8")
    with pytest.raises(DataError) as raised:
        load_brief(data_copy)
    assert [(p.file, p.line, p.column) for p in raised.value.problems] == [("quotes.csv", 4, "text")]
    (data_copy / "fingerprints" / "alliance_2024_11_01.json").unlink()
    assert len(load_brief(data_copy).quotes) == 5, "without a fingerprint the quote cannot be checked"


def test_a_missing_file_is_named(data_copy: Path) -> None:
    (data_copy / "quotes.csv").unlink()
    with pytest.raises(DataError) as raised:
        load_brief(data_copy)
    assert raised.value.problems == [Problem("quotes.csv", 0, "-", "file is missing")]


def test_the_real_data_loads_without_losing_a_row() -> None:
    from tests.conftest import DATA

    brief = load_brief(DATA)
    for table in ("sources", "actors", "places", "events", "quotes"):
        lines = (DATA / f"{table}.csv").read_text(encoding="utf-8").strip().splitlines()
        assert len(getattr(brief, table)) == len(lines) - 1, table
    typed = brief.facts[brief.facts["status"] != "derived"]
    assert len(typed) == len((DATA / "facts.csv").read_text(encoding="utf-8").strip().splitlines()) - 1
