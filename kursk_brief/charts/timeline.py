"""The timeline: each event drawn only as precisely as the report dates it.

A day is a point, a month a span, a vague expectation a shaded window whose assumed bounds are spelled out, and an
undated event sits in its own lane with no date axis at all, so the chart never suggests a date the report lacks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from kursk_brief.charts import layout
from kursk_brief.charts.look import (
    SCREEN,
    STATUS_DASH,
    STATUS_LABELS,
    STATUS_PATTERN,
    STATUS_SYMBOL,
    Draft,
    Frame,
    Look,
)
from kursk_brief.data.facts import Brief, actor_names, citation, id_list, overlaps, paragraph_marks, place_names
from kursk_brief.schema.rows import Lane, Precision, Status
from kursk_brief.words import wording
from kursk_brief.words.escape import escape_plotly

LANES = [Lane.MILITARY, Lane.DIPLOMATIC, Lane.STATEMENTS]
PRESETS = ("Since the August incursion", "Around the announcement")
TITLE = "Timeline: what happened, what is expected, what is undated"
UNDATED_HEADING = "<b>Undated</b>: the report gives no date for these; they are not placed on the date axis"
MIN_PLOT = 80
"""Least plot-area height (pixels at 1920×1080) of the timeline, however few rows a view draws."""
NOTHING_DRAWN = "No event to draw: the notes above say what this view leaves out."
NO_EVENTS = "No event to draw: the data holds no events."
TICK_STEPS = ((1, "%-d %b"), (2, "%-d %b"), (7, "%-d %b"), (14, "%-d %b"), (30, "%b %Y"))
"""Date-axis tick intervals in days, finest first, with their label format; the finest whose labels fit is used."""


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
    """Date-axis range of a preset, worked out from the events so that new data moves it too.

    Whatever the preset, every expected window is shown whole: a window cut off at the edge would read as a
    narrower expectation than the one stated.
    """
    dated = brief.events[brief.events["start"].notna()]
    starts = [date.fromisoformat(d) for d in dated["start"]]
    ends = [date.fromisoformat(d) for d in dated["end"]]
    if preset == PRESETS[0]:
        low, high = min(starts, default=brief.as_of) - timedelta(days=5), max([*ends, brief.as_of]) + timedelta(days=3)
    else:
        points = [s for s, e in zip(starts, ends, strict=True) if s == e and s <= brief.as_of]
        centre = max(points, default=brief.as_of)
        # More room before the centre than after it: a label with no room right of its mark is written to its left.
        low, high = centre - timedelta(days=8), centre + timedelta(days=4)
    windows = dated[dated["precision"] == Precision.RELATIVE]
    if len(windows):
        # A window is drawn up to the end of its last day, with room for its label left of its first day.
        low = min(low, *(date.fromisoformat(d) - timedelta(days=8) for d in windows["start"]))
        high = max(high, *(date.fromisoformat(d) + timedelta(days=2) for d in windows["end"]))
    return low, high


def window_text(start: str, end: str) -> str:
    """An ISO date span as a reader writes it: `31 Oct – 7 Nov 2024`."""
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    head = f"{first.day} {first:%b}" if first.year == last.year else f"{first.day} {first:%b %Y}"
    return f"{head} – {last.day} {last:%b %Y}"


def expected_next(brief: Brief, limit: int | None = None) -> pd.DataFrame:
    """What the report expects next, and when: each anticipated fact (or the first `limit`) with the window the
    timeline draws for it.

    The report dates none of these; it gives words such as 'within days'. The window is this app's assumption, so
    the row carries the report's words and the stated reason for the window beside it. A row the report gives no
    time for has neither words nor window (empty strings), and the timeline draws no window for it.
    """
    events = brief.events.set_index("event_id")
    facts = brief.facts[brief.facts["status"] == Status.ANTICIPATED].iloc[:limit]
    rows = []
    for _, fact in facts.iterrows():
        event = events.loc[fact["event_id"]] if fact["event_id"] in events.index else None
        dated = event is not None and event["start"] is not None
        rows.append(
            {
                "status": STATUS_LABELS[Status.ANTICIPATED],
                "expected": fact["summary"],
                "report's words": (event["date_text"] if event is not None else None) or "",
                "assumed window": window_text(event["start"], event["end"]) if dated else "",
                "why this window": event["date_basis"] if dated else "",
                "citation": citation(brief, fact["source_id"], fact["paragraphs"]),
                "id": fact["fact_id"],
            }
        )
    columns = ["status", "expected", "report's words", "assumed window", "why this window", "citation", "id"]
    return pd.DataFrame(rows, columns=columns)


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


@dataclass
class _Row:
    """One line of the dated panel: a lane heading or an event, with its label and where that label goes."""

    text: str
    event: pd.Series | None = None
    label: str = ""
    side: str = ""
    top: float = 0.0
    height: float = 0.0


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
    ends with the rows drawn, a fixed canvas placing them and the key mid-height (`_fitted`); a view that draws
    nothing says so in a line of text.
    """
    focus, events, visible, notes, (low, high) = _view(brief, actor, place, preset)
    source = f"{brief.report['citation_label']}; windows for vague expectations are assumptions, stated on the chart"
    title = wording.view_title(TITLE, focus) if focus else TITLE
    frame = Frame(look, title, source, brief.as_of, subtitle=" ".join(notes))
    undated = events[events["start"].isna()]
    plan = _plan(brief, visible, undated, frame.plot_area(), look, low, high, look.px(16))
    spare = frame.plot_area().height - plan.height
    if spare > 0 and not look.fit_height:  # spread the rows over a fixed canvas, up to twice their usual spacing
        lines = len(plan.rows) + len(plan.undated) + 2
        plan = _plan(
            brief, visible, undated, frame.plot_area(), look, low, high, look.px(16) + min(spare / lines, look.px(16))
        )
    empty = "" if plan.rows or plan.undated else NOTHING_DRAWN if notes else NO_EVENTS
    frame, plot, above = _fitted(frame, plan.height or layout.text_size(empty, look.text_px)[1], centred=not empty)
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


