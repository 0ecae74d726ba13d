"""Write the committed fingerprint of a report (hashes only), so quotes and copying are checked without its text.

    KURSK_BRIEF_REPORT=/path/to/report.txt python scripts/fingerprint_report.py [--source-id ID]
    python scripts/fingerprint_report.py --source-id PAGE_ID --text /path/to/stored-page.txt

A page's stored text is saved with one paragraph per line (empty lines dropped), as its claims cite it.
The text defaults to `shared/source/alliance-news-2024-11-01.txt` beside the clone; the file is written to
`data/fingerprints/<source_id>.json`. A test fails when the committed file no longer matches the text.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kursk_brief.data.fingerprint import REPORT_ENV, fingerprint_path, fingerprint_text, report_path, report_source_id

DATA = Path(__file__).resolve().parents[1] / "data"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source-id", help="the report's id in data/sources.csv (default: its one report source)")
    parser.add_argument("--text", type=Path, help="the text to fingerprint (default: the report's, as above)")
    args = parser.parse_args()
    if args.source_id is None:
        try:
            args.source_id = report_source_id(DATA)
        except ValueError as error:
            print(f"{error}: pass --source-id.", file=sys.stderr)
            return 1
    source = args.text or report_path()
    if not source.is_file():
        print(f"No report text at {source}; set {REPORT_ENV} to its path.", file=sys.stderr)
        return 1
    target = fingerprint_path(DATA, args.source_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    fingerprint = fingerprint_text(args.source_id, source.read_text(encoding="utf-8"))
    target.write_text(fingerprint.to_json(), encoding="utf-8")
    print(
        f"wrote {target.relative_to(DATA.parent)}: {fingerprint.paragraph_count} paragraphs, "
        f"{len(fingerprint.quoted_spans)} quoted spans, {len(fingerprint.shingle_paragraphs)} 7-word sequences"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
