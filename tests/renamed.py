"""A copy of a data folder with every id renamed, for the test that no code names a row of the data.

Every column that holds an id (its own or a reference, single or listed, as `schema.id_columns` finds them) gets
`PREFIX` in front of each id, and each fingerprint file follows its source's new id. A prefix keeps the ids' order,
so the renamed brief must read exactly as the original once the prefix is taken out of its texts.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from kursk_brief.schema.tables import TABLES, id_columns

PREFIX = "renamed_"


def renamed(value: str, listed: bool) -> str:
    if not value:
        return value
    return ";".join(PREFIX + part for part in value.split(";")) if listed else PREFIX + value


def rename_ids(source: Path, target: Path) -> Path:
    """Copy `source` to `target` with every id renamed; return `target`."""
    shutil.copytree(source, target)
    for stem, model in TABLES.items():
        path = target / f"{stem}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header, rows = list(reader.fieldnames or []), list(reader)
        for column in id_columns(stem):
            listed = "list[" in repr(model.model_fields[column].annotation)
            for row in rows:
                row[column] = renamed(row[column], listed)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    for path in sorted((target / "fingerprints").glob("*.json")):
        content = json.loads(path.read_text(encoding="utf-8"))
        content["source_id"] = PREFIX + content["source_id"]
        (path.parent / f"{PREFIX}{path.name}").write_text(json.dumps(content, indent=1), encoding="utf-8")
        path.unlink()
    return target


def unrenamed(text: str) -> str:
    """A text of the renamed brief with the ids given back their names."""
    return text.replace(PREFIX, "")
