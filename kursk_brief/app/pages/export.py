"""Export: every chart as PNG, SVG or PDF with its context baked in, and the whole brief as a pack or a deck."""

import streamlit as st

from kursk_brief.app.ui import briefing_downloads, chart_downloads, get_brief, image_size
from kursk_brief.app.urls import UrlView
from kursk_brief.charts.registry import registry
from kursk_brief.out import export
from kursk_brief.words.escape import escape_markdown

brief = get_brief()

st.title("Export")
url = UrlView()
st.markdown(
    "Every image carries its own title, source line, as-of date and status legend, so it stays honest when pasted "
    "into a slide or memo. The camera button on each chart downloads a 1920×1080 PNG directly from the browser."
)

st.subheader("Briefing pack and deck")
problem = export.chromium_problem()
if problem:
    st.warning(problem)
else:
    briefing_downloads(brief)

st.subheader("Charts")
size = image_size(url)
for spec in registry():
    with st.container(border=True):
        st.markdown(f"**{escape_markdown(spec.title)}**")
        with st.expander("Alt text (also written into the pack, and into the deck for the charts it shows)"):
            st.caption(escape_markdown(spec.alt_text(brief)))
        chart_downloads(spec.key, size)
url.finish()
