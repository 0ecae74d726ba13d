"""The timeline: each event drawn only as precisely as the report dates it.

A day is a point, a month a span, a vague expectation a shaded window whose assumed bounds are spelled out, and an
undated event sits in its own lane with no date axis at all, so the chart never suggests a date the report lacks.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from kursk_brief.facts import Brief, actor_names, citation, id_list, overlaps, paragraph_marks
from kursk_brief.schema import Lane, Precision, Status
from kursk_brief.style import (
    SCREEN,
    STATUS_DASH,
    STATUS_LABELS,
    STATUS_SYMBOL,
    Look,
    frame_figure,
    wrap,
)
from kursk_brief.text import escape_plotly

LANES = [Lane.MILITARY, Lane.DIPLOMATIC, Lane.STATEMENTS]
REPORT_LANE = "the report"
PRESETS = ("Since the August incursion", "Week around the announcement")
TITLE = "Timeline: what happened, what is expected, what is undated"
UNDATED_COLUMNS = 2


def lane_labels() -> list[str]:
    return [lane.value for lane in LANES] + [REPORT_LANE]


def filter_events(events: pd.DataFrame, actor: str | None = None, place: str | None = None) -> pd.DataFrame:
    """Events involving an actor and/or at a place: the same shared filters the other views take from the URL."""
    keep = pd.Series(True, index=events.index)
    if actor:
        keep &= overlaps(events["actor_ids"], [actor])
    if place:
        keep &= events["place_id"] == place
    return events[keep]


def event_table(brief: Brief, events: pd.DataFrame) -> pd.DataFrame:
    """The chart's content as a table, for screen readers and copying."""
    facts = brief.facts
    return pd.DataFrame(
        {
            "event": events["title"],
            "lane": events["lane"],
            "status": events["status"].str.upper(),
            "precision": events["precision"],
            "report's words": events["date_text"].fillna("none"),
            "drawn as": [_drawn_as(row) for _, row in events.iterrows()],
            "date basis": events["date_basis"],
            "citation": [citation(brief, s, p) for s, p in zip(events["source_id"], events["paragraphs"], strict=True)],
            "facts": [", ".join(facts.loc[facts["event_id"] == e, "fact_id"]) for e in events["event_id"]],
            "id": events["event_id"],
        },
        index=events.index,
    )


def _drawn_as(event: pd.Series) -> str:
    if event["start"] is None:
        return "undated lane"
    derived = " (derived)" if event["date_status"] == "derived" else ""
    if event["start"] == event["end"]:
        return f"point on {event['start']}{derived}"
    kind = {Precision.RELATIVE: "window", Precision.SINCE: "open-ended span"}.get(event["precision"], "span")
    return f"{kind} {event['start']} to {event['end']}{derived}"


def preset_range(brief: Brief, preset: str) -> tuple[date, date]:
    """Date-axis range of a preset, worked out from the events so that new data moves it too."""
    dated = brief.events[brief.events["start"].notna()]
    starts = [date.fromisoformat(d) for d in dated["start"]]
    ends = [date.fromisoformat(d) for d in dated["end"]]
    if preset == PRESETS[0]:
        return min(starts) - timedelta(days=5), max([*ends, brief.as_of]) + timedelta(days=3)
    points = [s for s, e in zip(starts, ends, strict=True) if s == e and s <= brief.as_of]
    centre = max(points, default=brief.as_of)
    return centre - timedelta(days=4), centre + timedelta(days=4)


def _hover(brief: Brief, event: pd.Series, names: dict[str, str]) -> str:
    facts = brief.facts.loc[brief.facts["event_id"] == event["event_id"], "fact_id"].tolist()
    who = ", ".join(names[a] for a in event["actor_ids"]) or "not stated"
    lines = [
        f"<b>{escape_plotly(event['title'])}</b>",
        f"{STATUS_LABELS[Status(event['status'])]} · precision: {event['precision']}",
        f"Report's words: {escape_plotly(event['date_text'] or 'none')}",
        f"Drawn: {_drawn_as(event)}",
        escape_plotly(event["date_basis"]),
        f"Involved: {escape_plotly(who)}",
        escape_plotly(citation(brief, event["source_id"], event["paragraphs"])),
        f"Facts: {id_list(facts) or 'none'}",
    ]
    return "<br>".join(lines)


