"""Facts: every row of the curated table, searchable and filterable, with its status and citation."""

import streamlit as st

from kursk_brief.export import facts_csv, facts_xlsx
from kursk_brief.facts import actor_names, facts_view, filter_facts, place_names
from kursk_brief.schema import FactKind, Status
from kursk_brief.ui import download, get_brief, shared_filter, status_caption

brief = get_brief()
names = actor_names(brief)
places = place_names(brief)
paragraph_choices = sorted({p for ps in brief.facts["paragraphs"] for p in ps})

st.title("Facts")
st.caption("Each row is one fact from the report, in our words; quoted speech is on the Actors page.")

url_actor, url_place = shared_filter(brief, "actor"), shared_filter(brief, "place")
with st.container(border=True):
    text = st.text_input("Search", placeholder="e.g. China, 8,000, Kursk")
    left, middle, right = st.columns(3)
    kinds = left.multiselect("Kind", [k.value for k in FactKind])
    statuses = left.multiselect("Status", [s.value for s in Status], format_func=str.upper)
    actors = middle.multiselect(
        "Actor", list(names), default=[url_actor] if url_actor else [], format_func=names.__getitem__
    )
    chosen_places = middle.multiselect(
        "Place", list(places), default=[url_place] if url_place else [], format_func=places.__getitem__
    )
    paragraphs = right.multiselect("Paragraph", paragraph_choices, format_func=lambda p: f"¶{p}")

selection = filter_facts(
    brief.facts,
    text=text,
    kinds=kinds,
    statuses=statuses,
    actors=actors,
    places=chosen_places,
    paragraphs=paragraphs,
)
view = facts_view(brief, selection)
st.markdown(f"**{len(view)}** of {len(brief.facts)} facts")
st.dataframe(
    view,
    hide_index=True,
    width="stretch",
    height=min(38 + 35 * len(view), 640),
    column_config={
        "summary": st.column_config.TextColumn(width="large"),
        "citation": st.column_config.TextColumn(width="medium"),
    },
)
status_caption()

left, right = st.columns(2)
download(left, "Download selection as CSV", lambda: facts_csv(view), "kursk-brief-facts.csv", "text/csv")
download(
    right,
    "Download selection as XLSX",
    lambda: facts_xlsx(view, brief),
    "kursk-brief-facts.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)

with st.expander("Sources"):
    st.dataframe(brief.sources.drop(columns="line"), hide_index=True, width="stretch")
