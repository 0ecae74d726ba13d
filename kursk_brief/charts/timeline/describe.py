"""The timeline in words: an event's hover text, the chart's alt text and the facts it draws.

Composed from the same rows and view as the figure (`query`), so that what a reader hears matches what is drawn.
"""

from __future__ import annotations

import pandas as pd

from kursk_brief.charts.look import STATUS_LABELS
from kursk_brief.charts.timeline.query import PRESETS, drawn_as, timeline_view
from kursk_brief.data.brief import Brief
from kursk_brief.data.phrases import citation, id_list, paragraph_marks
from kursk_brief.schema.rows import Status
from kursk_brief.words.escape import escape_plotly


def hover_text(brief: Brief, event: pd.Series, names: dict[str, str]) -> str:
    """What hovering an event's mark shows: its status, the report's words, how it is drawn, who, and the citation."""
    facts = brief.facts.loc[brief.facts["event_id"] == event["event_id"], "fact_id"].tolist()
    who = ", ".join(names[a] for a in event["actor_ids"]) or "not stated"
    lines = [
        f"<b>{escape_plotly(event['title'])}</b>",
        f"{STATUS_LABELS[Status(event['status'])]} · precision: {event['precision']}",
        f"Report's words: {escape_plotly(event['date_text'] or 'none')}",
        f"Drawn: {drawn_as(event)}",
        escape_plotly(event["date_basis"]),
        f"Involved: {escape_plotly(who)}",
        escape_plotly(citation(brief, event["source_id"], event["paragraphs"])),
        f"Facts: {id_list(facts) or 'none'}",
    ]
    return "<br>".join(lines)


def alt_text(brief: Brief, actor: str | None = None, place: str | None = None, preset: str = PRESETS[0]) -> str:
    """A sentence per drawn event, built from the rows, for screen readers, the pack and the deck; a view narrowed to
    an actor, a place or a range says so first, in the chart's own notes, and describes only what it draws."""
    focus, events, visible, notes, _ = timeline_view(brief, actor, place, preset)
    drawn = events[events.index.isin(visible.index) | events["start"].isna()]
    parts = [
        f"{event['title']} ({event['status']}): {drawn_as(event)} ({paragraph_marks(event['paragraphs'])})."
        for _, event in drawn.iterrows()
    ]
    whose = f" ({focus})" if focus else ""
    return " ".join([f"Timeline of the report's events{whose}, as of {brief.as_of:%d %B %Y}.", *notes, *parts])


def fact_ids(brief: Brief) -> list[str]:
    """The facts tied to a drawn event."""
    return brief.facts.loc[brief.facts["event_id"].notna(), "fact_id"].tolist()