def timeline_figure(
    brief: Brief, events: pd.DataFrame | None = None, preset: str = PRESETS[0], look: Look = SCREEN
) -> go.Figure:
    """The framed timeline: dated lanes on a date axis above, the undated lane (no date axis) below."""
    events = brief.events if events is None else events
    names = actor_names(brief)
    colours = look.palette
    lanes = lane_labels()
    fig = make_subplots(rows=2, cols=1, row_heights=[0.68, 0.32], vertical_spacing=0.14)
    dated = events[events["start"].notna()]
    undated = events[events["start"].isna()]

    for _, event in dated.iterrows():
        _add_dated(fig, brief, event, lanes.index(event["lane"]), names, look)

    published = brief.as_of
    report = brief.report
    fig.add_trace(
        go.Scatter(
            x=[published.isoformat()],
            y=[lanes.index(REPORT_LANE)],
            mode="markers+text",
            marker={"symbol": "star", "size": look.px(20), "color": colours.ink},
            text=[f"Report published {published:%d %b %Y}  "],
            textposition="middle left",
            customdata=[["publication"]],
            hovertext=[
                f"<b>Report published</b><br>{escape_plotly(report['published_note'] or '')}<br>"
                f"{escape_plotly(citation(brief, report['source_id'], [1]))}"
            ],
            hoverinfo="text",
            name="Report published",
            legendgroup="report",
        ),
        row=1,
        col=1,
    )
    fig.add_vline(
        x=published.isoformat(), line={"color": colours.ink, "width": look.px(2), "dash": "dot"}, row=1, col=1
    )
    fig.add_annotation(
        x=published.isoformat(), y=1.02, xref="x", yref="y domain", text="as of", showarrow=False, yanchor="bottom"
    )

    for position, (_, event) in enumerate(undated.iterrows()):
        status = Status(event["status"])
        fig.add_trace(
            go.Scatter(
                x=[position % UNDATED_COLUMNS],
                y=[-(position // UNDATED_COLUMNS)],
                mode="markers+text",
                marker={
                    "symbol": STATUS_SYMBOL[status],
                    "size": look.px(18),
                    "color": colours.status[status],
                    "line": {"width": look.px(2), "color": colours.status[status]},
                },
                text=[wrap(escape_plotly(event["title"]), 30)],
                textposition="middle right",
                customdata=[[event["event_id"]]],
                hovertext=[_hover(brief, event, names)],
                hoverinfo="text",
                showlegend=False,
                name=escape_plotly(event["title"]),
            ),
            row=2,
            col=1,
        )

    low, high = preset_range(brief, preset)
    fig.update_xaxes(type="date", range=[low.isoformat(), high.isoformat()], showgrid=True, row=1, col=1)
    fig.update_yaxes(tickvals=list(range(len(lanes))), ticktext=lanes, range=[-0.7, len(lanes) - 0.3], row=1, col=1)
    rows = -(-len(undated) // UNDATED_COLUMNS)
    fig.update_xaxes(type="linear", visible=False, range=[-0.1, UNDATED_COLUMNS], row=2, col=1)
    fig.update_yaxes(visible=False, range=[-rows + 0.4, 0.6], row=2, col=1)
    fig.add_annotation(
        text="<b>Undated</b>: the report gives no date for these; they are not placed on the date axis",
        xref="x2 domain",
        yref="y2 domain",
        x=0,
        y=1.12,
        showarrow=False,
        xanchor="left",
    )
    _add_status_legend(fig, look)
    fig.update_layout(legend={"x": 1.01, "y": 1, "title": {"text": "Status"}})
    source = f"{brief.report['citation_label']}; windows for vague expectations are assumptions, stated on the chart"
    return frame_figure(fig, TITLE, source, brief.as_of, look).update_layout(margin_r=look.px(230))


def _add_dated(fig: go.Figure, brief: Brief, event: pd.Series, lane: int, names: dict[str, str], look: Look) -> None:
    status = Status(event["status"])
    colour = look.palette.status[status]
    hover = _hover(brief, event, names)
    derived = " (derived date)" if event["date_status"] == "derived" else ""
    label = f"{escape_plotly(event['title'])}{derived}"
    if event["start"] == event["end"]:
        fig.add_trace(
            go.Scatter(
                x=[event["start"]],
                y=[lane],
                mode="markers+text",
                marker={
                    "symbol": STATUS_SYMBOL[status],
                    "size": look.px(18),
                    "color": colour,
                    "line": {"width": look.px(2), "color": colour},
                },
                text=[wrap(label, 40) + "  "],
                textposition="middle left",
                customdata=[[event["event_id"]]],
                hovertext=[hover],
                hoverinfo="text",
                showlegend=False,
                name=escape_plotly(event["title"]),
            ),
            row=1,
            col=1,
        )
        return
    end_exclusive = (date.fromisoformat(event["end"]) + timedelta(days=1)).isoformat()
    window = event["precision"] == Precision.RELATIVE
    half = 0.28 if window else 0.16
    fig.add_trace(
        go.Scatter(
            x=[event["start"], end_exclusive, end_exclusive, event["start"], event["start"]],
            y=[lane - half, lane - half, lane + half, lane + half, lane - half],
            mode="lines",
            fill="toself",
            fillcolor=_transparent(colour, 0.22 if window else 0.55),
            fillpattern={"shape": "/", "fgcolor": colour, "size": look.px(10)} if window else None,
            line={"color": colour, "width": look.px(2), "dash": STATUS_DASH[status]},
            customdata=[[event["event_id"]]] * 5,
            hovertext=[hover] * 5,
            hoveron="fills+points",
            hoverinfo="text",
            showlegend=False,
            name=escape_plotly(event["title"]),
        ),
        row=1,
        col=1,
    )
    if window:
        assumed = f"'{escape_plotly(event['date_text'])}': assumed {event['start']} to {event['end']}"
        note = {"x": event["start"], "y": lane, "text": f"{wrap(label, 30)}<br><i>{assumed}</i>  ", "xanchor": "right"}
    else:
        note = {"x": event["start"], "y": lane + half, "text": wrap(label, 24), "xanchor": "left", "yanchor": "bottom"}
    fig.add_annotation(**note, showarrow=False, row=1, col=1)


def _add_status_legend(fig: go.Figure, look: Look) -> None:
    """Legend entries for the status styles (marker and line), so colour is never the only cue."""
    for status in Status:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers+lines",
                marker={"symbol": STATUS_SYMBOL[status], "size": look.px(14), "color": look.palette.status[status]},
                line={"color": look.palette.status[status], "dash": STATUS_DASH[status]},
                name=STATUS_LABELS[status],
                legendgroup="status",
            ),
            row=1,
            col=1,
        )


def _transparent(hex_colour: str, alpha: float) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def alt_text(brief: Brief) -> str:
    """A sentence per event, built from the rows, for screen readers, the pack and the deck."""
    parts = []
    for _, event in brief.events.iterrows():
        parts.append(
            f"{event['title']} ({event['status']}): {_drawn_as(event)} ({paragraph_marks(event['paragraphs'])})."
        )
    return f"Timeline of the report's events, as of {brief.as_of:%d %B %Y}. " + " ".join(parts)


def fact_ids(brief: Brief) -> list[str]:
    """The facts tied to a drawn event."""
    return brief.facts.loc[brief.facts["event_id"].notna(), "fact_id"].tolist()
