"""Map: where the report places things (Kursk) and how it links the states involved (strategic view)."""

from functools import partial

import streamlit as st

from kursk_brief.app.ui import figure, get_brief, show_chart, status_caption
from kursk_brief.app.urls import UrlView
from kursk_brief.charts.geography import (
    VIEWS,
    operational_alt_text,
    operational_figure,
    place_from_selection,
    strategic_alt_text,
    strategic_figure,
)
from kursk_brief.charts.geography.geodata import places_inside
from kursk_brief.charts.views import OperationalView, StrategicView
from kursk_brief.data.queries import actor_names, facts_view, filter_facts, place_names
from kursk_brief.words.escape import escape_markdown

brief = get_brief()
places = place_names(brief)
names = actor_names(brief)

st.title("Map")
url = UrlView()
st.caption(
    "Drawn offline from Natural Earth boundaries. Operational: the region the report names and its neighbours (the "
    "report does not say where in the region); strategic: which states "
    "the report links. Every note and link is labelled on the chart with its status and paragraphs; click a place "
    "marker (or pick a place below) to list the facts placed there."
)
left, right = st.columns([1, 2])
view = url.bind(left.segmented_control, "View", VIEWS, key="view", what="map view", default=VIEWS[0], required=True)
actor = url.pick_one(
    right,
    "Actor (strategic view: their links in colour, the rest in grey)",
    names,
    key="actor",
    what="actor",
    placeholder="All actors",
)
operational = view == VIEWS[0]


def pick_clicked_place(chart_key: str) -> None:
    """A click on a place marker chooses that place in the picker below, and so in the URL."""
    clicked = place_from_selection(st.session_state[chart_key].selection.points, brief)
    if clicked:
        st.session_state["place"] = clicked


shown = OperationalView() if operational else StrategicView(highlight=actor)  # the operational map has no highlight
chart = figure(operational_figure if operational else strategic_figure, **shown.arguments())
key = "kursk-map" if operational else "strategic-map"
name = f"kursk-brief-{key}"
alt = operational_alt_text(brief) if operational else strategic_alt_text(brief, actor)
show_chart(key, chart, alt, url, shown, on_select=partial(pick_clicked_place, name), selection_mode="points", key=name)

st.subheader("Facts by place and actor")
left, right = st.columns([1, 3])
place = url.pick_one(left, "Facts at place", places, key="place", what="place", placeholder="All places")
with right:
    if place or actor:
        # A place includes what lies inside it (the Kursk region and Moscow are in Russia), as the Timeline counts.
        within = sorted(places_inside(brief)[place]) if place else None
        facts = filter_facts(brief.facts, places=within, actors=[actor] if actor else None)
        where = f" in {escape_markdown(places[place])}" if place else ""
        who = f" naming {escape_markdown(names[actor])}" if actor else ""
        st.markdown(f"**{len(facts)}** {'fact' if len(facts) == 1 else 'facts'}{where}{who}")
        st.dataframe(
            facts_view(brief, facts)[["status", "summary", "citation", "id"]],
            hide_index=True,
            width="stretch",
        )
    else:  # unfiltered, the table would be the Facts page's own; without it the page also draws its chart sooner
        st.markdown("Pick a place (or click its marker), or an actor, to list the facts at it or naming them here.")
        st.page_link(
            "kursk_brief/app/pages/facts.py",
            label=f"All {len(brief.facts):,} facts: the Facts page",
            icon=":material/table_rows:",
        )
status_caption()
url.finish()