def _fitted(frame: Frame, content: float, centred: bool) -> tuple[Frame, layout.Box, float]:
    """The frame, a plot area that ends where the content drawn (at least `MIN_PLOT` tall) ends, and the blank height
    above that content in it, so that a filtered view has no empty band between its last row and the key.

    On screen the canvas itself shrinks or grows to the content's height, with nothing above it. A fixed export
    canvas keeps its size: the content and the key under it sit in the middle of the height the title leaves, the
    spare split above and below them, so that a view of one event is not a strip at the top of an empty slide (content
    taller than the canvas, from hostile data, starts under the title and is clipped at its foot, never an error).
    Not `centred`, the content stays right under the title: the line of a view that draws nothing points to the notes
    above it.
    """
    look, plot = frame.look, frame.plot_area()
    wanted = max(content, look.px(MIN_PLOT))
    if look.fit_height:
        frame = replace(frame, look=replace(look, height=look.height + wanted - plot.height))
        return frame, frame.plot_area(), 0.0
    above = max((plot.height - wanted) / 2, 0.0) if centred else 0.0
    return frame, replace(plot, y1=plot.y0 + max(min(above + wanted, plot.height), 0.0)), above


@dataclass
class _Plan:
    """Where everything of the timeline goes, in pixels of the plot area."""

    rows: list[_Row]
    undated: list[tuple[pd.Series, str, float, float]]
    date_left: float
    date_width: float
    dated_height: float
    tick_band: float
    gap: float
    undated_height: float
    dtick: float | str
    tick0: str
    tickformat: str

    @property
    def height(self) -> float:
        return self.dated_height + self.tick_band + self.gap + self.undated_height


