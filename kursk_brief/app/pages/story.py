"""Story: the figures later pages gave for the same quantities, each with its speaker, hedge, scope and page; where
organisations disagree; and where a relay changed what it relayed."""

import streamlit as st

from kursk_brief.app.ui import download, figure, get_brief
from kursk_brief.app.urls import UrlView
from kursk_brief.charts.claims import ClaimsView, claims_alt_text, claims_figure
from kursk_brief.charts.look import SCREEN, plotly_config
from kursk_brief.data.claims import VIEW_COLUMNS, claims_view, disagreements, relay_findings
from kursk_brief.out.export import facts_csv
from kursk_brief.words.escape import escape_markdown

brief = get_brief()
claims = claims_view(brief)

st.title("Story")
url = UrlView()
st.caption(
    f"{len(claims):,} claims from {claims['citation'].str.split(', ¶').str[0].nunique():,} pages and reports on the "
    "same quantities, each as its page gives it: the hedge words verbatim, the original speaker apart from the outlet "
    "that wrote the story and the site that stores it. Figures of different scopes never share a chart."
)
if claims.empty:
    st.info("The data holds no claims (`claims.csv` is empty).")
    url.finish()
    st.stop()

measures = brief.measures.set_index("measure_id")
counted = claims["measure_id"].value_counts()
quantities = list(dict.fromkeys(measures.loc[measures.index.isin(counted.index), "quantity"]))
left, right = st.columns([1, 2])
quantity = url.bind(
    left.segmented_control,
    "Quantity",
    quantities,
    key="quantity",
    what="quantity",
    default=quantities[0],
    required=True,
)
# Picked, and bound to `?measure=`, by its label as other pickers are by names: a link reads as what it shows.
labels = {
    measures.loc[m, "label"]: m
    for m in measures.index
    if m in counted.index and measures.loc[m, "quantity"] == quantity
}
picked = url.bind(right.selectbox, "Measure", list(labels), key="measure", what="measure")
measure = labels[picked]
st.markdown(f"**{counted[measure]}** claims on this measure")

view = ClaimsView(measure)
chart = figure(claims_figure, view, SCREEN)
alt = claims_alt_text(brief, view)
st.plotly_chart(chart, width="stretch", theme=None, alt=alt, config=plotly_config(f"kursk-brief-story-{measure}"))
st.caption(f"Alt text: {escape_markdown(alt)}")
shown = claims[claims["measure_id"] == measure].set_index("claim_id", drop=False)


def version_line(claim_id: str) -> str:
    claim = shown.loc[claim_id] if claim_id in shown.index else claims.set_index("claim_id").loc[claim_id]
    site = f", read at {claim['site']}" if claim["site"] else ""
    day = f"{claim['date']:%-d %b %Y}" if claim["date"] else "undated"
    return (
        f"**{escape_markdown(claim['figure'])}**: {escape_markdown(claim['speaker'])}, {day}; "
        f"written by {escape_markdown(claim['outlet'])}{escape_markdown(site)} ({escape_markdown(claim['citation'])})"
    )


st.subheader("Where organisations disagree")
found = [d for d in disagreements(brief) if d.measure_id == measure]
if not found:
    st.markdown("No two organisations give claims on this measure that cannot both hold (see the rule below).")
for disagreement in found:
    one, other = (escape_markdown(org) for org in disagreement.organisations)
    with st.container(border=True):
        st.markdown(f"**{one}** and **{other}**, {disagreement.start:%-d %b} – {disagreement.end:%-d %b %Y}")
        st.markdown("\n".join(f"- {version_line(claim)}" for claim in disagreement.claim_ids))
st.caption(
    "Flagged when two organisations' figures given within a week cannot both hold (a hedged figure counts as ±10 %, "
    "a bound as open on one side), or when one answers no or not confirmed after another's yes."
)

st.subheader("One statement, several versions")
relayed = [r for r in relay_findings(brief) if r.measure_id == measure]
if not relayed:
    st.markdown("No statement on this measure reaches us in versions that differ.")
for finding in relayed:
    with st.container(border=True):
        st.markdown(f"**{len(finding.claim_ids)} versions differ in {', '.join(finding.differs)}**")
        st.markdown("\n".join(f"- {version_line(claim)}" for claim in finding.claim_ids))

st.subheader("Every claim on this measure")
table = shown[list(VIEW_COLUMNS)]
st.dataframe(
    table, hide_index=True, width="stretch", column_config={"summary": st.column_config.TextColumn(width="large")}
)
download(st, "Download these claims as CSV", lambda: facts_csv(table), f"kursk-brief-claims-{measure}.csv", "text/csv")
url.finish()
