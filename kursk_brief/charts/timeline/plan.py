"""Where every line of the timeline goes, in pixels of the plot area, before anything is drawn.

The rows, their labels' sides, the date axis's ticks and the plot height all depend on text measured for one look,
so they are worked out together here and the figure only draws what the plan says.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd

from kursk_brief.charts import layout
from kursk_brief.charts.look import STATUS_LABELS, Frame, Look
from kursk_brief.schema.rows import Lane, Status
from kursk_brief.words import wording
from kursk_brief.words.escape import escape_plotly

LANES = [Lane.MILITARY, Lane.DIPLOMATIC, Lane.STATEMENTS]
UNDATED_HEADING = "<b>Undated</b>: the report gives no date for these; they are not placed on the date axis"
MIN_PLOT = 80
"""Least plot-area height (pixels at 1920×1080) of the timeline, however few rows a view draws."""
TICK_STEPS = ((1, "%-d %b"), (2, "%-d %b"), (7, "%-d %b"), (14, "%-d %b"), (30, "%b %Y"))
"""Date-axis tick intervals in days, finest first, with their label format; the finest whose labels fit is used."""


@dataclass
class Row:
    """One line of the dated panel: a lane heading or an event, with its label and where that label goes."""

    text: str
    event: pd.Series | None = None
    label: str = ""
    side: str = ""
    top: float = 0.0
    height: float = 0.0


@dataclass
class Plan:
    """Where everything of the timeline goes, in pixels of the plot area."""

    rows: list[Row]
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


def timeline_plan(
    dated: pd.DataFrame,
    undated: pd.DataFrame,
    plot: layout.Box,
    look: Look,
    low: date,
    high: date,
    gap: float,
) -> Plan:
    """The plan of a view: the `dated` events in rows under their lanes between `low` and `high`, the `undated` ones
    in columns below, `gap` apart."""
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

    rows: list[Row] = [Row("")]  # the first line carries the publication label
    for lane in LANES:
        lane_events = dated[dated["lane"] == lane].sort_values("start", kind="stable")
        if lane_events.empty:
            continue
        rows.append(Row(f"<b>{lane.value.capitalize()}</b>"))
        for _, event in lane_events.iterrows():
            label = f"{STATUS_LABELS[Status(event['status'])]} · {escape_plotly(wording.date_words(event))}"
            start = max(at(event["start"]), date_left)
            end = min(at(end_exclusive(event)) if event["start"] != event["end"] else at(event["end"]), plot.width)
            label, side = _label_side(label, start, end, date_left, plot.width, gap, px)
            rows.append(Row(layout.wrap(escape_plotly(event["title"]), column, px), event, label, side))
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
    return Plan(
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


def fitted(frame: Frame, content: float, centred: bool) -> tuple[Frame, layout.Box, float]:
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


def end_exclusive(event: pd.Series) -> str:
    """The day after an event's last day: a span is drawn up to the end of that day."""
    return (date.fromisoformat(event["end"]) + timedelta(days=1)).isoformat()
