"""Read and validate the curated tables: every fault in the data becomes a problem naming file, line and column.

Validation is the one gate between files a curator edits and views that trust what they read, so nothing may slip
past it and nothing may crash in it. It runs in three stages, each collecting every problem before the next:

1. read (`reading`): each CSV file to a header and rows of cells, each row with the line it starts on. A file that
   cannot be read as a whole (missing, a folder, not UTF-8, not CSV, a wrong header) is one problem on that file.
   Every cell is checked for control characters.
2. cells (`cells`): every column checked at once against its field in `schema/rows.py`, by pydantic over the
   column's distinct values, so that 100,000 rows cost what their distinct values cost rather than 100,000 model
   instances.
3. rows (`rules`, `table_rules`, `link_rules`): rules that tie columns and tables together: unique ids, references,
   paragraphs within the report, report sources, acyclic event anchors and `part_of`, quotes against the report's
   fingerprint, the brief's settings.

A row that fails stage 2 is left out of stage 3, and a reference to it is reported once per referencing file and
column as a knock-on of that row, not as a fault of its own. Anything unanticipated is caught per file and reported
as a problem on that file. The problem type and what every stage shares are in `problems`.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pandas as pd

from kursk_brief.data.cells import Table, check_cells
from kursk_brief.data.claim_rules import check_claims, check_measures
from kursk_brief.data.link_rules import report_unresolved
from kursk_brief.data.problems import DataError, Problem, guarded
from kursk_brief.data.reading import read
from kursk_brief.data.rules import Rules
from kursk_brief.data.table_rules import (
    check_actors,
    check_brief,
    check_events,
    check_facts,
    check_places,
    check_quotes,
    check_sources,
)
from kursk_brief.schema.tables import TABLES


def validate(data_dir: Path) -> dict[str, pd.DataFrame]:
    """Every table of the data folder, validated; raises `DataError` listing every problem found."""
    problems: list[Problem] = []
    tables: dict[str, Table] = {}
    for stem in TABLES:
        table = guarded(problems, f"{stem}.csv", lambda stem=stem: _read_and_check_cells(data_dir, stem, problems))
        if table is not None:
            tables[stem] = table
    if len(tables) < len(TABLES):  # cross-references are meaningless while a whole table is unusable
        raise DataError(sorted(problems, key=_reading_order))
    rows = _check_rows(tables, data_dir, problems)
    if problems:
        raise DataError(sorted(problems, key=_reading_order))
    return rows  # every row valid: the frames the rules read are the tables the views read


def _read_and_check_cells(data_dir: Path, stem: str, problems: list[Problem]) -> Table | None:
    """Stages 1 and 2 for one file: None if it cannot be read as a whole."""
    raw = read(data_dir / f"{stem}.csv", TABLES[stem], problems)
    return None if raw is None else check_cells(stem, raw, problems)


def _check_rows(tables: dict[str, Table], data_dir: Path, problems: list[Problem]) -> dict[str, pd.DataFrame]:
    """Stage 3: each table's rules, sources first (every other table cites them), then the unresolved references;
    returns the valid rows the rules read."""
    rules = Rules(tables, data_dir, problems)
    for stem, check in (
        ("sources", check_sources),
        ("actors", check_actors),
        ("places", check_places),
        ("facts", check_facts),
        ("events", check_events),
        ("quotes", check_quotes),
        ("brief", check_brief),
        ("measures", check_measures),
        ("claims", check_claims),
    ):
        guarded(problems, f"{stem}.csv", partial(check, rules))
    report_unresolved(rules)
    return rules.rows


def _reading_order(problem: Problem) -> tuple[int, str, int, str]:
    """Problems by table in schema order, then by line: the order an editor fixes them in."""
    stems = list(TABLES)
    stem = problem.file.removesuffix(".csv")
    return (stems.index(stem) if stem in stems else len(stems), problem.file, problem.line, problem.column)
