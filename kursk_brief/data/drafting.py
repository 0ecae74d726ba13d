"""Draft candidate claims from a stored page's text, for a curator to confirm, correct or delete.

A draft is a pointer, never data: one per number in a paragraph (years and days of the month aside), with the hedge
words just before it, the capitalised names of its paragraph and the quoted span that holds it, and a summary left
for the curator to write in our own words. `scripts/add_page.py` writes them beside the data, not into it.
"""

from __future__ import annotations

import re

from kursk_brief.data.fingerprint import quoted_spans, span_text
from kursk_brief.schema.tables import TABLES

NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?\b")
HEDGES = (
    "at least", "more than", "over", "up to", "as many as", "nearly", "almost", "about", "around", "approximately",
    "roughly", "some", "an estimated", "estimated", "likely", "fewer than", "less than", "close to",
)  # fmt: skip
LOWER = {"at least", "more than", "over"}
UPPER = {"up to", "as many as", "nearly", "almost", "fewer than", "less than", "close to"}
NAME = re.compile(r"\b(?:[A-Z][a-z]+(?:[- ][A-Z][a-z]+)+)\b")


def paragraphs(text: str) -> list[str]:
    """The stored text's paragraphs as the data cites them: its non-empty lines."""
    return [line for line in text.splitlines() if line.strip()]


def drafts(source_id: str, lines: list[str]) -> list[dict[str, str]]:
    """One candidate row per number that is not a year or a day of the month, with its hedge, names and quote."""
    header = list(TABLES["claims"].model_fields)
    rows = []
    for number, line in enumerate(lines, start=1):
        spans = [(m.start(), m.end(), span_text(m)) for m in quoted_spans(line)]
        for match in NUMBER.finditer(line):
            value = match.group().replace(",", "")
            if re.fullmatch(r"(19|20)\d\d", value) or (len(value) <= 2 and _is_day(line, match)):
                continue
            before = line[max(0, match.start() - 24) : match.start()].lower()
            hedge = next((h for h in sorted(HEDGES, key=len, reverse=True) if before.rstrip().endswith(h)), "")
            quote = next((text for start, end, text in spans if start <= match.start() < end), "")
            row = dict.fromkeys(header, "")
            row |= {
                "claim_id": f"{source_id}_draft_{len(rows) + 1}",
                "source_id": source_id,
                "paragraphs": str(number),
                "value_min": "" if hedge in UPPER else value,
                "value_max": "" if hedge in LOWER else value,
                "hedge": hedge,
                "speaker_name": "; ".join(dict.fromkeys(NAME.findall(line))),
                "background": "false",
                "status": "claimed",
                "quote": quote,
                "summary": "DRAFT: say what the page says, in our own words",
            }
            rows.append(row)
    return rows


def _is_day(line: str, match: re.Match) -> bool:
    """`Nov. 4`, `4 November`: a day of the month, not a figure."""
    around = line[max(0, match.start() - 6) : match.end() + 10]
    return bool(re.search(r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?", around))
