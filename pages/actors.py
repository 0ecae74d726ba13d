"""Actors: one card per actor the report mentions, who they are, what they said, to whom, and what is unknown."""

import streamlit as st

from kursk_brief.actors import (
    actor_cards,
    card_markdown,
    filter_cards,
    group_by_country,
    relations_alt_text,
    relations_figure,
)
from kursk_brief.facts import actor_names
from kursk_brief.text import escape_markdown
from kursk_brief.ui import figure, get_brief, show_chart, status_caption
from kursk_brief.urls import UrlView, actor_links, follow_links, links_markdown

brief = get_brief()
cards = actor_cards(brief)
names = actor_names(brief)

st.title("Actors")
url = UrlView()
st.caption("Every line on a card is a row of the fact table, with its status and paragraph; quotes are verbatim.")
# A picker, not pills: pill labels are rendered as markdown, and a label is also the URL value, so it cannot be escaped.
selected = url.pick_one(
    st, "Show one actor's card", names, key="card", what="actor", placeholder="All actors: type or pick a name"
)

left, middle, right = st.columns(3)
countries = url.bind(left.multiselect, "Country", sorted({c.country for c in cards}), key="country", what="country")
kinds = url.bind(middle.multiselect, "Kind of actor", sorted({c.kind for c in cards}), key="kind", what="kind")
topics = url.bind(right.multiselect, "Topic", sorted(set(brief.facts["topic"])), key="topic", what="topic")
shown = [c for c in filter_cards(cards, brief, countries, kinds, topics) if not selected or c.actor_id == selected]
st.markdown(f"**{len(shown)}** of {len(cards)} actors")
# A card's links are markdown in its one block (three `st.page_link`s were four elements a card, and the browser's
# work on them delayed the chart); `follow_links` makes a plain click on one switch page in this tab.
links = {card.actor_id: actor_links(names[card.actor_id]) for card in shown}
follow_links([link for card_links in links.values() for link in card_links])


def show_card(card) -> None:
    """One card (escaped in `card_markdown`, so that every data string reads literally) and its links, in one block."""
    with st.container(border=True):
        st.markdown(f"{card_markdown(card)}\n\n{links_markdown(links[card.actor_id])}")


widths = [1, 1, 1] if len(shown) > 1 else [2, 1]  # one chosen card gets room to read, not a third of the page
# One container however many cards: the widgets below keep their place in the page, and with it their URL binding
# (Streamlit re-mounts a widget whose position changes, and the re-mounted widget no longer writes the URL). It is
# filled after the chart below, so that the chart is sent first and starts drawing while the cards arrive.
cards_area = st.container()

st.subheader("Relationships")
alt = relations_alt_text(brief, selected)
show_chart("actor-relations", figure(relations_figure, highlight=selected), alt, url, {"highlight": selected})

with cards_area:
    for country, members in group_by_country(shown, brief).items():
        st.subheader(escape_markdown(country))
        for start in range(0, len(members), 3):
            for column, card in zip(st.columns(widths), members[start : start + 3], strict=False):
                with column:
                    show_card(card)
status_caption()
url.finish()
