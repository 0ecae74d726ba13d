"""Actors: one card per actor the report mentions, who they are, what they said, to whom, and what is unknown."""

import streamlit as st

from kursk_brief.actors import (
    actor_cards,
    filter_cards,
    group_by_country,
    relations_alt_text,
    relations_figure,
)
from kursk_brief.facts import paragraph_marks
from kursk_brief.style import escape_markdown, plotly_config
from kursk_brief.ui import chart_downloads, get_brief, shared_filter, status_caption

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
        role = escape_markdown(card.role) if card.role else "none given in the report"
        st.caption(f"{card.kind} · {escape_markdown(card.country)} · role: {role}")
        if not card.named:
            st.markdown("**Not named in the report.**")
        if card.silent:
            remarks = [line for line in card.about if line.relation == "remarked_on"]
            st.markdown("**No statement by this actor is in the report.**")
            for line in remarks:
                st.markdown(f"Remarked on by {escape_markdown(line.others)} ({escape_markdown(line.citation)})")
        if not card.said and card.kind == "person":
            st.markdown("**No statement by this person is in the report.**")
        if card.said:
            st.markdown("**Said**")
            for line in card.said:
                to = f" → {escape_markdown(line.others)}" if line.others else ""
                st.markdown(
                    f"- **{line.status}** · {line.relation.replace('_', ' ')}{to}: "
                    f"{escape_markdown(line.summary)} ({escape_markdown(line.citation)})"
                )
        for line in card.involved:
            st.markdown(f"- **{line.status}** · {escape_markdown(line.summary)} ({escape_markdown(line.citation)})")
        for quote in card.quotes:
            st.markdown(f"> “{escape_markdown(quote.text)}”\n\n{escape_markdown(quote.citation)}")
        if card.calls_and_warnings:
            st.markdown(
                "**Called for or warned of**: "
                + "; ".join(
                    f"{escape_markdown(line.others)} ({escape_markdown(line.citation)})"
                    for line in card.calls_and_warnings
                )
            )
        if card.addressed:
            st.markdown("**Addressed**: " + ", ".join(escape_markdown(name) for name in card.addressed))
        if card.about:
            st.markdown(
                "**Addressed or discussed by**: "
                + "; ".join(f"{escape_markdown(line.others)} ({escape_markdown(line.citation)})" for line in card.about)
            )
        if card.events:
            st.markdown("**Events**: " + "; ".join(escape_markdown(event) for event in card.events))
        st.markdown(f"**Unknown**: {escape_markdown(card.unknowns) if card.unknowns else 'nothing noted'}")
        st.caption(
            f"statements: {len(card.said)} · quotes: {len(card.quotes)} · mentioned in "
            + paragraph_marks(card.paragraphs)
        )
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
st.plotly_chart(relations_figure(brief, selected), width="stretch", config=plotly_config("kursk-brief-actor-relations"))
st.caption(f"Alt text: {escape_markdown(relations_alt_text(brief))}")
with st.expander("Download this chart"):
    chart_downloads("actor-relations", brief)
status_caption()
