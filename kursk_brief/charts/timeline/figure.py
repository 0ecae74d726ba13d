"""The timeline figure: the plan (`plan`) of a view (`query`) drawn as Plotly traces, annotations and shapes.

Dated events get a mark by precision (point, bar, hatched window) and a label beside or above it, the report's
publication a dotted line; undated events a marker and their title in their own panel, with no date axis.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from kursk_brief.charts import layout
from kursk_brief.charts.look import (
    SCREEN,
    STATUS_DASH,
    STATUS_PATTERN,
    STATUS_SYMBOL,
    Draft,
    Frame,
    Look,
)
from kursk_brief.charts.timeline.describe import hover_text
from kursk_brief.charts.timeline.plan import UNDATED_HEADING, Plan, Row, end_exclusive, fitted, timeline_plan
from kursk_brief.charts.timeline.query import PRESETS, timeline_view
from kursk_brief.data.brief import Brief
from kursk_brief.data.queries import actor_names
from kursk_brief.schema.rows import Precision, Status
from kursk_brief.words import wording
from kursk_brief.words.escape import escape_plotly

TITLE = "Timeline: what happened, what is expected, what is undated"
NOTHING_DRAWN = "No event to draw: the notes above say what this view leaves out."
NO_EVENTS = "No event to draw: the data holds no events."


def timeline_figure(
    brief: Brief,
    *,
    actor: str | None = None,
    place: str | None = None,
    preset: str = PRESETS[0],
    look: Look = SCREEN,
) -> go.Figure:
    """The framed timeline: dated events on a date axis, one row each under its lane; undated events apart below.

    Laid out in canvas pixels for `look`: the titles in a left column, each mark's status and date words beside the
    mark (or above it when neither side has room), the report's publication as a dotted line. With `actor` or
    `place` only their events are drawn and the title names them, so the view exports as it is shown. The plot area
    ends with the rows drawn, a fixed canvas placing them and the key mid-height (`fitted`); a view that draws
    nothing says so in a line of text.
    """
    focus, events, visible, notes, (low, high) = timeline_view(brief, actor, place, preset)
    source = f"{brief.report['citation_label']}; windows for vague expectations are assumptions, stated on the chart"
    title = wording.view_title(TITLE, focus) if focus else TITLE
    frame = Frame(look, title, source, brief.as_of, subtitle=" ".join(notes))
    undated = events[events["start"].isna()]
    plan = timeline_plan(visible, undated, frame.plot_area(), look, low, high, look.px(16))
    spare = frame.plot_area().height - plan.height
    if spare > 0 and not look.fit_height:  # spread the rows over a fixed canvas, up to twice their usual spacing
        lines = len(plan.rows) + len(plan.undated) + 2
        plan = timeline_plan(
            visible, undated, frame.plot_area(), look, low, high, look.px(16) + min(spare / lines, look.px(16))
        )
    empty = "" if plan.rows or plan.undated else NOTHING_DRAWN if notes else NO_EVENTS
    frame, plot, above = fitted(frame, plan.height or layout.text_size(empty, look.text_px)[1], centred=not empty)
    fig = Draft()
    _draw_dated(fig, brief, plan, look, low, high)
    _draw_undated(fig, brief, plan, look)
    # Shares of the plot height, from the top of what is drawn (`above` the spare band over it); content taller than
    # a fixed export canvas (hostile data) is clipped, never an error, and a title that fills the canvas (a filter on
    # an actor with a very long name) leaves a plot height of zero.
    height = max(plot.height, 1.0)
    top = 1 - above / height
    if empty:
        fig.add_annotation(x=0, y=top, xref="paper", yref="paper", text=empty, xanchor="left", yanchor="top")
    dated_share = min(plan.dated_height / height, top)
    undated_top = min((above + plan.dated_height + plan.tick_band + plan.gap) / height, 0.99)
    fig.update_layout(
        xaxis={
            "type": "date",
            "visible": bool(plan.rows),  # no dated row, no date axis: its ticks would stand on nothing
            "range": [low.isoformat(), high.isoformat()],
            "domain": [plan.date_left / plot.width, 1],
            "showgrid": True,
            "dtick": plan.dtick,
            "tick0": plan.tick0,
            "tickformat": plan.tickformat,
            "fixedrange": True,
            "automargin": False,
        },
        yaxis={
            "range": [plan.dated_height, 0],
            "domain": [top - dated_share, top],
            "visible": False,
            "fixedrange": True,
        },
        xaxis2={"type": "linear", "range": [0, plot.width], "visible": False, "anchor": "y2", "fixedrange": True},
        yaxis2={
            "range": [plan.undated_height, 0],
            "domain": [max(0.0, 1 - undated_top - plan.undated_height / height), 1 - undated_top],
            "visible": False,
            "anchor": "x2",
            "fixedrange": True,
        },
    )
    return frame.apply(fig, plot)


def _draw_dated(fig: go.Figure, brief: Brief, plan: Plan, look: Look, low: date, high: date) -> None:
    """The dated panel: the publication line, then each row's title with a lane's rule or an event's mark and label."""
    names, gap = actor_names(brief), look.px(16)
    if plan.rows:
        _draw_publication(fig, brief, plan, look, low, high)
    for row in plan.rows[1:]:
        centre = row.top + row.height - look.px(15) if row.side.startswith("above") else row.top + row.height / 2
        half = layout.text_size(row.text, look.text_px)[1] / 2
        fig.add_annotation(
            x=0,
            y=min(max(centre, row.top + half), row.top + row.height - half) if row.event is not None else row.top,
            xref="paper",
            yref="y",
            text=row.text,
            xanchor="left",
            yanchor="middle" if row.event is not None else "top",
            align="left",
        )
        if row.event is None:
            fig.add_shape(
                type="line",
                xref="paper",
                yref="y",
                x0=0,
                x1=1,
                y0=row.top - gap / 2,
                y1=row.top - gap / 2,
                line={"color": look.palette.faint, "width": look.px(1)},
            )
            continue
        _add_mark(fig, brief, row.event, centre, look, names)
        _add_label(fig, row, centre, look, low, high)


