"""The app through Streamlit's AppTest: every page renders, the overview and Facts page show what users check."""

from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from kursk_brief.app.harness import as_read, run_page
from kursk_brief.app.site import PAGES
from kursk_brief.data.load import DATA_DIR_ENV, load_brief
from kursk_brief.data.queries import facts_view
from kursk_brief.out.export import facts_csv, facts_xlsx
from tests.faults import apply_case, at_the_limits
from tests.paths import DATA


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
    at = run_page("kursk_brief/app/pages/overview.py")
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
    anticipated = [m.value for m in at.markdown if m.value.startswith("**ANTICIPATED**")]
    assert len(anticipated) == 3


def test_overview_says_what_is_expected_next_and_when() -> None:
    at = run_page("kursk_brief/app/pages/overview.py")
    shown = [m.value for m in at.markdown]
    assert "The report's words: “within days” · assumed window: **31 Oct – 7 Nov 2024**" in shown
    assert "The report's words: “soon” · assumed window: **1 Nov – 15 Nov 2024**" in shown
    captions = [as_read(c.value) for c in at.caption]
    assert any("the report sets no bound" in c and c.endswith("¶1") for c in captions)
    assert any("the report sets no bound" in c and c.endswith("¶6") for c in captions)
    links = {as_read(link.proto.label): link.proto.query_string for link in at.get("page_link")}
    assert links["See these windows on the timeline"] == "range=Around+the+announcement"


def test_overview_links_each_voice_to_its_card() -> None:
    at = run_page("kursk_brief/app/pages/overview.py")
    links = {as_read(link.proto.label): link.proto for link in at.get("page_link")}
    assert links["Sergey Lavrov: 1 statement"].query_string == "card=Sergey+Lavrov"
    assert links["China: no statement in the report"].query_string == "card=China"
    assert {links[label].page for label in links if label.endswith(("statement", "statements", "report"))} == {"actors"}


def facts_table(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value


def test_facts_page_lists_every_fact_with_status_and_citation() -> None:
    at = run_page("kursk_brief/app/pages/facts.py")
    table = facts_table(at)
    assert len(table) == len(load_brief(DATA).facts)
    assert set(table["status"]) == {"REPORTED", "CLAIMED", "ANTICIPATED", "DERIVED"}
    row = table.set_index("id").loc["troops_to_russia"]
    assert row["citation"] == "Alliance News, 1 Nov 2024, ¶4"
    assert row["figure"] == "estimated 10,000 troops, reportedly"
    assert row["who"] == "no source named (the report hedges it)"


def test_facts_page_filters_by_status_kind_and_paragraph() -> None:
    at = run_page("kursk_brief/app/pages/facts.py")
    status = next(m for m in at.multiselect if m.label == "Status")
    status.set_value(["anticipated"]).run()
    assert set(facts_table(at)["id"]) == {"combat_within_days", "more_support_soon", "heavy_losses"}
    paragraph = next(m for m in at.multiselect if m.label == "Paragraph (¶)")
    paragraph.set_value([1]).run()
    assert set(facts_table(at)["id"]) == {"combat_within_days"}
    at.text_input[0].set_value("nothing matches this").run()
    assert len(facts_table(at)) == 0
    assert any(m.value.startswith("**0** of") for m in at.markdown)


def test_facts_page_takes_every_filter_from_the_url() -> None:
    at = run_page(
        "kursk_brief/app/pages/facts.py", actor="China", kind="statement", q="Blinken", status="CLAIMED", para="14"
    )
    chosen = {m.label: m.value for m in at.multiselect}
    assert chosen["Actor"] == ["china"] and chosen["Kind"] == ["statement"] and chosen["Status"] == ["claimed"]
    assert chosen["Paragraph (¶)"] == [14] and at.text_input[0].value == "Blinken"
    assert set(facts_table(at)["id"]) == {"china_concern"}
    at = run_page("kursk_brief/app/pages/facts.py", place="Moscow")
    assert set(facts_table(at)["id"]) == {"lavrov_praise", "sixth_meeting"}


def test_facts_page_shows_the_fact_in_the_url_in_full() -> None:
    at = run_page("kursk_brief/app/pages/facts.py", fact="troops_in_kursk")
    shown = [as_read(m.value) for m in at.markdown]
    assert (
        "Top US officials announced that roughly 8,000 North Korean soldiers are now based in Russia's Kursk region."
        in shown
    )
    assert (
        "**Figure**: approximately 8,000 troops" in shown and "**Citation**: Alliance News, 1 Nov 2024, ¶1, ¶4" in shown
    )


def test_an_unknown_fact_id_in_the_url_gets_a_notice_not_a_panel() -> None:
    at = run_page("kursk_brief/app/pages/facts.py", fact="no_such_fact")
    notice = at.warning[0].value
    assert "URL parameter `fact`: `no_such_fact` names no fact" in notice and "`troops_in_kursk`" in notice
    assert not any(m.value.startswith("**Figure**") for m in at.markdown)


def test_an_unknown_url_value_gets_a_notice_and_the_full_list() -> None:
    at = run_page("kursk_brief/app/pages/facts.py", actor="kim", status="CONFIRMED")
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert "URL parameter `actor`: `kim`" in notices and "`Antony Blinken`" in notices and "`China`" in notices
    assert "URL parameter `status`: `CONFIRMED`" in notices and "`ANTICIPATED`" in notices
    assert len(facts_table(at)) == len(load_brief(DATA).facts)


def test_broken_data_shows_every_problem_and_no_traceback(data_copy, monkeypatch) -> None:
    apply_case(data_copy, "bad_status")
    apply_case(data_copy, "wrong_speaker")
    monkeypatch.setenv(DATA_DIR_ENV, str(data_copy))
    at = run_page("kursk_brief/app/pages/overview.py")
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
    "fingerprint_missing_with_a_quote_altered",
]


