"""Actors: one card per actor the report mentions, who they are, what they said, to whom, and what is unknown."""

import streamlit as st

from kursk_brief.app.ui import figure, get_brief, show_chart, status_caption
from kursk_brief.app.urls import UrlView, actor_links, follow_links, links_html
from kursk_brief.charts.actors import (
    actor_cards,
    cards_css,
    cards_html,
    filter_cards,
    group_by_country,
    relations_alt_text,
    relations_figure,
)
from kursk_brief.charts.views import RelationsView
from kursk_brief.data.queries import actor_names

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
# A card's links are part of its HTML (three `st.page_link`s were four elements a card, and the browser's work on them
# delayed the chart); `follow_links` makes a plain click on one switch page in this tab.
links = {card.actor_id: actor_links(names[card.actor_id]) for card in shown}
follow_links([link for page_links in links.values() for link in page_links])
# The cards are filled in after the chart below, so that the chart is sent first and starts drawing while they arrive.
cards_area = st.container()

st.subheader("Relationships")
view = RelationsView(highlight=selected)
alt = relations_alt_text(brief, **view.arguments())
show_chart("actor-relations", figure(relations_figure, **view.arguments()), alt, url, view)

if shown:
    st.html(cards_css(st.get_option("theme.linkColor")))
    card_links = {actor_id: links_html(page_links) for actor_id, page_links in links.items()}
    cards_area.html(cards_html(group_by_country(shown, brief), card_links))
status_caption()
url.finish()
