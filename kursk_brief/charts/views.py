"""What each chart can show beyond its data, as a small frozen dataclass: a filter, a highlight, a range.

A view's fields are its chart builder's and alt text's keyword arguments, so a page, an export, a cache key and the
ledger all say a view the same way, and a misspelt name fails where it is written (`TypeError`) instead of silently
dropping a filter from a title, a file name or an alt text. A field's metadata says what its value names, for the
ledger and the tests that walk every view: `names="actor"` (an actor id), or `choices` (the allowed values, the
default first).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from kursk_brief.charts.timeline.query import PRESETS

ACTOR = {"names": "actor"}
PLACE = {"names": "place"}


@dataclass(frozen=True)
class ChartView:
    """The view a chart shows with no filter set: a chart without a field shows only this one."""

    def arguments(self) -> dict[str, object]:
        """The fields as keyword arguments of the chart's builder and alt text."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def changed(self) -> tuple[tuple[str, object], ...]:
        """What of the view differs from the chart's default, as sorted (name, value) pairs: what names a file and
        keys a cached image. An unfiltered view is `()`, so a page with no filter exports the very image the pack
        holds."""
        default = type(self)()
        return tuple(
            sorted(
                (f.name, value)
                for f in fields(self)
                if (value := getattr(self, f.name)) is not None and value != getattr(default, f.name)
            )
        )

    @classmethod
    def naming(cls, kind: str) -> list[str]:
        """The fields whose value names a row of `kind` (`actor`, `place`)."""
        return [f.name for f in fields(cls) if f.metadata.get("names") == kind]

    @classmethod
    def choices(cls) -> dict[str, tuple]:
        """Each field with a fixed set of values, and those values, its default first."""
        return {f.name: f.metadata["choices"] for f in fields(cls) if "choices" in f.metadata}


@dataclass(frozen=True)
class OperationalView(ChartView):
    """The focus region's map shows one view: it has no highlight (an actor picked on the Map page leaves it as is)."""


@dataclass(frozen=True)
class StrategicView(ChartView):
    highlight: str | None = field(default=None, metadata=ACTOR)
    """An actor whose links and notes keep their colour, the rest grey."""


@dataclass(frozen=True)
class RelationsView(ChartView):
    highlight: str | None = field(default=None, metadata=ACTOR)
    """An actor whose rows are shaded."""


@dataclass(frozen=True)
class TimelineView(ChartView):
    actor: str | None = field(default=None, metadata=ACTOR)
    place: str | None = field(default=None, metadata=PLACE)
    preset: str = field(default=PRESETS[0], metadata={"choices": PRESETS})
    """The date range, by name."""
