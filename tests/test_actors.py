"""Actor cards and the relationship view hold exactly the rows of the data, and nothing else."""

from __future__ import annotations

import json
from dataclasses import replace

import lxml.html
import pandas as pd
import pytest

from kursk_brief.app.harness import run_page
from kursk_brief.app.urls import actor_links, links_html
from kursk_brief.charts.actors import (
    RELATION_HEADERS,
    RELATION_ROWS,
    actor_cards,
    card_html,
    card_texts,
    cards_css,
    cards_html,
    filter_cards,
    group_by_country,
    relations_alt_text,
    relations_figure,
    statement_rows,
)
from kursk_brief.charts.layout import TEXT_TOP
from kursk_brief.charts.look import SCREEN, STATUS_LABELS
from kursk_brief.data.load import load_brief
from kursk_brief.data.phrases import more_facts
from kursk_brief.data.queries import actor_names
from tests.hostile import html_problems, html_text, reads_hostile, write_hostile_data


def followers(at) -> list:
    """The page's link-following components (the sidebar's copy-link button is another component)."""
    return [c for c in at.get("bidi_component") if c.proto.component_name == "kursk_brief.follow_links"]


def shown_cards(at) -> list[lxml.html.HtmlElement]:
    """The cards a run of the Actors page shows, parsed from its one HTML block of cards."""
    (body,) = [e.proto.body for e in at.get("html") if 'class="kb-actors"' in e.proto.body]
    return lxml.html.fragment_fromstring(body, create_parent="div").find_class("kb-card")


