"""Overview: the report's headline figures, with their hedges and citations, and what is expected next."""

import streamlit as st

from kursk_brief.facts import anticipated, headline_figures
from kursk_brief.style import escape_markdown
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
figures = headline_figures(brief)
for start in range(0, len(figures), 3):
    columns = st.columns(3)
    for column, (_, figure) in zip(columns, figures.iloc[start : start + 3].iterrows(), strict=False):
        with column, st.container(border=True):
            st.metric(label=f"{figure['status']} · {figure['hedge']}", value=figure["number"])
            st.markdown(escape_markdown(figure["counts"]))
            st.caption(escape_markdown(f"Given by: {figure['who']} · {figure['citation']}"))

st.subheader("Anticipated")
for _, item in anticipated(brief).iterrows():
    st.markdown(f"- **{item['status']}**: {escape_markdown(item['summary'])} ({escape_markdown(item['citation'])})")

status_caption()
