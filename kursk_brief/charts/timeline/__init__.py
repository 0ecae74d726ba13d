"""The timeline: each event drawn only as precisely as the report dates it.

A day is a point, a month a span, a vague expectation a shaded window whose assumed bounds are spelled out, and an
undated event sits in its own lane with no date axis at all, so the chart never suggests a date the report lacks.

`query` says which events a view holds, `plan` where each line of the chart goes, `figure` draws it and `describe`
writes its hover and alt texts.
"""

from kursk_brief.charts.timeline.describe import alt_text, fact_ids
from kursk_brief.charts.timeline.figure import NO_EVENTS, NOTHING_DRAWN, TITLE, timeline_figure
from kursk_brief.charts.timeline.plan import MIN_PLOT
from kursk_brief.charts.timeline.query import (
    PRESETS,
    event_table,
    expected_next,
    filter_events,
    preset_range,
    window_text,
)

__all__ = [
    "MIN_PLOT",
    "NOTHING_DRAWN",
    "NO_EVENTS",
    "PRESETS",
    "TITLE",
    "alt_text",
    "event_table",
    "expected_next",
    "fact_ids",
    "filter_events",
    "preset_range",
    "timeline_figure",
    "window_text",
]
