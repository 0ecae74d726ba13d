"""Every chart of the app in one registry, so that export, the briefing pack and the tests cover each one.

A view module adds one `ChartSpec` here; nothing else needs to know the chart exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import plotly.graph_objects as go

from kursk_brief.charts.views import ChartView, OperationalView, RelationsView, StrategicView, TimelineView
from kursk_brief.data.brief import Brief


@dataclass(frozen=True)
class ChartSpec:
    key: str
    """File-name stem of every export of the chart, e.g. `kursk-map`."""
    title: str
    build: Callable[..., go.Figure]
    """`build(brief, look=..., **view.arguments())` returns the framed figure (title, source, as-of date, status key
    inside it), drawn for `look` (`look.Look`: theme and canvas) and showing the view (filters, highlight)."""
    alt_text: Callable[..., str]
    """`alt_text(brief, **view.arguments())`: a description of the chart, as the view shows it, generated from its
    facts, for screen readers, the pack and the deck."""
    fact_ids: Callable[[Brief], list[str]]
    """The fact rows the chart draws; the deck's speaker notes list them with their paragraphs."""
    view: type[ChartView]
    """What the chart can show (`views`): every view of it is one of these."""

    def figure(self, brief: Brief, view: ChartView | None = None, **look: object) -> go.Figure:
        """The chart for a view (its default without one); `look=` as `build` takes it."""
        return self.build(brief, **look, **self.checked(view).arguments())

    def describe(self, brief: Brief, view: ChartView | None = None) -> str:
        """The alt text for a view (its default without one)."""
        return self.alt_text(brief, **self.checked(view).arguments())

    def checked(self, view: ChartView | None) -> ChartView:
        """The view, or the default one; a view of another chart is an error, never silently read as a default."""
        if view is None:
            return self.view()
        if type(view) is not self.view:
            raise TypeError(f"the chart {self.key} shows a {self.view.__name__}, not a {type(view).__name__}")
        return view


def chart_spec(key: str) -> ChartSpec:
    """The registered chart whose files are named `key` (`kursk-map`): pages, exports and slides look charts up here."""
    return next(spec for spec in registry() if spec.key == key)


def registry() -> tuple[ChartSpec, ...]:
    """All charts, in briefing order. Imported lazily so that view modules may import this one."""
    from kursk_brief.charts import actors, geography, timeline

    charts: list[ChartSpec] = [
        ChartSpec(
            "kursk-map",
            geography.OPERATIONAL_TITLE,
            geography.operational_figure,
            geography.operational_alt_text,
            geography.operational_fact_ids,
            OperationalView,
        ),
        ChartSpec(
            "strategic-map",
            geography.STRATEGIC_TITLE,
            geography.strategic_figure,
            geography.strategic_alt_text,
            geography.strategic_fact_ids,
            StrategicView,
        ),
        ChartSpec(
            "actor-relations",
            actors.RELATIONS_TITLE,
            actors.relations_figure,
            actors.relations_alt_text,
            actors.relations_fact_ids,
            RelationsView,
        ),
        ChartSpec(
            "timeline", timeline.TITLE, timeline.timeline_figure, timeline.alt_text, timeline.fact_ids, TimelineView
        ),
    ]
    return tuple(charts)
