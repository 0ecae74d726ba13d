"""Broken data: every case in tests/faults.py gives exactly its expected problem rows (file, line, column, reason),
and nothing the loader did not anticipate escapes `load_brief` as anything but a problem naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kursk_brief.data import load, validation
from kursk_brief.data.load import load_brief
from kursk_brief.data.problems import DataError, Problem
from kursk_brief.schema.tables import TABLES
from tests.faults import CASES, NUMBER_PART, apply_case, at_the_limits
from tests.paths import DATA


def problems_of(data_dir: Path) -> list[Problem]:
    with pytest.raises(DataError) as raised:
        load_brief(data_dir)
    return raised.value.problems


def test_the_fault_table_is_large() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("name", sorted(CASES))
def test_fault_is_reported_exactly(data_copy: Path, name: str) -> None:
    expected = apply_case(data_copy, name)
    problems = problems_of(data_copy)
    shown = [str(p) for p in problems]
    for file, line, column, words in expected:
        assert any((p.file, p.line, p.column) == (file, line, column) and words in p.message for p in problems), (
            f"missing {file}, line {line}, column {column}: ...{words}... in {shown}"
        )
    assert sorted({(p.file, p.line, p.column) for p in problems}) == sorted(
        {(file, line, column) for file, line, column, _ in expected}
    ), f"no problem may be repeated or blamed elsewhere: {shown}"
    assert len(problems) == len(expected), shown


def test_all_problems_are_reported_at_once(data_copy: Path) -> None:
    expected = apply_case(data_copy, "bad_status") + apply_case(data_copy, "misspelt_weekday")
    assert {(p.file, p.line, p.column) for p in problems_of(data_copy)} == {e[:3] for e in expected}


def test_a_missing_file_is_named(data_copy: Path) -> None:
    (data_copy / "quotes.csv").unlink()
    assert problems_of(data_copy) == [Problem("quotes.csv", 0, "-", "file is missing")]


def test_the_real_data_loads_without_losing_a_row() -> None:
    brief = load_brief(DATA)
    loaded = {table: len(getattr(brief, table)) for table in ("actors", "places", "events", "quotes", "measures")}
    loaded |= {"sources": len(brief.sources) + len(brief.pages), "claims": len(brief.claims)}
    for table, count in loaded.items():
        lines = (DATA / f"{table}.csv").read_text(encoding="utf-8").strip().splitlines()
        assert count == len(lines) - 1, table
    typed = brief.facts[brief.facts["status"] != "derived"]
    assert len(typed) == len((DATA / "facts.csv").read_text(encoding="utf-8").strip().splitlines()) - 1


def test_columns_are_validated_as_the_row_models_would() -> None:
    """Validation runs column by column for speed; every real row must come out as its pydantic model dumps it."""
    frames = validation.validate(DATA)
    for stem, model in TABLES.items():
        for record in frames[stem].drop(columns="line").to_dict("records"):
            assert model.model_validate(record).model_dump(mode="json") == record, (stem, record)


def test_row_models_keep_every_check_in_their_column_types() -> None:
    """Column-wise validation applies each field's type and constraints; a model-level validator would be skipped."""
    for model in TABLES.values():
        decorators = model.__pydantic_decorators__
        assert not (decorators.field_validators or decorators.model_validators or decorators.validators), model


def test_the_limits_themselves_are_accepted(data_copy: Path) -> None:
    at_the_limits(data_copy)
    brief = load_brief(data_copy)
    assert brief.as_of.isoformat() == "2100-12-31"
    assert brief.events["end"].max() == "2110-12-29"
    assert brief.facts.set_index("fact_id").loc[f"{NUMBER_PART.id()}_share", "value"] == 100.0


@pytest.mark.parametrize(
    ("target", "file"),
    [
        ("derived_number_facts", "facts.csv"),
        ("with_event_dates", "events.csv"),
        ("derived_date_facts", "events.csv"),
    ],
)
def test_an_unanticipated_fault_in_a_derivation_is_a_problem_naming_its_file(monkeypatch, target, file) -> None:
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(load, target, broken)  # as load_brief looks it up
    assert problems_of(DATA) == [
        Problem(file, 0, "-", "its rows could not be derived (ZeroDivisionError: division by zero)")
    ]


def test_an_unanticipated_fault_in_a_check_is_a_problem_naming_its_file(monkeypatch) -> None:
    def broken(rules) -> None:
        raise KeyError("surprise")

    monkeypatch.setattr(validation, "check_events", broken)
    assert problems_of(DATA) == [Problem("events.csv", 0, "-", "could not be checked (KeyError: 'surprise')")]


def test_an_unanticipated_fault_in_reading_is_a_problem_naming_each_file(monkeypatch) -> None:
    monkeypatch.setattr(validation, "check_cells", lambda stem, raw, problems: 1 / 0)
    problems = problems_of(DATA)
    assert [p.file for p in problems] == [f"{stem}.csv" for stem in TABLES]
    assert all("ZeroDivisionError" in p.message for p in problems)


def test_an_unanticipated_fault_anywhere_else_is_a_problem_on_the_data_folder(monkeypatch) -> None:
    monkeypatch.setattr(load, "validate", lambda data_dir: 1 / 0)
    assert problems_of(DATA) == [
        Problem("the data folder", 0, "-", "could not be loaded (ZeroDivisionError: division by zero)")
    ]


def test_blank_rows_are_skipped_wherever_they_are(data_copy: Path) -> None:
    """Spreadsheets leave rows of empty or blank cells; they are not data and not problems."""
    facts_csv = data_copy / "facts.csv"
    width = len(facts_csv.read_text(encoding="utf-8").splitlines()[0].split(","))
    facts_csv.write_text(facts_csv.read_text(encoding="utf-8") + "," * (width - 1) + "\n \n" + " ," * 3 + "\n", "utf-8")
    assert len(load_brief(data_copy).facts) == len(load_brief(DATA).facts)