def _draw_publication(fig: go.Figure, brief: Brief, plan: Plan, look: Look, low: date, high: date) -> None:
    """The report's publication as a dotted line down the dated panel, labelled on its first line (right of the line
    where the label fits before the axis ends, else left of it)."""
    colours, gap = look.palette, look.px(16)
    published = brief.as_of.isoformat()
    fig.add_trace(
        go.Scatter(
            x=[published, published],
            y=[look.text_px * 0.8, plan.dated_height],
            mode="lines",
            line={"color": colours.ink, "width": look.px(2), "dash": "dot"},
            customdata=[["publication"]] * 2,
            hovertext=[escape_plotly(brief.report["published_note"] or "")] * 2,
            hoverinfo="text",
            name="Report published",
        )
    )
    right_room = (high - brief.as_of).days / max((high - low).days, 1) * plan.date_width
    label = f"Report published {brief.as_of:%d %b %Y} (as of)"
    fits_right = right_room >= layout.line_width(label, look.text_px) + gap
    fig.add_annotation(
        x=published,
        y=0,
        xref="x",
        yref="y",
        text=label,
        xanchor="left" if fits_right else "right",
        yanchor="top",
        xshift=gap / 2 if fits_right else -gap / 2,
        bgcolor=colours.background,
    )


def _add_label(fig: go.Figure, row: Row, centre: float, look: Look, low: date, high: date) -> None:
    """An event's status and date words on the side of its mark the plan chose: above it (from the mark, or flush
    with the plot's right edge), or beside it at the mark's height."""
    event, gap, background = row.event, look.px(16), look.palette.background
    if row.side.startswith("above"):
        flush_right = row.side == "above-right"
        fig.add_annotation(
            x=high.isoformat() if flush_right else max(event["start"], low.isoformat()),
            y=row.top,
            xref="x",
            yref="y",
            text=row.label,
            xanchor="right" if flush_right else "left",
            yanchor="top",
            align="left",
            bgcolor=background,
        )
        return
    right = row.side == "right"
    end = end_exclusive(event) if event["start"] != event["end"] else event["end"]
    fig.add_annotation(
        x=end if right else max(event["start"], low.isoformat()),
        y=centre,
        xref="x",
        yref="y",
        text=row.label,
        xanchor="left" if right else "right",
        yanchor="middle",
        bgcolor=background,
        xshift=gap if right else -gap,
        align="left" if right else "right",
    )


def _add_mark(fig: go.Figure, brief: Brief, event: pd.Series, y: float, look: Look, names: dict) -> None:
    """A point for a day, a bar for a month or a span since, a hatched dashed window for an expectation."""
    status = Status(event["status"])
    colour = look.palette.status[status]
    common = {
        "customdata": [[event["event_id"]]],
        "hovertext": [hover_text(brief, event, names)],
        "hoverinfo": "text",
        "name": escape_plotly(event["title"]),
    }
    if event["start"] == event["end"]:
        fig.add_trace(
            go.Scatter(
                x=[event["start"]],
                y=[y],
                mode="markers",
                marker={
                    "symbol": STATUS_SYMBOL[status],
                    "size": look.px(24),
                    "color": colour,
                    "line": {"width": look.px(3), "color": colour},
                },
                **common,
            )
        )
        return
    window, since = event["precision"] == Precision.RELATIVE, event["precision"] == Precision.SINCE
    half = look.px(14 if window else 10)
    start, end = event["start"], end_exclusive(event)
    fig.add_trace(
        go.Scatter(
            x=[start, end, end, start, start],
            y=[y - half, y - half, y + half, y + half, y - half],
            mode="lines",
            fill="toself",
            fillcolor=look.palette.background if window else _translucent(colour, 0.4 if since else 1.0),
            fillpattern={"shape": STATUS_PATTERN[status], "fgcolor": colour, "size": look.px(12), "solidity": 0.3}
            if STATUS_PATTERN[status]
            else None,
            line={"color": colour, "width": look.px(2.5), "dash": STATUS_DASH[status]},
            hoveron="fills+points",
            **{**common, "customdata": common["customdata"] * 5, "hovertext": common["hovertext"] * 5},
        )
    )


def _translucent(hex_colour: str, alpha: float) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def _draw_undated(fig: go.Figure, brief: Brief, plan: Plan, look: Look) -> None:
    if not plan.undated:
        return
    names = actor_names(brief)
    fig.add_annotation(
        x=0, y=0, xref="x2", yref="y2", text=UNDATED_HEADING, xanchor="left", yanchor="top", align="left"
    )
    marker = look.px(22)
    for event, text, x, top in plan.undated:
        status = Status(event["status"])
        colour = look.palette.status[status]
        fig.add_trace(
            go.Scatter(
                x=[x + marker / 2],
                y=[top + look.text_px * 0.65],
                xaxis="x2",
                yaxis="y2",
                mode="markers",
                marker={
                    "symbol": STATUS_SYMBOL[status],
                    "size": marker,
                    "color": colour,
                    "line": {"width": look.px(3), "color": colour},
                },
                customdata=[[event["event_id"]]],
                hovertext=[hover_text(brief, event, names)],
                hoverinfo="text",
                name=escape_plotly(event["title"]),
            )
        )
        fig.add_annotation(
            x=x + marker + look.px(12),
            y=top,
            xref="x2",
            yref="y2",
            text=text,
            xanchor="left",
            yanchor="top",
            align="left",
        )
