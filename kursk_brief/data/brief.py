"""The typed brief every view reads: its validated tables with derived rows, and a memo for what is derived
from a whole brief.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, wraps
from pathlib import Path
from typing import TypeVar

import pandas as pd

from kursk_brief.schema.rows import SourceKind

T = TypeVar("T")


@dataclass(frozen=True)
class Brief:
    """All tables of the brief, validated, with derived rows added; what every view reads."""

    sources: pd.DataFrame
    actors: pd.DataFrame
    places: pd.DataFrame
    facts: pd.DataFrame
    events: pd.DataFrame
    quotes: pd.DataFrame
    settings: pd.DataFrame
    data_dir: Path = field(compare=False)
    pages: pd.DataFrame = field(default_factory=pd.DataFrame)
    """The stored web pages the story follows (sources of kind `page`), kept out of `sources`: the brief's own views
    list the report and datasets it is built from, the Story page lists these."""
    measures: pd.DataFrame = field(default_factory=pd.DataFrame)
    claims: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def setting(self) -> pd.Series:
        """The brief's one row of `brief.csv`: which places and states the views frame, as data, not code."""
        return self.settings.iloc[0]

    @property
    def focus_place_id(self) -> str:
        """The region the operational map frames and the Present view's *Where* slide describes."""
        return self.setting["focus_place_id"]

    @property
    def report(self) -> pd.Series:
        """The primary report: the first report-kind source, whose publication sets the brief's as-of date."""
        return self.sources[self.sources["kind"] == SourceKind.REPORT].iloc[0]

    @property
    def as_of(self) -> date:
        return date.fromisoformat(self.report["published"])

    @cached_property
    def citation_labels(self) -> dict[str, str]:
        """Citation label per source id, looked up once: `citation` runs for every row a view shows."""
        cited = pd.concat([self.sources, self.pages]) if len(self.pages) else self.sources
        return cited.set_index("source_id")["citation_label"].to_dict()


def per_brief(derive: Callable[..., T]) -> Callable[..., T]:
    """Compute a table derived from the whole brief once per brief (and per value of any further, hashable
    arguments: the Story's two days), not once per view, chart, alt text or rerun.

    A brief is read-only once loaded (the app shares one per data version between sessions), so what is derived from
    it stays true as long as it lives; the result is kept on the brief itself and is read-only too. Two sessions
    racing on a first call at worst derive it twice.
    """

    @wraps(derive)
    def derived(brief: Brief, *args: Hashable) -> T:
        memo = brief.__dict__.setdefault("_derived", {})
        key = (derive.__qualname__, *args)
        if key not in memo:
            memo[key] = derive(brief, *args)
        return memo[key]

    return derived
