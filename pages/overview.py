"""Overview: the report's headline figures, with their hedges and citations, and what is expected next."""

import streamlit as st

from kursk_brief.facts import LIST_LIMIT, anticipated, capped, headline_figures, more_facts
from kursk_brief.schema import FactKind
from kursk_brief.text import escape_markdown
from kursk_brief.ui import get_brief, status_caption

brief = get_brief()
report = brief.report

st.title("Kursk Brief")
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

st.subheader("Anticipated")
expected, more_expected = capped(anticipated(brief))
for _, item in expected.iterrows():
    st.markdown(f"- **{item['status']}**: {escape_markdown(item['summary'])} ({escape_markdown(item['citation'])})")
if more_expected:
    st.caption(more_facts(more_expected, "anticipated facts"))

status_caption()
