"""A large fact table must not make any view grow with it: checked by structure, not by timing.

Two generated data sets (bench/scale_data.py: the curated rows repeated, all valid), one twice the size of the other,
both past every cap. Every chart, alt text and actor card must come out the same size for both: a hover or card that
lists every fact, or a figure with a mark per fact, would grow with the table. The cut-off rows are counted in a line
pointing to the Facts page, so nothing is silently dropped. Speed itself is measured by `make bench-scale`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.scale_data import write_scaled_data
from kursk_brief.app.harness import run_page
from kursk_brief.briefing import story
from kursk_brief.charts import actors
from kursk_brief.charts.registry import registry
from kursk_brief.data import load, queries
from kursk_brief.data.brief import Brief
from kursk_brief.data.load import load_brief
from kursk_brief.data.phrases import ALT_TEXT_LIMIT, LIST_LIMIT
from kursk_brief.out import export
from tests.paths import DATA, ROOT

SMALL, LARGE = 600, 1200  # rows; 30 and 60 copies of each curated fact, past ALT_TEXT_LIMIT for every place and pair
MORE = "more facts: see the Facts page"
ID_SLACK = 40  # fact ids of later copies carry more digits; a growing list would add hundreds of characters


@pytest.fixture(scope="module")
def briefs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Brief, Brief]:
    root = tmp_path_factory.mktemp("scale")
    return tuple(load_brief(write_scaled_data(root / str(rows), rows)) for rows in (SMALL, LARGE))


def figure_texts(figure) -> list[str]:
    """Every string a figure shows or hovers: trace text and hover text, annotation text."""
    texts = []
    for trace in figure.data:
        for attribute in ("text", "hovertext"):
            value = getattr(trace, attribute, None)
            if value is not None:
                texts += [value] if isinstance(value, str) else [str(item) for item in value]
    return texts + [annotation.text or "" for annotation in figure.layout.annotations]


def shape(figure) -> tuple[int, int, int]:
    """Traces, annotations and marks: what the browser must draw."""
    marks = sum(len(trace.x) if trace.x is not None else 0 for trace in figure.data)
    return len(figure.data), len(figure.layout.annotations), marks


def test_the_scaled_data_is_valid_and_past_every_cap(briefs: tuple[Brief, Brief]) -> None:
    small, large = briefs
    assert len(large.facts) > len(small.facts) > SMALL
    per_place = small.facts["place_id"].value_counts()
    assert per_place.max() > ALT_TEXT_LIMIT, "the small set must already be cut off, or the comparison proves nothing"


@pytest.mark.parametrize("spec", registry(), ids=lambda spec: spec.key)
def test_no_chart_grows_with_the_fact_table(briefs: tuple[Brief, Brief], spec) -> None:
    small, large = (spec.build(brief) for brief in briefs)
    assert shape(large) == shape(small), "traces, annotations or marks grow with the number of facts"
    small_texts, large_texts = figure_texts(small), figure_texts(large)
    assert max(map(len, large_texts)) <= max(map(len, small_texts)) + ID_SLACK
    assert max(text.count("<br>") for text in large_texts) == max(text.count("<br>") for text in small_texts)


def test_cut_hovers_count_what_they_leave_out(briefs: tuple[Brief, Brief]) -> None:
    """The map hovers list LIST_LIMIT facts of a place and then say how many more there are."""
    _, large = briefs
    kursk = next(spec for spec in registry() if spec.key == "kursk-map").build(large)
    region = next(t for t in kursk.data if t.meta and t.meta.get("iso") == "RU-KRS")
    hidden = len(region.meta["fact_ids"]) - LIST_LIMIT
    assert f"and {hidden:,} {MORE}" in region.text


@pytest.mark.parametrize("spec", registry(), ids=lambda spec: spec.key)
def test_no_alt_text_grows_with_the_fact_table(briefs: tuple[Brief, Brief], spec) -> None:
    small, large = (spec.alt_text(brief) for brief in briefs)
    assert len(large) <= len(small) + ID_SLACK


def test_actor_cards_stay_the_same_size(briefs: tuple[Brief, Brief]) -> None:
    small, large = ({card.actor_id: actors.card_texts(card) for card in actors.actor_cards(b)} for b in briefs)
    assert {a: len(texts) for a, texts in large.items()} == {a: len(texts) for a, texts in small.items()}
    assert max(len(texts) for texts in large.values()) <= 6 * (LIST_LIMIT + 1) + 8
    assert any(text.text.endswith("see the Facts page") for texts in large.values() for text in texts)


def test_actor_cards_index_the_facts_once_not_once_per_actor(
    briefs: tuple[Brief, Brief], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Grouping is one pass over each list column, however many actors there are; no per-actor filter."""
    calls = {"index": 0, "overlaps": 0}
    index, overlaps = actors._index, queries.overlaps

    def counted_index(*args, **kwargs):
        calls["index"] += 1
        return index(*args, **kwargs)

    def counted_overlaps(*args, **kwargs):
        calls["overlaps"] += 1
        return overlaps(*args, **kwargs)

    monkeypatch.setattr(actors, "_index", counted_index)
    monkeypatch.setattr(queries, "overlaps", counted_overlaps)
    cards = actors.actor_cards.__wrapped__(briefs[1])  # the derivation itself, not its per-brief memo
    assert len(cards) == len(briefs[1].actors) > 4
    assert calls == {"index": 4, "overlaps": 0}


