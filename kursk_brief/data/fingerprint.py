"""A report's fingerprint: what the checks need to know about its text, without carrying the text.

The report is not ours to redistribute, yet quotes must be verbatim and no other sentence of it may be copied.
`scripts/fingerprint_report.py` reads the text once and writes hashes only (sha256, truncated): the paragraph
count, one hash per paragraph, every quoted span (text between “ and ”) with its place, and every 7-word
sequence. The loader and the tests check against that file, so neither needs the report to be present.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path

HASH_CHARS = 16
SHINGLE_SIZE = 7
QUOTED_SPAN = re.compile(r"“([^”]*)”|\"([^\"]*)\"")
"""Quoted speech: between curly quotation marks, or between a pair of straight ones (how many pages quote)."""
QUOTE_RUN = 3
"""A quote may be a run of words inside a quoted span: each of its 3-word runs must be one of that span's."""
TRAILING_PUNCTUATION = ".,"
"""A quote row may leave out the full stop or comma that ends the quoted span (`provocative actions.`)."""

REPORT_ENV = "KURSK_BRIEF_REPORT"
DEFAULT_REPORT = Path(__file__).resolve().parents[3] / "shared" / "source" / "alliance-news-2024-11-01.txt"


def report_path() -> Path:
    """Where the report's text is looked for: `KURSK_BRIEF_REPORT`, else `shared/` beside the clone."""
    return Path(os.environ.get(REPORT_ENV, DEFAULT_REPORT))


def report_source_id(data_dir: Path) -> str:
    """The id of the one source of kind `report` in `sources.csv`: the default for `make fingerprint` and the tests.

    Read from the data, so that no code names the report; with none or several, the caller must say which.
    """
    with (Path(data_dir) / "sources.csv").open(encoding="utf-8", newline="") as file:
        reports = [row["source_id"] for row in csv.DictReader(file) if row.get("kind") == "report"]
    if len(reports) != 1:
        raise ValueError(f"sources.csv has {len(reports)} report sources ({', '.join(reports) or 'none'}): name one")
    return reports[0]


def fingerprint_path(data_dir: Path, source_id: str) -> Path:
    """One fingerprint per report source, kept with the data that cites it."""
    return Path(data_dir) / "fingerprints" / f"{source_id}.json"


