"""Stage 3 of validation's shared ground: the valid rows, their ids, and how a rule reports a row or a reference.

The rules of stage 3 tie columns and tables together; `table_rules` holds each table's, `link_rules` the walks along
links between rows and the final report of references that resolve to no valid row. Both read and write one `Rules`:
the rows that passed stage 2 (`cells`), the ids each table holds, the references gathered so far, and the problems.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain
from pathlib import Path
from typing import Any

import pandas as pd

from kursk_brief.data.cells import Table, is_list
from kursk_brief.data.fingerprint import Fingerprint
from kursk_brief.data.problems import Problem
from kursk_brief.schema.rows import FactKind, NumberForm, Precision, Qualifier, SourceKind, Status
from kursk_brief.schema.tables import ID_COLUMN

# Plain strings for the enum values the rules compare with, so that 100,000 rows do not pay for enum lookups.
NUMBER, STATEMENT, DATE = FactKind.NUMBER.value, FactKind.STATEMENT.value, FactKind.DATE.value
DERIVED, REPORT, STATE, CITY = Status.DERIVED.value, SourceKind.REPORT.value, "state", "city"
PAGE = SourceKind.PAGE.value
DAY, WEEKDAY, MONTH = Precision.DAY.value, Precision.WEEKDAY.value, Precision.MONTH.value
RELATIVE, SINCE, UNSTATED = Precision.RELATIVE.value, Precision.SINCE.value, Precision.UNSTATED.value
AS_STATED, COUNT, ORDINAL = Qualifier.AS_STATED.value, NumberForm.COUNT.value, NumberForm.ORDINAL.value

Message = str | Callable[[Any], str]
"""A problem's message: fixed, or made from the offending row (a record with one attribute per column)."""


class Rules:
    """What the rules across columns and tables share, over the rows that passed stage 2, one column at a time.

    Each rule is a mask over a table's rows, so 100,000 rows cost a few vector operations, not 100,000 calls.
    Unresolved references are gathered and reported at the end, one problem per referencing file, column and
    missing id, so that one bad row is one problem on its own file plus, at most, one knock-on per other file.
    """

    # Each source's kind and paragraph count, by id: set by the sources rules, which run before any other table's.
    source_kind: dict[str, str]
    paragraph_count: dict[str, int]

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
        listed = is_list(stem, column)
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

    def cited(
        self, stem: str, rows: pd.DataFrame, column: str = "paragraphs", kinds: tuple[str, ...] = (REPORT,)
    ) -> None:
        """Rows citing a report (or, for `kinds`, a page as well): the source exists, is valid and of such a kind, and
        has the paragraphs cited."""
        known = self.refs(stem, rows, "source_id", "sources")
        source = rows["source_id"]
        broken = known & source.isin(self.broken_sources.keys())
        dataset = known & ~broken & ~source.map(self.source_kind).isin(kinds)
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


def _invalid_ids(table: Table, valid_ids: dict[str, int]) -> dict[str, int]:
    """Ids of rows that failed stage 2 (where the id itself is readable), with their line, for knock-on messages."""
    keys = table.columns[ID_COLUMN[table.stem]]
    return {
        key: line
        for key, line, valid in zip(keys, table.lines, table.valid, strict=True)
        if not valid and key is not None and key not in valid_ids
    }