def test_derived_tables_are_computed_once_per_brief(briefs: tuple[Brief, Brief]) -> None:
    """Cards, links and the facts view are derived once per brief, then shared by every view and rerun."""
    from kursk_brief.charts import geography

    brief = briefs[0]
    for derive in (actors.actor_cards, actors.statement_rows, geography.strategic_links, geography.place_notes):
        assert derive(brief) is derive(brief)
    assert queries._whole_view(brief) is queries._whole_view(brief)
    assert queries.facts_view(brief).equals(queries._whole_view(brief))
    selection = brief.facts[brief.facts["kind"] == "number"]
    assert queries.facts_view(brief, selection).index.equals(selection.index)


def test_facts_page_builds_no_file_until_asked(briefs: tuple[Brief, Brief], monkeypatch: pytest.MonkeyPatch) -> None:
    """The CSV and XLSX of the selection are built when their button is clicked, not on every run of the page."""
    built = []
    monkeypatch.setattr(export, "facts_xlsx", lambda *args: built.append("xlsx") or b"")
    monkeypatch.setattr(export, "facts_csv", lambda *args: built.append("csv") or b"")
    monkeypatch.setenv(load.DATA_DIR_ENV, str(Path(briefs[1].data_dir)))
    at = run_page("kursk_brief/app/pages/facts.py")
    assert not at.exception
    assert len(at.dataframe[0].value) == len(briefs[1].facts), "the table itself is not cut"
    assert built == []


def test_overview_shows_a_capped_list_of_figures(briefs: tuple[Brief, Brief], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(load.DATA_DIR_ENV, str(Path(briefs[1].data_dir)))
    at = run_page("kursk_brief/app/pages/overview.py")
    assert not at.exception
    assert len(at.metric) == LIST_LIMIT
    numbers = int((briefs[1].facts["kind"] == "number").sum())
    assert f"and {numbers - LIST_LIMIT:,} more number facts: see the Facts page" in [c.value for c in at.caption]


def test_the_story_stays_a_briefing_and_counts_what_it_leaves_out(briefs: tuple[Brief, Brief]) -> None:
    """Thousands of rows give the same tens of slides: each section capped, the rest counted on its last slide."""
    small, large = (story.story(b) for b in briefs)
    assert [(s.section, s.title) for s in large] == [(s.section, s.title) for s in small]
    per_section: dict[str, list[str]] = {}
    for slide in (s for s in large if s.section != "Headline figures"):  # figures: a slide each, capped apart
        per_section.setdefault(slide.title.split(" (")[0], []).append(slide.title)
    assert max(map(len, per_section.values())) <= story.SECTION_SLIDES
    counted = [item.text for slide in large for item in slide.items if item.text.endswith("see the Facts page.")]
    assert len(counted) >= 5, "the capped sections say how many rows they leave out"
    assert all(
        item_text.startswith("And ") and "more rows" in item_text for item_text in counted if "rows" in item_text
    )
    figures = [slide for slide in large if slide.section == "Headline figures"]
    assert len(figures) == story.HEADLINE_SLIDES and "more figures" in figures[-1].items[-1].text


def test_the_generator_refuses_a_folder_that_holds_data(tmp_path: Path) -> None:
    """A mistyped target must not have its curated tables replaced: refused with a message, untouched, unless told."""
    curated = tmp_path / "curated"
    curated.mkdir()
    (curated / "facts.csv").write_text("fact_id\nmine\n", encoding="utf-8")
    command = [sys.executable, str(ROOT / "bench" / "scale_data.py"), str(curated), "600"]
    refused = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    assert refused.returncode != 0
    assert f"{curated} is not empty: not overwriting it" in refused.stderr
    assert (curated / "facts.csv").read_text(encoding="utf-8") == "fact_id\nmine\n"
    told = subprocess.run([*command, "--overwrite"], capture_output=True, text=True, cwd=ROOT, check=False)
    assert told.returncode == 0, told.stderr
    assert len((curated / "facts.csv").read_text(encoding="utf-8").splitlines()) == 601
    with pytest.raises(FileExistsError, match="is the source folder itself"):
        write_scaled_data(DATA, 600, overwrite=True)
