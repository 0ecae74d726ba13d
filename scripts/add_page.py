"""Start curating a stored page for the story: number its paragraphs, write its fingerprint, draft candidate claims.

    .venv/bin/python scripts/add_page.py --source-id ID --text PAGE.txt [--drafts DRAFTS.csv]

The text is the page as stored, saved with one paragraph per line (empty lines are dropped here, so line N is
paragraph N). The script prints each paragraph with its number, writes `data/fingerprints/<ID>.json` (hashes only:
the text stays where it is), and writes draft rows in `claims.csv` columns to `--drafts` (default
`drafts/<ID>.csv`, outside `data/`): one per number found, with the hedge words just before it, the names in its
sentence and the quoted span holding it. Drafts are candidates for the curator to confirm, correct or delete and then
move to `data/claims.csv`; nothing is added to the data on its own. Last, the data folder is validated, and every
problem is printed with file, line and column (a new page needs its `sources.csv` row first).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from kursk_brief.data.drafting import drafts, paragraphs
from kursk_brief.data.fingerprint import fingerprint_path, fingerprint_text
from kursk_brief.data.load import load_brief
from kursk_brief.data.problems import DataError
from kursk_brief.schema.tables import TABLES

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source-id", required=True, help="the page's id in data/sources.csv")
    parser.add_argument("--text", required=True, type=Path, help="the page's stored text, a paragraph a line")
    parser.add_argument("--drafts", type=Path, help="where the draft rows go (default: drafts/<ID>.csv)")
    args = parser.parse_args()
    lines = paragraphs(args.text.read_text(encoding="utf-8"))
    for number, line in enumerate(lines, start=1):
        print(f"¶{number}: {line}")
    target = fingerprint_path(DATA, args.source_id)
    target.write_text(fingerprint_text(args.source_id, "\n".join(lines)).to_json(), encoding="utf-8")
    print(f"\nwrote {target.relative_to(ROOT)}: {len(lines)} paragraphs (set paragraph_count to {len(lines)})")
    out = args.drafts or ROOT / "drafts" / f"{args.source_id}.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    rows = drafts(args.source_id, lines)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(TABLES["claims"].model_fields), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} draft claims to {out}: confirm, correct or delete each, then move them to data/")
    try:
        load_brief(DATA)
    except DataError as error:
        print(f"\nthe data folder has {len(error.problems)} problems:")
        for problem in error.problems:
            print(f"  {problem}")
        return 1
    print("the data folder validates")
    return 0


if __name__ == "__main__":
    sys.exit(main())