def digest(text: str) -> str:
    """Short sha256: enough to tell texts apart, never enough to read them back."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_CHARS]


def words(text: str) -> list[str]:
    """Words as the copy check compares them: lower case, curly apostrophes straightened, punctuation dropped."""
    return re.findall(r"[a-z0-9’']+", text.lower().replace("’", "'"))


def shingles(text: str, size: int = SHINGLE_SIZE) -> list[str]:
    """Every run of `size` consecutive words, each joined by single spaces, in text order."""
    found = words(text)
    return [" ".join(found[i : i + size]) for i in range(len(found) - size + 1)]


def trimmed(text: str) -> str:
    """A quote compared without the trailing full stop or comma it may drop."""
    return text.rstrip(TRAILING_PUNCTUATION)


@dataclass(frozen=True)
class QuotedSpan:
    """Words the report puts in quotation marks: where they stand and their hashes, not the words."""

    paragraph: int
    start: int
    length: int
    hash: str
    trimmed_hash: str
    runs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Paragraph:
    paragraph: int
    hash: str
    shingles: tuple[str, ...]


@dataclass(frozen=True)
class Fingerprint:
    source_id: str
    paragraphs: tuple[Paragraph, ...]
    quoted_spans: tuple[QuotedSpan, ...]

    @property
    def paragraph_count(self) -> int:
        return len(self.paragraphs)

    @cached_property
    def shingle_paragraphs(self) -> dict[str, list[int]]:
        """Shingle hash -> the paragraphs it occurs in, built once per fingerprint."""
        where: dict[str, list[int]] = {}
        for paragraph in self.paragraphs:
            for shingle in paragraph.shingles:
                where.setdefault(shingle, []).append(paragraph.paragraph)
        return where

    def to_json(self) -> str:
        """The committed form: stable order, one value per line, so a regenerated file diffs cleanly."""
        document = {
            "source_id": self.source_id,
            "about": (
                "Fingerprint of the report text, written by scripts/fingerprint_report.py. No report text: "
                f"sha256 hex digests truncated to {HASH_CHARS} characters. Paragraphs are the text's lines. "
                "quoted_spans are the texts between “ and ”, or between two straight quotation marks (start and length in "
                "characters within the paragraph; trimmed_hash without a trailing '.' or ','; runs hash every run of "
                f"{QUOTE_RUN} words within it). shingles hash every run of "
                f"{SHINGLE_SIZE} words, words being [a-z0-9’']+ after lower-casing and ’ -> ', joined by one space."
            ),
            "paragraph_count": self.paragraph_count,
            "paragraphs": [asdict(p) | {"shingles": sorted(set(p.shingles))} for p in self.paragraphs],
            "quoted_spans": [asdict(s) for s in self.quoted_spans],
        }
        return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def quoted_spans(paragraph: str) -> list[re.Match]:
    """The quoted spans of a paragraph, each as its match: `span_text` gives the words inside the marks."""
    return list(QUOTED_SPAN.finditer(paragraph))


def span_text(match: re.Match) -> str:
    return match.group(1) if match.group(1) is not None else match.group(2)


def fingerprint_text(source_id: str, text: str) -> Fingerprint:
    """Fingerprint a report whose paragraphs are its lines (as the data cites them: ¶1 is line 1)."""
    paragraphs = []
    spans = []
    for number, paragraph in enumerate(text.splitlines(), start=1):
        paragraphs.append(Paragraph(number, digest(paragraph), tuple(sorted({digest(s) for s in shingles(paragraph)}))))
        for match in quoted_spans(paragraph):
            span = span_text(match)
            start = match.start(1 if match.group(1) is not None else 2)
            runs = tuple(sorted({digest(run) for run in shingles(span, QUOTE_RUN)}))
            spans.append(QuotedSpan(number, start, len(span), digest(span), digest(trimmed(span)), runs))
    return Fingerprint(source_id, tuple(paragraphs), tuple(spans))


def load_fingerprint(path: Path) -> Fingerprint:
    """Read a committed fingerprint; raises ValueError (or OSError) when the file is not one."""
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    try:
        paragraphs = tuple(
            Paragraph(int(p["paragraph"]), str(p["hash"]), tuple(str(h) for h in p["shingles"]))
            for p in document["paragraphs"]
        )
        spans = tuple(
            QuotedSpan(**{**span, "runs": tuple(str(h) for h in span.get("runs", ()))})
            for span in document["quoted_spans"]
        )
        fingerprint = Fingerprint(str(document["source_id"]), paragraphs, spans)
    except (KeyError, TypeError) as error:
        raise ValueError(f"not a fingerprint file: {error!r}") from error
    if [p.paragraph for p in paragraphs] != list(range(1, len(paragraphs) + 1)):
        raise ValueError("paragraphs are not numbered 1, 2, 3, ...")
    return fingerprint


def is_quoted_span(fingerprint: Fingerprint, text: str, paragraph: int) -> bool:
    """Whether `text` is exactly what paragraph `paragraph` has between quotation marks (trailing '.'/',' aside)."""
    wanted = digest(trimmed(text))
    return any(s.paragraph == paragraph and s.trimmed_hash == wanted for s in fingerprint.quoted_spans)


def is_quoted_run(fingerprint: Fingerprint, text: str, paragraphs: list[int]) -> bool:
    """Whether `text` is quoted speech of one of `paragraphs`: a whole quoted span, or (three words or more) a run of
    words within one, every 3-word run of it being one of that span's (case and punctuation aside)."""
    if any(is_quoted_span(fingerprint, text, paragraph) for paragraph in paragraphs):
        return True
    wanted = {digest(run) for run in shingles(text, QUOTE_RUN)}
    return bool(wanted) and any(
        span.paragraph in paragraphs and wanted <= set(span.runs) for span in fingerprint.quoted_spans
    )


def copied_shingles(fingerprint: Fingerprint, text: str) -> dict[str, list[int]]:
    """The 7-word sequences of `text` that occur in the report, each with the paragraphs it occurs in."""
    where = fingerprint.shingle_paragraphs
    found = {shingle: digest(shingle) for shingle in shingles(text)}
    return {shingle: where[hashed] for shingle, hashed in found.items() if hashed in where}
