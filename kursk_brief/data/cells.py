"""Stage 2 of validation: every column checked at once against its field in `schema/rows.py`.

Pydantic validates a column's distinct values, not its rows, so that 100,000 rows cost what their distinct values
cost rather than 100,000 model instances. A row with any bad cell is marked invalid and left out of stage 3
(`rules`), with one problem per bad cell; the field stays the one definition of what a cell may hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Annotated, Any, get_args, get_origin

import pandas as pd
from pydantic import TypeAdapter, ValidationError

from kursk_brief.data.problems import Problem, cut
from kursk_brief.data.reading import RawTable
from kursk_brief.schema.tables import TABLES


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


@cache
def _adapter(stem: str, column: str) -> TypeAdapter:
    """A validator for a whole column, built from the model's field so that the schema stays the one definition."""
    field = TABLES[stem].model_fields[column]
    cell = Annotated[field.annotation, *field.metadata] if field.metadata else field.annotation
    return TypeAdapter(list[cell])


@cache
def is_list(stem: str, column: str) -> bool:
    """Whether a column holds a list of values (a list of ids, for the reference rules of stage 3)."""
    return get_origin(TABLES[stem].model_fields[column].annotation) is list


def check_cells(stem: str, raw: RawTable, problems: list[Problem]) -> Table:
    """Validate every column against its field; a row with any bad cell is marked invalid, with one problem per cell."""
    name = f"{stem}.csv"
    valid = [i not in raw.flawed for i in range(len(raw.rows))]
    by_column = dict(zip(raw.header, zip(*raw.rows, strict=True), strict=True)) if raw.rows else {}
    columns: dict[str, list] = {}
    for column, field in TABLES[stem].model_fields.items():
        cells = by_column.get(column, ("",) * len(raw.rows))
        distinct = dict.fromkeys(cells)
        if len(distinct) == len(cells) and "" not in distinct and not is_list(stem, column):
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
        return f"{message} (got {cut(repr(value))})"
    return message
