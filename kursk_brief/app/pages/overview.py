"""Overview: the report's headline figures, with their hedges and citations, what is expected next and when, and
who said what."""

import streamlit as st

from kursk_brief.app.ui import get_brief, status_caption
from kursk_brief.app.urls import UrlView
from kursk_brief.charts.actors import actor_cards, voices
from kursk_brief.charts.timeline import PRESETS, expected_next
from kursk_brief.data.phrases import LIST_LIMIT, more_facts
from kursk_brief.data.queries import actor_names, headline_figures
from kursk_brief.schema.rows import FactKind, Status
from kursk_brief.words.escape import escape_markdown

brief = get_brief()
report = brief.report

st.title("Kursk Brief")
url = UrlView()
st.markdown(
    f"North Korean troops in Russia's Kursk region, as reported by **{escape_markdown(report['publisher'])}** on "
    f"**{brief.as_of.day} {brief.as_of:%B %Y}**. Every figure is a row of the fact table (curated from the report, or derived from curated "
    "rows and labelled so), shown with its status and the paragraphs it rests on."
)
if report["published_note"]:
    st.caption(f"Publication date: {escape_markdown(report['published_note'])}")

st.subheader("Headline figures")
figures = headline_figures(brief, LIST_LIMIT)
for start in range(0, len(figures), 3):
    columns = st.columns(3)
    for column, (_, figure) in zip(columns, figures.iloc[start : start + 3].iterrows(), strict=False):
        with column, st.container(border=True):
            st.metric(label=f"{figure['status']} · {figure['hedge']}", value=figure["number"])
            st.markdown(escape_markdown(figure["counts"]))
            st.caption(escape_markdown(f"Given by: {figure['who']} · {figure['citation']}"))
more_figures = int((brief.facts["kind"] == FactKind.NUMBER).sum()) - len(figures)
if more_figures:
    st.caption(more_facts(more_figures, "number facts"))

st.subheader("What next, and when")
st.caption(
    "The report gives no date for what it expects, only words for when, where it gives any. Each window below is "
    "this app's assumption, drawn on the timeline, with its reason."
)
expected = expected_next(brief, LIST_LIMIT)
for item in expected.to_dict("records"):
    with st.container(border=True):
        st.markdown(f"**{item['status']}** · {escape_markdown(item['expected'])}")
        words, window = item["report's words"], item["assumed window"]
        if window:
            st.markdown(
                f"The report's words: “{escape_markdown(words)}” · assumed window: **{escape_markdown(window)}**"
            )
            st.caption(escape_markdown(f"{item['why this window']} · {item['citation']}"))
        else:
            st.markdown("When: the report gives no time, so no window is drawn.")
            st.caption(escape_markdown(item["citation"]))
more_expected = int((brief.facts["status"] == Status.ANTICIPATED).sum()) - len(expected)
if more_expected:
    st.caption(more_facts(more_expected, "anticipated facts"))
st.page_link(
    "kursk_brief/app/pages/timeline.py",
    label="See these windows on the timeline",
    icon=":material/date_range:",
    query_params={"range": PRESETS[1]},
)

st.subheader("Who said what")
st.caption("Each link opens that actor's card: their statements and quotes, cited, and what the report leaves unknown.")
names = actor_names(brief)
with st.container(horizontal=True):
    for card, label in voices(actor_cards(brief), brief):
        st.page_link(
            "kursk_brief/app/pages/actors.py",
            label=escape_markdown(label),
            icon=":material/record_voice_over:",
            query_params={"card": names[card.actor_id]},
        )

status_caption()
url.finish()