@pytest.mark.parametrize("case", CRASHING_FAULTS)
def test_a_broken_folder_shows_the_problem_page(data_copy, monkeypatch, case) -> None:
    expected = apply_case(data_copy, case)
    monkeypatch.setenv(DATA_DIR_ENV, str(data_copy))
    at = run_page("kursk_brief/app/pages/overview.py")
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Kursk Brief cannot show its data"
    shown = at.dataframe[0].value
    assert set(zip(shown["file"], shown["line"], shown["column"], strict=True)) == {e[:3] for e in expected}


def test_data_at_the_edge_of_every_limit_renders_every_page(data_copy, monkeypatch) -> None:
    """What validation lets through, every view must draw: the latest date, the longest window, the largest figure."""
    at_the_limits(data_copy)
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
    for sheet in workbook.worksheets:  # as an analyst sets a sheet up: header frozen and filtered, columns fitted
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == sheet.dimensions, sheet.title
        widths = {cell.value: sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]}
        assert all(8 <= width <= 60 for width in widths.values()), widths
    widths = {
        cell.value: workbook["facts"].column_dimensions[cell.column_letter].width for cell in workbook["facts"][1]
    }
    assert widths["summary"] == 60, "the longest text gets the widest column"
    assert widths["status"] == len("anticipated") + 2, "a column is as wide as its longest text"


@pytest.mark.parametrize(
    "script", ["kursk_brief/app/pages/map.py", "kursk_brief/app/pages/timeline.py", "kursk_brief/app/pages/actors.py"]
)
def test_every_chart_on_screen_carries_its_alt_text_for_assistive_technology(script) -> None:
    """`st.plotly_chart(alt=...)`: a screen reader hears the chart's alt text, not its fused SVG labels."""
    at = run_page(script)
    charts = at.get("plotly_chart")
    captions = [c.value for c in at.caption if c.value.startswith("Alt text: ")]
    assert charts and len(captions) == len(charts)
    for chart, caption in zip(charts, captions, strict=True):
        assert chart.proto.alt and as_read(caption) == f"Alt text: {chart.proto.alt}"
