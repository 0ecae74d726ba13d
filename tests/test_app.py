"""The app through Streamlit's AppTest: every page renders, the overview and Facts page show what users check."""

from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from kursk_brief.export import facts_csv, facts_xlsx
from kursk_brief.facts import DATA_DIR_ENV, facts_view, load_brief
from kursk_brief.site import PAGES
from tests.apptest import as_read, run_page
from tests.conftest import DATA
from tests.faults import apply_case


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_every_page_renders_without_exception(spec) -> None:
    at = run_page(spec.script)
    assert not at.exception, [e.value for e in at.exception]
    assert first_heading(at) == (spec.heading or spec.title)


def first_heading(at) -> str:
    """The page's first heading, whether Streamlit's title or the h1 a page writes itself (the Present slides)."""
    headings = [t.value for t in at.title] + [
        h for e in at.get("html") for h in re.findall(r"<h1[^>]*>(.*?)</h1>", e.proto.body)
    ]
    return headings[0] if headings else ""


def test_overview_shows_headline_figures_with_status_and_citation() -> None:
    at = run_page("pages/overview.py")
    metrics = {m.value: m.label for m in at.metric}
    assert metrics["8,000"] == "CLAIMED · approximately"
    assert metrics["10,000"] == "CLAIMED · estimated, reportedly", "a hedged second-hand figure is never REPORTED"
    assert metrics["80%"].startswith("DERIVED")
    assert metrics["2,000"].startswith("DERIVED")
    assert metrics["6th"] == "REPORTED · as stated"
    captions = [c.value for c in at.caption]
    assert r"Given by: Top US officials (unnamed) · Alliance News, 1 Nov 2024, ¶1, ¶4" in [as_read(c) for c in captions]
    assert any("2024 is our inference" in as_read(c) for c in captions), "the inferred year is said"
    shown = " ".join(m.value for m in at.markdown)
    assert "_" not in shown.replace("\\_", ""), "no internal id on the Overview"
    anticipated = [m.value for m in at.markdown if m.value.startswith("- **ANTICIPATED**")]
    assert len(anticipated) == 3 and all(any(f"¶{n}" in a for a in anticipated) for n in (1, 6, 8))


def facts_table(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value


def test_facts_page_lists_every_fact_with_status_and_citation() -> None:
    at = run_page("pages/facts.py")
    table = facts_table(at)
    assert len(table) == len(load_brief(DATA).facts)
    assert set(table["status"]) == {"REPORTED", "CLAIMED", "ANTICIPATED", "DERIVED"}
    row = table.set_index("id").loc["troops_to_russia"]
    assert row["citation"] == "Alliance News, 1 Nov 2024, ¶4"
    assert row["figure"] == "estimated 10,000 troops, reportedly"
    assert row["who"] == "no source named (the report hedges it)"


def test_facts_page_filters_by_status_kind_and_paragraph() -> None:
    at = run_page("pages/facts.py")
    status = next(m for m in at.multiselect if m.label == "Status")
    status.set_value(["anticipated"]).run()
    assert set(facts_table(at)["id"]) == {"combat_within_days", "more_support_soon", "heavy_losses"}
    paragraph = next(m for m in at.multiselect if m.label == "Paragraph")
    paragraph.set_value([1]).run()
    assert set(facts_table(at)["id"]) == {"combat_within_days"}
    at.text_input[0].set_value("nothing matches this").run()
    assert len(facts_table(at)) == 0
    assert any(m.value.startswith("**0** of") for m in at.markdown)


def test_facts_page_takes_the_shared_actor_filter_from_the_url() -> None:
    at = run_page("pages/facts.py", actor="china")
    assert next(m for m in at.multiselect if m.label == "Actor").value == ["china"]
    assert set(facts_table(at)["id"]) == {"china_called_on", "china_concern", "china_silence_remark", "china_silence"}


def test_an_unknown_url_actor_gets_a_notice_and_the_full_list() -> None:
    at = run_page("pages/facts.py", actor="kim")
    assert not at.exception
    notice = at.warning[0].value
    assert "`actor=kim`" in notice and "`blinken`" in notice and "`china`" in notice
    assert len(facts_table(at)) == len(load_brief(DATA).facts)


def test_broken_data_shows_every_problem_and_no_traceback(data_copy, monkeypatch) -> None:
    apply_case(data_copy, "bad_status")
    apply_case(data_copy, "wrong_speaker")
    monkeypatch.setenv(DATA_DIR_ENV, str(data_copy))
    at = run_page("pages/overview.py")
    assert not at.exception
    assert "2 problem(s)" in at.error[0].value
    problems = at.dataframe[0].value
    assert set(problems["file"]) == {"facts.csv", "quotes.csv"}
    assert list(problems.columns) == ["file", "line", "column", "message"]
    assert not at.metric, "no figure is shown from data that failed validation"


# One broken folder per kind of fault that used to crash past the problem page (every URL then shows that page;
# deep links into it are opened in a real browser by tests/browser/test_data_errors.py).
CRASHING_FAULTS = [
    "counts_both_zero",
    "published_not_a_calendar_day",
    "anchors_in_a_cycle",
    "anchored_to_an_undated_event",
    "window_of_99999999_days",
    "table_is_a_folder",
    "nul_in_a_summary",
    "paragraph_of_401_digits",
    "report_id_renamed",
    "fingerprint_not_json",
]


@pytest.mark.parametrize("case", CRASHING_FAULTS)
def test_a_broken_folder_shows_the_problem_page(data_copy, monkeypatch, case) -> None:
    expected = apply_case(data_copy, case)
    monkeypatch.setenv(DATA_DIR_ENV, str(data_copy))
    at = run_page("pages/overview.py")
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Kursk Brief cannot show its data"
    shown = at.dataframe[0].value
    assert set(zip(shown["file"], shown["line"], shown["column"], strict=True)) == {e[:3] for e in expected}


def test_data_at_the_edge_of_every_limit_renders_every_page(data_copy, monkeypatch) -> None:
    """What validation lets through, every view must draw: the latest date, the longest window, the largest figure."""
    from tests.faults import NUMBER_PART, RELATIVE_FROM_PUBLICATION, REPORT, set_cells, whole_of_part

    set_cells("sources", REPORT, published="2100-12-31")(data_copy)
    set_cells("events", RELATIVE_FROM_PUBLICATION, window_days_min="3650", window_days_max="3650")(data_copy)
    set_cells("facts", NUMBER_PART, value="1e15")(data_copy)
    set_cells("facts", whole_of_part, value="1e15")(data_copy)
    monkeypatch.setenv(DATA_DIR_ENV, str(data_copy))
    for spec in PAGES:
        at = run_page(spec.script)
        assert not at.exception, (spec.script, [e.value for e in at.exception])
        assert first_heading(at) == (spec.heading or spec.title), spec.script


def test_downloads_hold_the_selection_and_its_provenance() -> None:
    brief = load_brief(DATA)
    view = facts_view(brief, brief.facts[brief.facts["status"] == "anticipated"])
    csv_text = facts_csv(view).decode("utf-8-sig")
    assert pd.read_csv(io.StringIO(csv_text))["id"].tolist() == [
        "combat_within_days",
        "more_support_soon",
        "heavy_losses",
    ]
    assert "Alliance News, 1 Nov 2024, ¶6" in csv_text
    workbook = openpyxl.load_workbook(io.BytesIO(facts_xlsx(view, brief)))
    assert workbook.sheetnames == ["facts", "sources"]
    assert workbook["facts"].max_row == 4
    assert workbook["sources"]["A2"].value == "alliance_2024_11_01"