def _plan(
    brief: Brief,
    dated: pd.DataFrame,
    undated: pd.DataFrame,
    plot: layout.Box,
    look: Look,
    low: date,
    high: date,
    gap: float,
) -> _Plan:
    px = look.text_px
    line = px * layout.LINE_SPACING
    titles = [escape_plotly(t) for t in dated["title"]]
    widest = max([layout.line_width(t, px) for t in titles] + [0.0])
    column = min(widest, max(plot.width * 0.3, 12 * px))
    date_left = column + gap * 2 if titles else 0.0
    date_width = plot.width - date_left
    span = max((high - low).days, 1)

    def at(day: str) -> float:
        return date_left + (date.fromisoformat(day) - low).days / span * date_width

    rows: list[_Row] = [_Row("")]  # the first line carries the publication label
    for lane in LANES:
        lane_events = dated[dated["lane"] == lane].sort_values("start", kind="stable")
        if lane_events.empty:
            continue
        rows.append(_Row(f"<b>{lane.value.capitalize()}</b>"))
        for _, event in lane_events.iterrows():
            label = f"{STATUS_LABELS[Status(event['status'])]} · {escape_plotly(wording.date_words(event))}"
            start = max(at(event["start"]), date_left)
            end = min(at(_end_exclusive(event)) if event["start"] != event["end"] else at(event["end"]), plot.width)
            label, side = _label_side(label, start, end, date_left, plot.width, gap, px)
            rows.append(_Row(layout.wrap(escape_plotly(event["title"]), column, px), event, label, side))
    top = 0.0
    mark = look.px(30)
    for row in rows:
        title_height = layout.text_size(row.text, px)[1] if row.text else line
        label_height = layout.text_size(row.label, px)[1] if row.label else 0.0
        row.height = max(
            title_height, mark, label_height + mark + gap / 2 if row.side.startswith("above") else label_height
        )
        row.top = top
        top += row.height + gap
    dtick, tick0, tickformat = _ticks(low, high, date_width, px, look)
    columns = 2 if plot.width >= 60 * px else 1
    cell = plot.width / columns - look.px(40)
    heading = layout.text_size(UNDATED_HEADING, px)[1] + gap if not undated.empty else 0.0
    items, heights = [], []
    for i, (_, event) in enumerate(undated.iterrows()):
        text = layout.wrap(
            f"{STATUS_LABELS[Status(event['status'])]} · {escape_plotly(event['title'])}", cell - look.px(30), px
        )
        items.append((event, text, (i % columns) * plot.width / columns))
        heights.append(layout.text_size(text, px)[1])
    undated_rows = [max(heights[i : i + columns]) for i in range(0, len(heights), columns)]
    tops = [heading + sum(undated_rows[:r]) + gap * r for r in range(len(undated_rows))]
    return _Plan(
        rows=rows if titles else [],
        undated=[(event, text, x, tops[i // columns]) for i, (event, text, x) in enumerate(items)],
        date_left=date_left,
        date_width=date_width,
        dated_height=top - gap if titles else 0.0,
        tick_band=line + look.px(10) if titles else 0.0,
        gap=gap * 2 if titles and items else 0.0,
        undated_height=heading + sum(undated_rows) + gap * max(len(undated_rows) - 1, 0),
        dtick=dtick,
        tick0=tick0,
        tickformat=tickformat,
    )


def _label_side(
    label: str, start: float, end: float, left: float, right: float, gap: float, px: float
) -> tuple[str, str]:
    """Beside the mark on one line (right, then left), else on the left in up to three lines, else above it.

    `above-left` starts at the mark; `above-right` ends at the plot's right edge, for marks near that edge.
    """
    width = layout.line_width(label, px)
    if end + gap + width <= right:
        return label, "right"
    if start - gap - width >= left:
        return label, "left"
    room = start - gap - left
    if room >= 10 * px and layout.wrap(label, room, px).count("<br>") < 3:
        return layout.wrap(label, room, px), "left"
    label = layout.wrap(label, right - left, px)
    return label, "above-left" if start + layout.text_size(label, px)[0] <= right else "above-right"


def _ticks(low: date, high: date, width: float, px: float, look: Look) -> tuple[float | str, str, str]:
    """The finest tick interval whose labels fit side by side on the date axis."""
    days = max((high - low).days, 1)
    for step, fmt in TICK_STEPS:
        label = layout.line_width(date(2024, 12, 28).strftime(fmt), px) + look.px(24)
        if width * step / days >= label:
            break
    if step == 30:
        return "M1", date(low.year, low.month, 1).isoformat(), fmt
    first = low + timedelta(days=(7 - low.weekday()) % 7) if step >= 7 else low
    return step * 86_400_000, first.isoformat(), fmt


def _end_exclusive(event: pd.Series) -> str:
    return (date.fromisoformat(event["end"]) + timedelta(days=1)).isoformat()


def _draw_dated(fig: go.Figure, brief: Brief, plan: _Plan, look: Look, low: date, high: date) -> None:
    colours, names, gap = look.palette, actor_names(brief), look.px(16)
    published = brief.as_of.isoformat()
    if plan.rows:
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
    for row in plan.rows[1:]:
        above = row.side.startswith("above")
        centre = row.top + row.height - look.px(15) if above else row.top + row.height / 2
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
                line={"color": colours.faint, "width": look.px(1)},
            )
            continue
        event = row.event
        _add_mark(fig, brief, event, centre, look, names, low)
        if above:
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
                bgcolor=colours.background,
            )
        else:
            right = row.side == "right"
            end = _end_exclusive(event) if event["start"] != event["end"] else event["end"]
            fig.add_annotation(
                x=end if right else max(event["start"], low.isoformat()),
                y=centre,
                xref="x",
                yref="y",
                text=row.label,
                xanchor="left" if right else "right",
                yanchor="middle",
                bgcolor=colours.background,
                xshift=gap if right else -gap,
                align="left" if right else "right",
            )


def _add_mark(fig: go.Figure, brief: Brief, event: pd.Series, y: float, look: Look, names: dict, low: date) -> None:
    """A point for a day, a bar for a month or a span since, a hatched dashed window for an expectation."""
    status = Status(event["status"])
    colour = look.palette.status[status]
    common = {
        "customdata": [[event["event_id"]]],
        "hovertext": [_hover(brief, event, names)],
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
    start, end = event["start"], _end_exclusive(event)
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


def _draw_undated(fig: go.Figure, brief: Brief, plan: _Plan, look: Look) -> None:
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
                hovertext=[_hover(brief, event, names)],
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


def _view(
    brief: Brief, actor: str | None, place: str | None, preset: str
) -> tuple[str | None, pd.DataFrame, pd.DataFrame, list[str], tuple[date, date]]:
    """What a view of the timeline draws: the actor and/or place it names (`Sergey Lavrov · Moscow` when both: the
    filter keeps the events meeting both, and a note naming only one would miscount), its events, the dated ones
    inside the preset's range, the notes saying what the filter and the range leave out (the chart and its alt
    text alike), and that range."""
    who = actor_names(brief)[actor] if actor else None
    where = place_names(brief)[place] if place else None
    focus = " · ".join(name for name in (who, where) if name) or None  # side by side: not "Lavrov at Kursk"
    events = filter_events(brief.events, actor=actor, place=place)
    low, high = preset_range(brief, preset)
    dated = events[events["start"].notna()]
    visible = dated[(dated["end"] >= low.isoformat()) & (dated["start"] <= high.isoformat())]
    notes = [wording.filter_note(len(events), len(brief.events), who, where)] if focus else []
    if len(visible) < len(dated):
        notes.append(wording.outside_range_note(dated.loc[~dated.index.isin(visible.index), "title"].tolist()))
    return focus, events, visible, notes, (low, high)


def alt_text(brief: Brief, actor: str | None = None, place: str | None = None, preset: str = PRESETS[0]) -> str:
    """A sentence per drawn event, built from the rows, for screen readers, the pack and the deck; a view narrowed to
    an actor, a place or a range says so first, in the chart's own notes, and describes only what it draws."""
    focus, events, visible, notes, _ = _view(brief, actor, place, preset)
    drawn = events[events.index.isin(visible.index) | events["start"].isna()]
    parts = [
        f"{event['title']} ({event['status']}): {_drawn_as(event)} ({paragraph_marks(event['paragraphs'])})."
        for _, event in drawn.iterrows()
    ]
    whose = f" ({focus})" if focus else ""
    return " ".join([f"Timeline of the report's events{whose}, as of {brief.as_of:%d %B %Y}.", *notes, *parts])


def fact_ids(brief: Brief) -> list[str]:
    """The facts tied to a drawn event."""
    return brief.facts.loc[brief.facts["event_id"].notna(), "fact_id"].tolist()
