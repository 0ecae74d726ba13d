"""The briefing story, without a browser: which slides the fact table yields, in which order, with what on them,
and that a second report's rows get into the story from data alone; then the Present page through AppTest."""

from __future__ import annotations

import re

import pytest

from kursk_brief.app.harness import run_page
from kursk_brief.briefing.present import badge_text, body_html, contrast, footer_html, notes_html, theme_css, title_html
from kursk_brief.briefing.story import SLIDE_LINES, Headline, Item, Slide, item_lines, paginate, plain_lines, story
from kursk_brief.charts.look import PALETTES
from kursk_brief.data.load import load_brief
from kursk_brief.schema.rows import FactKind, Status
from tests.paths import FIXTURES
from tests.test_facts import _append_rows

TITLES = [
    "Kursk Brief",
    "How to read the labels",
    "Headline figures (1 of 5)",
    "Headline figures (2 of 5)",
    "Headline figures (3 of 5)",
    "Headline figures (4 of 5)",
    "Headline figures (5 of 5)",
    "Where: Kursk region (oblast)",
    "In Kursk region (oblast)",
    "The situation",
    "Who said what: Antony Blinken",
    "Who said what: Lloyd Austin",
    "Who said what: Volodymyr Zelensky",
    "Who said what: Sergey Lavrov",
    "China: no statement in the report (1 of 2)",
    "China: no statement in the report (2 of 2)",
    "Expected next (1 of 2)",
    "Expected next (2 of 2)",
    "Sources",
    "What the report leaves unknown (1 of 2)",
    "What the report leaves unknown (2 of 2)",
]


@pytest.fixture(scope="module")
def slides(brief):
    return story(brief)


def test_the_story_of_the_report_in_order(slides) -> None:
    assert [slide.title for slide in slides] == TITLES
    assert [slide.chart for slide in slides if slide.chart] == ["kursk-map"]


def test_every_slide_carries_its_sources_and_the_as_of_date(slides) -> None:
    for slide in slides:
        assert re.fullmatch(r"Sources?: .+\. As of 1 Nov 2024\.", slide.source_line), slide.title
        assert "Alliance News, 1 Nov 2024" in slide.source_line
    assert slides[7].source_line == (  # the map: every row it draws, the boundaries and the reference cities
        "Sources: Alliance News, 1 Nov 2024, ¶1, ¶4, ¶7, ¶9, ¶10; Natural Earth; GeoNames. As of 1 Nov 2024."
    )
    assert slides[2].source_line == "Source: Alliance News, 1 Nov 2024, ¶1, ¶4. As of 1 Nov 2024."


def test_every_row_of_the_report_is_on_some_slide(brief, slides) -> None:
    shown = {fact_id for slide in slides for fact_id in slide.fact_ids}
    typed = brief.facts[(brief.facts["status"] != Status.DERIVED) | (brief.facts["kind"] == FactKind.NUMBER)]
    assert set(typed["fact_id"]) - shown == set()


def test_headline_figures_show_status_and_hedge_and_what_they_count(slides) -> None:
    figures = {slide.headline.number: slide for slide in slides if slide.headline}
    assert list(figures) == ["8,000", "10,000", "6th", "80%", "2,000"]
    eight = figures["8,000"]
    assert (eight.headline.status, eight.headline.hedge, eight.headline.unit) == (
        Status.CLAIMED,
        "approximately",
        "troops",
    )
    assert plain_lines(eight) == [
        "CLAIMED · approximately · 8,000 troops",
        "approximately 8,000 North Korean troops in the Kursk region ¶1, ¶4",
        "Given by: Top US officials (unnamed)",
    ]
    assert figures["10,000"].headline.hedge == "estimated, reportedly"
    assert figures["80%"].headline.status == Status.DERIVED and figures["80%"].headline.unit == ""
    assert figures["80%"].items[0].text.startswith("Worked out by this app, not given in the report")
    assert set(figures["80%"].fact_ids) == {"troops_in_kursk_share", "troops_in_kursk", "troops_to_russia"}


def test_silence_slides_say_there_is_no_statement_and_who_remarked_on_it(slides) -> None:
    silence = [slide for slide in slides if slide.section == "Silence"]
    fact_ids = [fact_id for slide in silence for fact_id in slide.fact_ids]
    assert fact_ids == ["china_silence", "china_called_on", "china_concern", "china_silence_remark"]
    assert silence[0].items[0].status == Status.REPORTED
    quotes = [item.quote for slide in silence for item in slide.items if item.quote]
    assert "provocative actions" in quotes
    assert any(quote.endswith("its silence is striking.") for quote in quotes)
    said = [fact_id for slide in slides if slide.section == "Who said what" for fact_id in slide.fact_ids]
    assert not set(said) & set(fact_ids), "words to or about China are shown with its silence, not twice"