def card_links(card: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    return [(link.text_content(), link.get("href")) for link in card.iter("a")]


@pytest.fixture(scope="module")
def cards(brief):
    return {card.actor_id: card for card in actor_cards(brief)}


def test_every_actor_row_has_a_card(brief, cards) -> None:
    assert list(cards) == brief.actors["actor_id"].tolist()


def test_every_quote_on_a_card_is_a_quote_row_and_counts_match(brief, cards) -> None:
    quotes = brief.quotes.set_index("quote_id")
    shown = [(card.actor_id, q.quote_id, q.text) for card in cards.values() for q in card.quotes]
    assert all(quotes.loc[quote_id, "text"] == text for _, quote_id, text in shown)
    expected = {a: sum(a in ids for ids in quotes["speaker_actor_ids"]) for a in cards}
    assert {a: len(c.quotes) for a, c in cards.items()} == expected
    assert {a: len(c.quotes) for a, c in cards.items() if c.quotes} == {
        "blinken": 1,
        "austin": 3,
        "zelensky": 1,
        "lavrov": 1,
    }


def test_statement_counts_match_the_fact_rows(brief, cards) -> None:
    statements = brief.facts[brief.facts["kind"] == "statement"]
    for actor_id, card in cards.items():
        expected = {f for f, ids in zip(statements["fact_id"], statements["actor_ids"], strict=True) if actor_id in ids}
        assert {line.fact_id for line in card.said} == expected, actor_id


def test_unnamed_actors_stay_unnamed(cards) -> None:
    counterparts = cards["sk_counterparts"]
    assert not counterparts.named and counterparts.title == "South Korean counterparts (unnamed)"
    assert "names neither" in counterparts.unknowns
    assert not cards["us_officials"].named


def test_china_card_shows_its_silence_and_who_remarked_on_it(cards) -> None:
    china = cards["china"]
    assert china.silent and not china.said
    assert [line.fact_id for line in china.silences] == ["china_silence"]
    assert [(line.fact_id, line.speakers) for line in china.about if line.relation == "expressed_surprise"] == [
        ("china_silence_remark", "Volodymyr Zelensky")
    ]
    assert [(line.fact_id, line.action) for line in china.addressed_by] == [("china_called_on", "called on China")]


def test_choe_has_no_statement_only_the_meeting(cards) -> None:
    choe = cards["choe"]
    assert choe.said == [] and choe.involved == []
    assert [line.fact_id for line in choe.about] == ["sixth_meeting"]


def test_the_reports_own_narration_is_never_said_by_an_actor(cards) -> None:
    assert cards["united_states"].said == []
    assert [line.fact_id for line in cards["lavrov"].said] == ["lavrov_praise"]
    assert "sixth_meeting" in [line.fact_id for line in cards["lavrov"].about]


def test_addressed_means_addressed_not_talked_about(cards) -> None:
    assert {a: c.addressed for a, c in cards.items() if c.addressed} == {
        "blinken": ["China"],
        "austin": ["China"],
        "zelensky": ["South Korea"],
    }


def test_filters_and_grouping(brief, cards) -> None:
    all_cards = list(cards.values())
    people = filter_cards(all_cards, brief, [], ["person"], [])
    assert {c.actor_id for c in people} == {"blinken", "austin", "zelensky", "lavrov", "choe"}
    on_china = filter_cards(all_cards, brief, [], [], ["china"])
    assert {c.actor_id for c in on_china} == {"blinken", "austin", "zelensky", "china", "north_korea", "russia"}
    groups = group_by_country(all_cards, brief)
    assert list(groups)[:2] == ["United States", "South Korea"] and list(groups)[-1] == "No country"
    assert [c.actor_id for c in groups["No country"]] == ["us_allies", "alliance_news"]


def test_every_statement_is_one_cited_row(brief) -> None:
    figure = relations_figure(brief)
    facts = set(brief.facts["fact_id"])
    marks = [trace for trace in figure.data if trace.mode == "markers"]
    row_ids = [row[0] for trace in marks for row in trace.customdata]
    assert row_ids and set(row_ids) <= facts
    statements = brief.facts[brief.facts["relation"].notna() & (brief.facts["status"] != "derived")]
    assert sorted(row_ids) == sorted(statements["fact_id"]), "every statement once, with or without a subject"
    hovers = [h for trace in marks for h in trace.hovertext]
    assert all("Alliance News, 1 Nov 2024, ¶" in h for h in hovers)
    assert "http" not in figure.to_json()


def cells_of(figure):
    """The relationship table's one text trace, which holds its cells."""
    (cells,) = [trace for trace in figure.data if trace.mode == "text"]
    return cells


def cell_texts(figure) -> list[str]:
    return list(cells_of(figure).text)


def test_relations_table_is_one_text_trace_not_an_annotation_per_cell(brief) -> None:
    """One text trace, drawn in one pass: as 71 annotations the table cost the page 0.78 s of Plotly work, not 0.44 s.

    Each cell's point is lowered by `TEXT_TOP` so that the drawn text's top is where the layout measured it: the
    header row's measured top is the plot's top, 0.
    """
    figure = relations_figure(brief)
    assert [a.name for a in figure.layout.annotations] == ["subtitle", "footer"]
    cells = cells_of(figure)
    assert cells.textposition == "bottom right" and cells.hoverinfo == "skip"
    assert list(cells.text[:6]) == [f"<b>{header}</b>" for header in RELATION_HEADERS]
    assert list(cells.y[:6]) == [pytest.approx(TEXT_TOP * SCREEN.text_px)] * 6
    assert sum(text in STATUS_LABELS.values() for text in cells.text) == len(statement_rows(brief)), "a status a row"


def test_relations_table_counts_the_statements_past_its_rows_and_draws_only_headers_when_there_are_none(brief) -> None:
    """Past `RELATION_ROWS` statements a last line counts the rest; with no statement only the headers are drawn."""
    statements = brief.facts[brief.facts["relation"].notna()]
    copies = statements.assign(fact_id=statements["fact_id"] + "_again")
    many = replace(brief, facts=pd.concat([brief.facts, copies, copies.assign(fact_id=copies["fact_id"] + "2")]))
    total = len(statement_rows(many))
    assert total > RELATION_ROWS
    texts = cell_texts(relations_figure(many))
    assert sum(text in STATUS_LABELS.values() for text in texts) == RELATION_ROWS
    assert texts[-1].replace("<br>", " ") == more_facts(total - RELATION_ROWS, "statements")  # wrapped in its column
    none = replace(brief, facts=brief.facts.assign(relation=None))
    assert cell_texts(relations_figure(none)) == [f"<b>{header}</b>" for header in RELATION_HEADERS]


def test_relations_read_without_hover(brief) -> None:
    """Each row shows its speaker's verb, addressee (only where named), subject, status word and paragraph."""
    texts = cell_texts(relations_figure(brief))
    assert {"urged", "South Korea", "Ukraine", "¶8", "called on", "China", "North Korea", "¶13"} <= set(texts)
    assert texts.count("South Korea") == 1 and texts.count("China") == 2  # addressee once; China also a subject
    assert {"CLAIMED", "ANTICIPATED"} <= set(texts)


def test_about_column_is_headed_and_told_as_about(brief) -> None:
    """The fourth column holds what a statement is about (`about_ids`); chart and alt text name it alike."""
    texts = cell_texts(relations_figure(brief))
    assert "<b>About</b>" in texts and "<b>Subject</b>" not in texts
    alt = relations_alt_text(brief)
    assert "Volodymyr Zelensky urged South Korea (about: Ukraine) (¶8)" in alt and "subject" not in alt.lower()


def test_relations_say_what_lavrov_praised_not_whom(brief) -> None:
    """The About column and the alt text take a row's `about_text`: Lavrov praised contacts, not two states."""
    rows = statement_rows(brief).set_index("fact_id")
    assert rows.loc["lavrov_praise", "about"] == brief.facts.set_index("fact_id").loc["lavrov_praise", "about_text"]
    assert "Sergey Lavrov praised (about: military and intelligence contacts" in relations_alt_text(brief)


def test_every_statement_row_says_what_it_is_about(brief) -> None:
    """No row of the relationship table has a blank About: Austin's confirmation is about the troops in Russia."""
    rows = statement_rows(brief).set_index("fact_id")
    assert (rows["about"] != "").all(), rows.loc[rows["about"] == "", "who"].tolist()
    austin = brief.facts.set_index("fact_id").loc["allied_consultation"]
    assert rows.loc["allied_consultation", "about"] == austin["about_text"] and "nk_troops" in austin["about_ids"]


def test_highlighted_relations_say_so_in_the_title(brief) -> None:
    figure = relations_figure(brief, highlight="lavrov")
    assert figure.layout.meta["frame"]["title"] == "Who said what, to whom and about whom: Sergey Lavrov"
    shaded = [shape for shape in figure.layout.shapes if shape.type == "rect"]
    assert len(shaded) == 1  # Lavrov's one statement; he is no one's addressee or subject in the report


def test_actors_page_cards_filters_and_url(brief) -> None:
    at = run_page("kursk_brief/app/pages/actors.py")
    assert not at.exception
    assert any(m.value == f"**{len(brief.actors)}** of {len(brief.actors)} actors" for m in at.markdown)
    next(m for m in at.multiselect if m.label == "Kind of actor").set_value(["person"]).run()
    assert any(m.value == f"**5** of {len(brief.actors)} actors" for m in at.markdown)
    persons = [card.findtext("h4") for card in shown_cards(at)]
    assert persons == ["Antony Blinken", "Lloyd Austin", "Volodymyr Zelensky", "Sergey Lavrov", "Choe Son Hui"]
    (body,) = [e.proto.body for e in at.get("html") if 'class="kb-actors"' in e.proto.body]
    headings = [h.text for h in lxml.html.fragment_fromstring(body).iter("h3")]
    assert headings == ["United States", "Ukraine", "Russia", "North Korea"], "a heading per country, briefing order"
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert figure["layout"]["meta"]["frame"]["title"] == "Who said what, to whom and about whom"


def test_card_in_url_shows_that_card_with_same_tab_links_to_where_the_actor_is(brief) -> None:
    at = run_page("kursk_brief/app/pages/actors.py", card="Sergey Lavrov")
    assert any(m.value == f"**1** of {len(brief.actors)} actors" for m in at.markdown)
    (card,) = shown_cards(at)
    assert card.findtext("h4") == "Sergey Lavrov"
    assert card[-1].tag == "p" and card_links(card) == [
        ("Timeline", "timeline?actor=Sergey%20Lavrov"),
        ("Strategic map", "map?view=Strategic&actor=Sergey%20Lavrov"),
        ("Facts", "facts?actor=Sergey%20Lavrov"),
    ], "the links are the card's last line"
    assert not at.get("page_link"), "no element per link"
    (follower,) = followers(at)
    assert json.loads(follower.proto.json) == [
        "facts?actor=Sergey%20Lavrov",
        "map?view=Strategic&actor=Sergey%20Lavrov",
        "timeline?actor=Sergey%20Lavrov",
    ], "a click on exactly these addresses switches page in this tab"
    assert card.findtext("blockquote") == "“very close contacts”"


def test_every_shown_card_has_its_links_and_the_follower_knows_all_of_them(brief) -> None:
    at = run_page("kursk_brief/app/pages/actors.py", kind="state")
    cards = shown_cards(at)
    (follower,) = followers(at)
    hrefs = json.loads(follower.proto.json)
    assert len(cards) == 6 and len(hrefs) == 3 * len(cards)
    for card in cards:
        name = card.findtext("h4")
        assert card_links(card) == [(link.label, link.href) for link in actor_links(name)], name
        assert {link.href for link in actor_links(name)} <= set(hrefs), name


def test_all_cards_are_one_html_block_styled_with_the_themes_link_colour(brief) -> None:
    at = run_page("kursk_brief/app/pages/actors.py")
    assert len(shown_cards(at)) == len(brief.actors)
    styles = [e.proto.body for e in at.get("html") if e.proto.body.startswith("<style>")]
    assert styles == [cards_css("#244fb4")], "the link colour set in .streamlit/config.toml"
    assert all("####" not in m.value for m in at.markdown), "no card in markdown"


def test_filters_matching_no_actor_show_none_and_say_so(brief) -> None:
    at = run_page("kursk_brief/app/pages/actors.py", country="China", kind="person")
    assert not at.exception and not at.warning
    assert any(m.value == f"**0** of {len(brief.actors)} actors" for m in at.markdown)
    assert not at.get("html"), "no card block, no style"
    assert json.loads(followers(at)[0].proto.json) == [], "no link to follow"
    assert at.get("plotly_chart"), "the relationship table is still there"


def test_unknown_card_in_url_gives_notice_and_all_cards(brief) -> None:
    at = run_page("kursk_brief/app/pages/actors.py", card="Kim Jong Un")
    notice = at.warning[0].value
    assert "URL parameter `card`: `Kim Jong Un` names no actor" in notice
    assert "`Sergey Lavrov`" in notice and "`China`" in notice
    assert any(m.value == f"**{len(brief.actors)}** of {len(brief.actors)} actors" for m in at.markdown)


def test_actor_filters_come_from_the_url(brief) -> None:
    at = run_page("kursk_brief/app/pages/actors.py", country="China", kind="state")
    assert [m.value for m in at.multiselect if m.label in ("Country", "Kind of actor")] == [["China"], ["state"]]
    assert any(m.value == f"**1** of {len(brief.actors)} actors" for m in at.markdown)
    assert not at.warning


def test_actor_param_is_named_as_unused_on_the_actors_page() -> None:
    at = run_page("kursk_brief/app/pages/actors.py", actor="Sergey Lavrov")
    assert "URL parameter `actor` is not used on this page" in at.warning[0].value and "`card`" in at.warning[0].value


def test_a_card_is_html_of_its_texts_in_order(cards) -> None:
    card = cards["blinken"]
    element = lxml.html.fragment_fromstring(card_html(card, links_html(actor_links(card.title))))
    assert element.get("class") == "kb-card" and element[0].tag == "h4" and element[0].text == card.title
    shown = element.text_content()
    at = 0
    for line in card_texts(card):  # each line found after the one before it
        at = shown.index(line.text, at) + len(line.text)
    captions = [line.text for line in card_texts(card) if line.style == "caption"]
    assert captions and [p.text for p in element.find_class("kb-caption")] == captions
    assert element.findtext("blockquote") == f"“{card.quotes[0].text}”"
    items = [line for line in card_texts(card) if line.style == "item"]
    assert [li.text_content() for li in element.iter("li")] == [f"{line.label} · {line.text}" for line in items]


def test_one_card_alone_gets_two_thirds_of_the_row(cards) -> None:
    one = cards_html({"Russia": [cards["lavrov"]]}, {"lavrov": ""})
    many = cards_html({"Russia": [cards["lavrov"]], "China": [cards["china"]]}, {"lavrov": "", "china": ""})
    assert 'class="kb-cards kb-one"' in one and "kb-one" not in many
    assert [h.text for h in lxml.html.fragment_fromstring(many).iter("h3")] == ["Russia", "China"]


def test_a_card_shows_hostile_text_as_text(tmp_path) -> None:
    write_hostile_data(tmp_path / "data")
    hostile = load_brief(tmp_path / "data")
    names = actor_names(hostile)
    rendered = [card_html(card, links_html(actor_links(names[card.actor_id]))) for card in actor_cards(hostile)]
    assert any(reads_hostile(html_text(body)) for body in rendered)
    assert [problem for body in rendered for problem in html_problems(body)] == []
