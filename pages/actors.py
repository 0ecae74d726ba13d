"""Actors: one card per actor the report mentions, who they are, what they said, to whom, and what is unknown."""

import streamlit as st

from kursk_brief.actors import (
    actor_cards,
    card_texts,
    filter_cards,
    group_by_country,
    relations_alt_text,
    relations_figure,
)
from kursk_brief.style import plotly_config
from kursk_brief.text import escape_markdown
from kursk_brief.ui import chart_downloads, figure, get_brief, shared_filter, status_caption

brief = get_brief()
cards = actor_cards(brief)

st.title("Actors")
st.caption("Every line on a card is a row of the fact table, with its status and paragraph; quotes are verbatim.")
selected = shared_filter(brief, "actor")

left, middle, right = st.columns(3)
countries = left.multiselect("Country", sorted({c.country for c in cards}))
kinds = middle.multiselect("Kind of actor", sorted({c.kind for c in cards}))
topics = right.multiselect("Topic", sorted(set(brief.facts["topic"])))
shown = [c for c in filter_cards(cards, brief, countries, kinds, topics) if not selected or c.actor_id == selected]
st.markdown(f"**{len(shown)}** of {len(cards)} actors")


def show_card(card) -> None:
    """One card; every data string is escaped so that it reads literally."""
    with st.container(border=True):
        st.markdown(f"#### {escape_markdown(card.title)}")
        for line in card_texts(card):
            text = escape_markdown(line.text)
            if line.style == "caption":
                st.caption(text)
            elif line.style in ("note", "section"):
                st.markdown(f"**{text}**")
            elif line.style == "item":
                st.markdown(f"- **{escape_markdown(line.label)}** · {text}")
            elif line.style == "quote":
                st.markdown(f"> “{text}”\n\n{escape_markdown(line.label)}")
            else:
                st.markdown(f"**{escape_markdown(line.label)}**: {text}")
        st.markdown(
            f"[Timeline](timeline?actor={card.actor_id}) · [Map](map?actor={card.actor_id}) · "
            f"[Facts](facts?actor={card.actor_id})"
        )


for country, members in group_by_country(shown, brief).items():
    st.subheader(escape_markdown(country))
    for start in range(0, len(members), 3):
        for column, card in zip(st.columns(3), members[start : start + 3], strict=False):
            with column:
                show_card(card)

st.subheader("Relationships")
st.plotly_chart(
    figure(relations_figure, selected), width="stretch", config=plotly_config("kursk-brief-actor-relations")
)
st.caption(f"Alt text: {escape_markdown(relations_alt_text(brief))}")
with st.expander("Download this chart"):
    chart_downloads("actor-relations")
status_caption()