def test_expected_next_gives_the_report_words_and_the_assumed_window(brief, slides) -> None:
    expected = [slide for slide in slides if slide.section == "Expected next"]
    items = [item for slide in expected for item in slide.items]
    anticipated = brief.facts[brief.facts["status"] == Status.ANTICIPATED]
    assert [item.status for item in items] == [Status.ANTICIPATED] * len(anticipated)
    within, soon = (item.detail for item in items if item.detail)
    assert within.startswith("When, as drawn: 31 Oct 2024 to 7 Nov 2024 (assumed window). 'within days', counted from")
    assert "the report sets no bound" in within
    assert soon.startswith(
        "When, as drawn: 1 Nov 2024 to 15 Nov 2024 (assumed window). 'soon', counted from the report"
    )
    assert "announcement_date" in expected[0].fact_ids, "the derived anchor date is among the rows behind the slide"


def test_sources_and_unknowns_close_the_story(brief, slides) -> None:
    (sources,) = [slide for slide in slides if slide.title == "Sources"]
    assert [item.lead for item in sources.items] == [f"{label}:" for label in brief.sources["citation_label"]]
    unknowns = [item for slide in slides if slide.title.startswith("What the report leaves") for item in slide.items]
    assert len(unknowns) == brief.actors["unknowns"].notna().sum()


def test_no_slide_is_longer_than_the_budget_and_no_internal_id_is_shown(slides) -> None:
    for slide in slides:
        if not slide.headline:
            assert sum(item_lines(item) for item in slide.items) <= SLIDE_LINES, slide.title
        words = " ".join([slide.title, *plain_lines(slide)])
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", words), slide.title


def test_paginate_keeps_order_and_items_whole_and_balances_the_slides() -> None:
    rows = [(Item("x" * 140), [str(n)]) for n in range(7)]  # three lines each
    pages = paginate(rows, budget=12)
    assert [[ids[0] for _, ids in page] for page in pages] == [["0", "1", "2", "3"], ["4", "5", "6"]]
    assert paginate([(Item("y" * 2000), ["big"])], budget=12) == [[(Item("y" * 2000), ["big"])]]


def test_a_second_report_gets_its_own_slides_from_data_rows_alone(data_copy) -> None:
    _append_rows(data_copy, FIXTURES / "two_sources")
    slides = story(load_brief(data_copy))
    (count,) = [slide for slide in slides if slide.headline and "fixture_count" in slide.fact_ids]
    assert count.headline.number == "1" and count.headline.unit == "fixture units"
    assert count.source_line == "Source: Fixture Wire, 2 Nov 2024, ¶2. As of 1 Nov 2024."
    placed = next(slide for slide in slides if slide.title == "In Kursk region (oblast)")
    assert "fixture_count" in placed.fact_ids, "a count placed in the mapped region is listed with it"
    (remark,) = [slide for slide in slides if "fixture_remark" in slide.fact_ids]
    assert remark.section == "Silence", "a remark about China joins China's silence"
    assert "Fixture Wire, 2 Nov 2024, ¶2" in remark.source_line
    sources = [slide for slide in slides if slide.title.startswith("Sources")]
    assert "Fixture Wire, 2 Nov 2024:" in [item.lead for slide in sources for item in slide.items]
    assert all("Fixture Wire, 2 Nov 2024" in slide.source_line for slide in sources)


PINNED = Slide(
    section="figures",
    title="Troops & <arms>",
    items=(
        Item(
            "8,000 troops <in> Kursk", Status.CLAIMED, lead="Blinken:", marks="¶1, ¶4", quote="within days", detail="d"
        ),
        Item("No statement"),
    ),
    fact_ids=("troops_in_kursk",),
    source_line="Alliance News ¶1",
    headline=Headline("8,000", "troops", "about", Status.REPORTED),
)


