"""A large, valid data folder for scale checks: the curated tables with the fact table repeated to N rows.

Why copies of the curated rows: every copy passes the same validation (ids, references, paragraphs, figures), so the
views meet real text in real proportions, only many times over. A copy gets the id `<id>_x<n>` and points its
`part_of` at the copy of its whole in the same batch, so derived shares and remainders stay pairs of one batch.
The generator copies every other column as it is, so it follows the fact schema without knowing it.

    .venv/bin/python bench/scale_data.py /tmp/kb-100k 100000

It refuses a target folder that is not empty (`--overwrite` to replace its tables).
"""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FACT_REFERENCES = ("part_of",)  # columns of facts.csv that name another fact


def write_scaled_data(target: Path, fact_rows: int, source: Path = DATA, *, overwrite: bool = False) -> Path:
    """Copy `source` to `target` with `fact_rows` typed fact rows; return `target`.

    A target that already holds anything is refused unless `overwrite` says so: a mistyped target (the curated data
    folder itself) would otherwise have its tables replaced without a word."""
    target = Path(target)
    if target.exists() and any(target.iterdir()) and not overwrite:
        raise FileExistsError(f"{target} is not empty: not overwriting it (pass --overwrite to replace its tables)")
    if target.resolve() == Path(source).resolve():
        raise FileExistsError(f"{target} is the source folder itself: not overwriting it")
    shutil.copytree(source, target, dirs_exist_ok=True)
    with (source / "facts.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns = list(reader.fieldnames or [])
        curated = list(reader)
    rows = list(curated)
    batch = 0
    while len(rows) < fact_rows:
        batch += 1
        for row in curated[: fact_rows - len(rows)]:
            copy = dict(row, fact_id=f"{row['fact_id']}_x{batch}")
            for column in FACT_REFERENCES:
                if copy.get(column):
                    copy[column] = f"{copy[column]}_x{batch}"
            rows.append(copy)
    rows = _without_dangling_parts(rows[:fact_rows])
    with (target / "facts.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return target


def _without_dangling_parts(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The last batch may be cut short: a part whose whole was cut keeps no `part_of`, so every row stays valid."""
    ids = {row["fact_id"] for row in rows}
    return [
        {**row, **{column: "" for column in FACT_REFERENCES if row.get(column) and row[column] not in ids}}
        for row in rows
    ]


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--overwrite"]
    if len(arguments) != 2 or not arguments[1].isascii() or not arguments[1].isdigit():
        raise SystemExit("usage: scale_data.py TARGET_DIR FACT_ROWS [--overwrite]")
    try:
        print(write_scaled_data(Path(arguments[0]), int(arguments[1]), overwrite="--overwrite" in sys.argv[1:]))
    except FileExistsError as error:
        raise SystemExit(str(error)) from None
