"""Load the curated tables and derive rows from them.

Everything any view shows passes through `load_brief`: `validation` reads the CSV files and checks every row and
every cross-reference, collecting *all* problems before failing (so an editor fixes a file in one pass); `derive`
adds the derived rows. Nothing is dropped silently: a row either loads or is named in the error.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from stat import S_ISDIR

import pandas as pd

from kursk_brief.data.brief import Brief
from kursk_brief.data.derive import (
    derived_date_facts,
    derived_number_facts,
    with_event_dates,
)
from kursk_brief.data.problems import DataError, Problem, printable
from kursk_brief.data.validation import validate
from kursk_brief.schema.rows import SourceKind
from kursk_brief.schema.tables import TABLES

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
DATA_DIR_ENV = "KURSK_BRIEF_DATA"
log = logging.getLogger(__name__)


def data_dir_from_env() -> Path:
    """The data folder can be swapped (tests, a second report) without touching code."""
    return Path(os.environ.get(DATA_DIR_ENV, DEFAULT_DATA_DIR))


def inputs(data_dir: Path) -> list[Path]:
    """Every file `load_brief` reads from a data folder: its tables and its reports' fingerprints, nothing else, so that
    whatever else the folder holds (a backup, a spreadsheet's lock files) costs nothing to watch."""
    tables = [data_dir / f"{stem}.csv" for stem in TABLES]
    return tables + sorted((data_dir / "fingerprints").glob("*.json"))


def data_digest(data_dir: Path) -> str:
    """A digest of the loader's inputs as they are now: each file's name, size, inode and the modification and change
    times in nanoseconds. The change time moves on every write and cannot be set back, so an edit of the same size
    whose modification time was restored (`touch -r`, `cp -p`) is seen as well as a save or an atomic rename."""
    entries = []
    for path in inputs(Path(data_dir)):
        try:
            stat = path.stat()
        except OSError:  # missing (the loader names it) or removed while listing: the next call sees the folder then
            entries.append(f"{path.relative_to(data_dir)}\0-")
            continue
        kind = "dir" if S_ISDIR(stat.st_mode) else "file"
        entries.append(
            f"{path.relative_to(data_dir)}\0{kind}\0{stat.st_size}\0{stat.st_ino}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}"
        )
    return hashlib.sha256("\n".join(entries).encode()).hexdigest()[:16]


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
    sources = frames["sources"]
    page = sources["kind"].eq(SourceKind.PAGE)
    return Brief(
        sources=sources[~page].reset_index(drop=True),
        actors=frames["actors"],
        places=frames["places"],
        facts=facts,
        events=events,
        quotes=frames["quotes"],
        settings=frames["brief"],
        data_dir=data_dir,
        pages=sources[page].reset_index(drop=True),
        measures=frames["measures"],
        claims=frames["claims"],
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