def test_slide_html_is_pinned_to_the_byte() -> None:
    """The markup the Present page places, every optional part filled and every data string escaped: a refactor of
    `present.py` must leave it byte for byte (a hand-built slide, so story wording does not move it)."""
    assert title_html(PINNED, 3, 22) == (
        '<section class="kb-slide kb-head" aria-roledescription="slide" aria-label="Slide 3 of 22">'
        '<h1 class="kb-title">Troops &amp; &lt;arms&gt;</h1></section>'
    )
    assert body_html(PINNED) == (
        '<div class="kb-slide kb-body"><p><span class="kb-badge kb-reported">REPORTED</span> '
        '<span class="kb-muted">about</span></p>\n<p class="kb-number">8,000 <span class="kb-unit">troops</span></p>'
        '<ul>\n<li><span class="kb-badge kb-claimed">CLAIMED</span> <strong>Blinken:</strong> 8,000 troops &lt;in&gt; '
        'Kursk <span class="kb-muted">¶1, ¶4</span><span class="kb-quote">“within days”</span>'
        '<span class="kb-quote">d</span></li>\n<li>No statement</li>\n</ul></div>'
    )
    assert footer_html(PINNED, 3, 22) == (
        '<footer class="kb-slide kb-footer"><span>Alliance News ¶1</span>\n'
        '<span class="kb-counter" aria-label="Slide 3 of 22">3&#8239;/&#8239;22</span></footer>'
    )


def test_speaker_notes_list_each_row_behind_the_slide(brief, slides) -> None:
    head = '<div class="kb-notes"><p><strong>Speaker notes: the rows behind this slide</strong></p><ul><li>'
    for slide in slides:
        notes = notes_html(brief, slide)
        if not slide.fact_ids:
            assert notes == (
                '<div class="kb-notes"><p><strong>Speaker notes.</strong> This slide rests on the sources table '
                "and the actors table, not on fact rows.</p></div>"
            )
            continue
        assert notes.startswith(head) and notes.endswith("</li></ul></div>") and "\n" not in notes, slide.title
        codes = re.findall(r"<li><strong>[A-Z]+</strong> <code>([^<]+)</code>: ", notes)
        assert codes == list(slide.fact_ids), slide.title


def _html(at) -> str:
    return "\n".join(element.proto.body for element in at.get("html"))


def _slide_html(at) -> str:
    """The page's HTML without its style sheet (whose selectors name every class)."""
    return "\n".join(e.proto.body for e in at.get("html") if not e.proto.body.startswith("<style>"))


def test_present_page_opens_the_slide_in_the_url() -> None:
    at = run_page("kursk_brief/app/pages/present.py", slide="3")
    assert not at.exception
    html = _html(at)
    assert "Headline figures (1 of 5)" in html and f"3&#8239;/&#8239;{len(TITLES)}" in html
    assert 'class="kb-number">8,000' in html
    assert 'class="kb-notes"' not in html and "kb-notice" not in _slide_html(at)


@pytest.mark.parametrize("bad", ["0", "99", "abc", "2.5", "<b>x</b>", "³", "²", "①", "1e3"])
def test_a_bad_slide_value_gets_a_notice_and_slide_one(bad) -> None:
    at = run_page("kursk_brief/app/pages/present.py", slide=bad)
    assert not at.exception
    html = _slide_html(at)
    assert 'class="kb-slide kb-notice"' in html and "showing slide 1" in html
    assert "<b>x</b>" not in html, "the value from the URL is shown escaped"
    assert f"1&#8239;/&#8239;{len(TITLES)}" in html


@pytest.mark.parametrize("other", ["03", " 3", "٣"])
def test_a_slide_value_the_pagination_reads_as_a_number_shows_that_slide_without_a_notice(other) -> None:
    """Python's `int` (which the pagination uses) reads these as 3: a notice saying slide 1 would then be false."""
    at = run_page("kursk_brief/app/pages/present.py", slide=other)
    assert not at.exception
    html = _slide_html(at)
    assert "kb-notice" not in html and f"3&#8239;/&#8239;{len(TITLES)}" in html


def test_themes_and_notes_come_from_the_url() -> None:
    at = run_page("kursk_brief/app/pages/present.py", theme="dark")
    assert f"background: {PALETTES['dark'].background}" in _html(at) and "kb-notice" not in _slide_html(at)
    unknown = _html(run_page("kursk_brief/app/pages/present.py", theme="sepia"))
    assert "theme=sepia is not a theme here" in unknown and theme_css("light") in unknown
    notes = _html(run_page("kursk_brief/app/pages/present.py", slide="3", notes="1"))
    assert 'class="kb-notes"' in notes and "troops_in_kursk" in notes and "¶1, ¶4" in notes


def test_each_theme_meets_wcag_contrast() -> None:
    for palette in PALETTES.values():
        assert contrast(palette.ink, palette.background) >= 7
        assert contrast(palette.muted, palette.background) >= 4.5, "footer, paragraph marks, rules"
        for colour in palette.status.values():
            assert contrast(badge_text(colour), colour) >= 4.5, "status label text on its colour"
            assert contrast(colour, palette.background) >= 3, "status colour as a graphic on the page"
