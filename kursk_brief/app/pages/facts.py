"""Facts: every row of the curated table, searchable and filterable, with its status and citation."""

from functools import partial

import streamlit as st

from kursk_brief.app.ui import download, get_brief, status_caption
from kursk_brief.app.urls import UrlView
from kursk_brief.data.queries import actor_names, facts_view, filter_facts, place_names
from kursk_brief.out.export import facts_csv, facts_xlsx
from kursk_brief.schema.rows import FactKind, Status
from kursk_brief.words.escape import escape_markdown

DETAIL = ("figure", "who", "addressed to", "about", "place", "citation", "derived_from")

brief = get_brief()
names = actor_names(brief)
places = place_names(brief)
paragraph_choices = sorted({p for ps in brief.facts["paragraphs"] for p in ps})

st.title("Facts")
url = UrlView()
st.caption(
    "Each row is a fact from the report in our words, or one the app worked out from such rows (DERIVED); quoted "
    "speech is on the Actors page."
)

with st.container(border=True):
    text = url.text(st.text_input, "Search", key="q", placeholder="e.g. China, 8,000, Kursk")
    left, middle, right = st.columns(3)
    kinds = url.bind(left.multiselect, "Kind", [k.value for k in FactKind], key="kind", what="kind of fact")
    statuses = url.bind(
        left.multiselect, "Status", [s.value for s in Status], key="status", what="status", format_func=str.upper
    )
    actors = url.bind(middle.multiselect, "Actor", list(names), key="actor", what="actor", format_func=names.get)
    chosen_places = url.bind(
        middle.multiselect, "Place", list(places), key="place", what="place", format_func=places.get
    )
    paragraphs = url.bind(right.multiselect, "Paragraph (¶)", paragraph_choices, key="para", what="paragraph")

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


def show_selected_row(ids: list[str]) -> None:
    """A row picked in the table is shown in full below it, and its id goes into the URL (`?fact=`)."""
    rows = st.session_state["facts-table"].selection.rows
    st.session_state["fact"] = ids[rows[0]] if rows else ""


st.markdown(f"**{len(view)}** of {len(brief.facts)} facts · pick a row to read it in full below the table")
st.dataframe(
    view,
    hide_index=True,
    width="stretch",
    height=min(38 + 35 * len(view), 640),
    column_config={
        "summary": st.column_config.TextColumn(width="large"),
        "citation": st.column_config.TextColumn(width="medium"),
    },
    on_select=partial(show_selected_row, view["id"].tolist()),
    selection_mode="single-row",
    key="facts-table",
)

# A typed id rather than a list of every id: the table may hold many thousands of rows.
fact_id = url.text(st.text_input, "Fact shown in full (id)", key="fact", placeholder="pick a row, or type a fact id")
chosen = brief.facts[brief.facts["fact_id"] == fact_id]
if fact_id and chosen.empty:
    url.notice("fact", [fact_id], "names no fact", [*brief.facts["fact_id"]])
elif fact_id:
    row = facts_view(brief, chosen).iloc[0]
    with st.container(border=True):
        st.markdown(f"**{row['status']}** · {escape_markdown(row['kind'])} · {escape_markdown(row['id'])}")
        st.markdown(escape_markdown(row["summary"]))
        for label in DETAIL:
            if row[label]:
                st.markdown(
                    f"**{escape_markdown(label.replace('_', ' ').capitalize())}**: {escape_markdown(row[label])}"
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
url.finish()
