"""Map: where the report places things (Kursk) and how it links the states involved (strategic view)."""

import streamlit as st

from kursk_brief.facts import facts_view, filter_facts, place_names
from kursk_brief.geography import (
    operational_alt_text,
    operational_figure,
    place_from_selection,
    strategic_alt_text,
    strategic_figure,
)
from kursk_brief.style import plotly_config
from kursk_brief.text import escape_markdown
from kursk_brief.ui import chart_downloads, figure, get_brief, shared_filter, status_caption

VIEWS = ("Operational: Kursk region", "Strategic: who is linked to whom")

brief = get_brief()
places = place_names(brief)

st.title("Map")
st.caption(
    "Drawn offline from Natural Earth boundaries. Hover a shape, marker or link for its facts; click a place "
    "marker (or pick a place on the right) to list the facts placed there."
)
url_place, url_actor = shared_filter(brief, "place"), shared_filter(brief, "actor")
view = st.segmented_control("View", VIEWS, default=VIEWS[0], key="view") or VIEWS[0]
operational = view == VIEWS[0]

chart = figure(operational_figure if operational else strategic_figure)
name = "kursk-brief-kursk-map" if operational else "kursk-brief-strategic-map"
event = st.plotly_chart(
    chart, width="stretch", config=plotly_config(name), on_select="rerun", selection_mode="points", key=name
)
st.caption(f"Alt text: {escape_markdown(operational_alt_text(brief) if operational else strategic_alt_text(brief))}")
with st.expander("Download this chart"):
    chart_downloads("kursk-map" if operational else "strategic-map")
clicked = place_from_selection(event.selection.points, brief) if event else None

st.subheader("Facts at the selected place")
left, right = st.columns([1, 3])
with left:
    options = [None, *places]
    start = options.index(url_place) if url_place else 0
    chosen = st.selectbox("Facts at place", options, index=start, format_func=lambda p: places.get(p, "All places"))
    place = clicked or chosen
    if clicked:
        st.info(f"Selected on the map: **{escape_markdown(places[clicked])}**")
facts = filter_facts(brief.facts, places=[place] if place else None, actors=[url_actor] if url_actor else None)
with right:
    st.markdown(f"**{len(facts)}** facts" + (f" at {escape_markdown(places[place])}" if place else ""))
    st.dataframe(
        facts_view(brief, facts)[["status", "summary", "citation", "id"]],
        hide_index=True,
        width="stretch",
        height=420,
    )
status_caption()
