"""Story: the figures later pages gave for the same quantities, each with its speaker, hedge, scope and page; where
organisations disagree; where a relay changed what it relayed; and what changed since a day the reader picks."""

from datetime import date
from functools import partial

import streamlit as st

from kursk_brief.app.story_parts import FINDINGS_SHOWN, change_lines, more_findings, version_lines
from kursk_brief.app.ui import download, figure, get_brief, show_figure, story_downloads
from kursk_brief.app.urls import UrlView
from kursk_brief.charts.claims import ClaimsView, claims_alt_text, claims_figure
from kursk_brief.charts.look import SCREEN
from kursk_brief.data.claims import (
    VIEW_COLUMNS,
    changes,
    claims_view,
    disagreements_among,
    latest_date,
    published_by,
    relay_findings,
)
from kursk_brief.out.export import facts_csv
from kursk_brief.words.escape import escape_markdown

brief = get_brief()
every = claims_view(brief)
by_id = every.set_index("claim_id")

st.title("Story")
url = UrlView()
st.caption(
    "Figures later pages gave on the same quantities, each as its page gives it: the hedge words verbatim, the "
    "original speaker apart from the outlet that wrote the story and the site that stores it. Figures of different "
    "scopes never share a chart."
)
if every.empty:
    st.info("The data holds no claims (`claims.csv` is empty).")
    url.finish()
    st.stop()

latest = latest_date(brief)
left, right = st.columns(2)
as_of = url.day(left.date_input, "As of (published by)", key="as_of", value=latest, max_value=latest)
since = url.day(right.date_input, "What changed since", key="since", value=brief.as_of, max_value=latest)
as_of = as_of if isinstance(as_of, date) else latest
since = since if isinstance(since, date) else brief.as_of
current = as_of >= latest  # the story as it stands: pages whose text gives no date are part of it
claims = every if current else published_by(every, as_of)
undated = int(every["published"].eq("").sum())
pages = claims["source_id"].nunique()
st.markdown(
    f"**{len(claims):,}** claims from **{pages:,}** pages and reports published by {as_of:%-d %b %Y}"
    + ("" if current else f"; {undated} claims whose page gives no date are left out before the latest day")
)

measures = brief.measures.set_index("measure_id")
counted = claims["measure_id"].value_counts()
quantities = list(dict.fromkeys(measures.loc[measures.index.isin(counted.index), "quantity"]))
if not quantities:
    st.info(f"No claim was published by {as_of:%-d %b %Y}.")
    url.finish()
    st.stop()


def forget_measure() -> None:
    """Another quantity offers other measures: its first is shown, not a measure it does not have."""
    st.session_state.pop("measure", None)
    st.query_params.pop("measure", None)


quantity = url.bind(
    st.segmented_control,
    "Quantity",
    quantities,
    key="quantity",
    what="quantity",
    default=quantities[0],
    required=True,
    on_change=forget_measure,
    format_func=escape_markdown,  # a segmented control renders its labels as markdown
)
# Picked, and bound to `?measure=`, by its label as other pickers are by names: a link reads as what it shows.
labels = {
    measures.loc[m, "label"]: m
    for m in measures.index
    if m in counted.index and measures.loc[m, "quantity"] == quantity
}
measure = labels[url.bind(st.selectbox, "Measure", list(labels), key="measure", what="measure")]
st.markdown(f"**{counted[measure]:,}** claims on this measure")

view = ClaimsView(measure, None if current else as_of)
alt = claims_alt_text(brief, view)
show_figure(
    figure(claims_figure, view, SCREEN),
    alt,
    f"kursk-brief-story-{measure}",
    "story-downloads",
    url,
    partial(story_downloads, view),
)

st.subheader(f"What changed between {since:%-d %b %Y} and {as_of:%-d %b %Y}")
for line in change_lines(brief, changes(brief, since, as_of), by_id, measure):
    st.markdown(line)

st.subheader("Where organisations disagree")
found = [d for d in disagreements_among(brief, claims) if d.measure_id == measure]
if not found:
    st.markdown("No two organisations give claims on this measure that cannot both hold (the rule is below).")
for disagreement in found[:FINDINGS_SHOWN]:
    one, other = (escape_markdown(org) for org in disagreement.organisations)
    with st.container(border=True):
        st.markdown(f"**{one}** and **{other}**, {disagreement.start:%-d %b} – {disagreement.end:%-d %b %Y}")
        st.markdown(version_lines(by_id, disagreement.claim_ids))
if more := more_findings(FINDINGS_SHOWN, len(found), "pairs of organisations that disagree"):
    st.markdown(more)
st.caption(
    "Flagged when two organisations' figures given within a week cannot both hold (a hedged figure counts as ±10 %, "
    "a bound as open on one side), or when one answers no or not confirmed after another's yes."
)

st.subheader("One statement, several versions")
shown_ids = set(claims["claim_id"])
relayed = [r for r in relay_findings(brief) if r.measure_id == measure and shown_ids.issuperset(r.claim_ids)]
if not relayed:
    st.markdown("No statement on this measure reaches us in versions that differ.")
for finding in relayed[:FINDINGS_SHOWN]:
    with st.container(border=True):
        st.markdown(f"**{len(finding.claim_ids)} versions differ in {', '.join(finding.differs)}**")
        st.markdown(version_lines(by_id, finding.claim_ids))
if more := more_findings(FINDINGS_SHOWN, len(relayed), "statements whose versions differ"):
    st.markdown(more)

st.subheader("Every claim on this measure")
table = claims[claims["measure_id"] == measure][list(VIEW_COLUMNS)]
st.dataframe(
    table, hide_index=True, width="stretch", column_config={"summary": st.column_config.TextColumn(width="large")}
)
download(st, "Download these claims as CSV", lambda: facts_csv(table), f"kursk-brief-claims-{measure}.csv", "text/csv")
url.finish()
