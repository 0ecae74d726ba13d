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


def write_scaled_data(
    target: Path, fact_rows: int, source: Path = DATA, *, overwrite: bool = False, claim_rows: int = 0, pages: int = 0
) -> Path:
    """Copy `source` to `target` with `fact_rows` typed fact rows (and, with `claim_rows`, that many claims on about
    `pages` story pages); return `target`.

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
    _write(target / "facts.csv", columns, rows)
    if claim_rows:
        _scale_story(source, target, claim_rows, pages)
    return target


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _scale_story(source: Path, target: Path, claim_rows: int, pages: int) -> None:
    """The story's pages copied in batches (`<id>_x<n>`, each with its fingerprint) to about `pages` pages, and the
    claims copied in batches to `claim_rows`, each batch citing one batch of pages and its own statements (a copy's
    `origin_id` is `<origin>_x<n>`), so relays stay relays of one batch and every copy validates as the original."""
    source_columns, sources = _read(source / "sources.csv")
    originals = [row for row in sources if row["kind"] == "page"]
    page_batches = max(1, -(-pages // max(1, len(originals))))
    for batch in range(1, page_batches):
        for row in originals:
            sources.append(dict(row, source_id=f"{row['source_id']}_x{batch}"))
            fingerprint = (source / "fingerprints" / f"{row['source_id']}.json").read_text(encoding="utf-8")
            renamed = fingerprint.replace(
                f'"source_id": "{row["source_id"]}"', f'"source_id": "{row["source_id"]}_x{batch}"'
            )
            (target / "fingerprints" / f"{row['source_id']}_x{batch}.json").write_text(renamed, encoding="utf-8")
    _write(target / "sources.csv", source_columns, sources)
    paged = {row["source_id"] for row in originals}
    columns, curated = _read(source / "claims.csv")
    claims = list(curated)
    batch = 0
    while len(claims) < claim_rows:
        batch += 1
        pages_of = batch % page_batches
        for row in curated[: claim_rows - len(claims)]:
            cited = row["source_id"]
            if pages_of and cited in paged:
                cited = f"{cited}_x{pages_of}"
            claims.append(
                dict(
                    row,
                    claim_id=f"{row['claim_id']}_x{batch}",
                    source_id=cited,
                    origin_id=f"{row['origin_id']}_x{batch}",
                )
            )
    _write(target / "claims.csv", columns, claims[:claim_rows])


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
