"""Timeline: when things happened, what is expected next, and what the report leaves undated."""

import streamlit as st

from kursk_brief.facts import actor_names, place_names
from kursk_brief.style import plotly_config
from kursk_brief.text import escape_markdown
from kursk_brief.timeline import PRESETS, alt_text, event_table, filter_events, timeline_figure
from kursk_brief.ui import chart_downloads, figure, get_brief, shared_filter, status_caption

brief = get_brief()

st.title("Timeline")
st.caption(
    "Each event is drawn only as precisely as the report dates it: a day as a point, a month as a span, "
    "an expectation as a shaded window with stated assumed bounds; undated events have their own lane."
)
actor, place = shared_filter(brief, "actor"), shared_filter(brief, "place")
if actor or place:
    chosen = actor_names(brief)[actor] if actor else place_names(brief)[place]
    st.info(f"Showing the events of **{escape_markdown(chosen)}** only. [Show all events](timeline)")

preset = st.segmented_control("Range", PRESETS, default=PRESETS[0], key="range") or PRESETS[0]
events = filter_events(brief.events, actor=actor, place=place)
st.plotly_chart(
    figure(timeline_figure, actor=actor, place=place, preset=preset),
    width="stretch",
    config=plotly_config("kursk-brief-timeline"),
)
st.caption(f"Alt text: {escape_markdown(alt_text(brief))}")
with st.expander("Download this chart"):
    chart_downloads("timeline")
status_caption()

st.subheader("The same events as a table")
st.dataframe(event_table(brief, events), hide_index=True, width="stretch")
