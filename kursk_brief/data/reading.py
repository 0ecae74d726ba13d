"""Stage 1 of validation: each CSV file read to a header and rows of cells, each row with the line it starts on.

A file that cannot be read as a whole (missing, a folder, not UTF-8, not CSV, a wrong header) is one problem on
that file. Every cell is checked for control characters and line breaks here, before any value is typed, so that
stage 2 (`cells`) sees only one-line printable text and knows which cells were reported already.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from kursk_brief.data.problems import Problem, printable
from kursk_brief.schema.rows import Row

CONTROL = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
"""Characters no cell may hold: C0/C1 controls (NUL, tab, escape, ...), bidirectional overrides, line separators.
Line breaks are caught apart, as cells that span lines."""


@dataclass
class RawTable:
    """One CSV file after stage 1: its header, its rows of cells (blank rows dropped) and the line each starts on."""

    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    flawed: dict[int, set[str]]
    """Row index -> columns whose cells hold forbidden characters (reported already)."""


def read(path: Path, model: type[Row], problems: list[Problem]) -> RawTable | None:
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
    for raw_name, column in zip(rows[0], header, strict=True):
        if raw_name != column and column:  # `summary ` would read as `summary` in a spreadsheet, not in another tool
            problems.append(
                Problem(
                    name, 1, column, f"the column name {printable(raw_name)!r} has spaces around it: write {column!r}"
                )
            )
    if not _header_is_usable(name, header, model, problems):
        return None
    width = len(header)
    if spans is None and all(len(cells) == width and "".join(cells).strip() for cells in rows):  # the usual case
        raw = RawTable(header, rows[1:], list(range(2, len(rows) + 1)), {})
    else:
        raw = RawTable(header, [], [], {})
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
    raw: RawTable,
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
