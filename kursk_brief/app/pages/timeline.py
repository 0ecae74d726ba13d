"""Timeline: when things happened, what is expected next, and what the report leaves undated."""

import streamlit as st

from kursk_brief.app.ui import figure, get_brief, show_chart, status_caption
from kursk_brief.app.urls import UrlView
from kursk_brief.charts.timeline import PRESETS, alt_text, event_table, filter_events, timeline_figure
from kursk_brief.charts.views import TimelineView
from kursk_brief.data.queries import actor_names, place_names
from kursk_brief.words.escape import escape_markdown
from kursk_brief.words.wording import filter_words

brief = get_brief()
names, places = actor_names(brief), place_names(brief)

st.title("Timeline")
url = UrlView()
st.caption(
    "Each event is drawn only as precisely as the report dates it: a day as a point, a month as a span, "
    "an expectation as a shaded window with stated assumed bounds; undated events have their own lane."
)
left, middle, right = st.columns([2, 1, 1])
preset = url.bind(
    left.segmented_control, "Range", PRESETS, key="range", what="range", default=PRESETS[0], required=True
)
actor = url.pick_one(middle, "Actor", names, key="actor", what="actor", placeholder="All actors")
place = url.pick_one(right, "Place", places, key="place", what="place", placeholder="All places")
events = filter_events(brief, actor=actor, place=place)
count = st.container()  # always there, so that the widgets below keep their place (and URL binding)
if actor or place:
    words = filter_words(names[actor] if actor else None, places[place] if place else None)
    count.markdown(f"**{len(events)}** of {len(brief.events)} events: {escape_markdown(words)}")
view = TimelineView(actor=actor, place=place, preset=preset)
show_chart("timeline", figure(timeline_figure, **view.arguments()), alt_text(brief, **view.arguments()), url, view)
status_caption()

# Drawn only once opened: closed, the page loads no table code, and its chart draws sooner (a cold visit and twenty at
# once spent about 0.3 s less of the browser's time per visit).
st.subheader("The same events as a table")
with st.expander("Open the table", key="events-table", on_change="rerun") as table:
    if table.open:
        st.dataframe(event_table(brief, events), hide_index=True, width="stretch")
url.finish()
