"""Questions the views ask of a brief: display names, the facts as a reader sees them, filters by actor, place and
topic, the headline figures and what is anticipated.
"""

from __future__ import annotations

import pandas as pd

from kursk_brief.data.brief import Brief, per_brief
from kursk_brief.data.phrases import (
    citation,
    figure_parts,
    format_figure,
)
from kursk_brief.schema.rows import FactKind, Status
from kursk_brief.words import wording


def actor_names(brief: Brief) -> dict[str, str]:
    """Display name per actor: the name where the report gives one, otherwise its description, never a guess."""
    return {row.actor_id: row.name or row.label for row in brief.actors.itertuples()}


def place_names(brief: Brief) -> dict[str, str]:
    """Display name per place id."""
    return brief.places.set_index("place_id")["name"].to_dict()


def facts_view(brief: Brief, facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Facts as a reader sees them: status label, our summary, the figure with its hedge, who, where, citation.

    `facts` is a selection of `brief.facts` (by its index); the whole view is composed once per brief and selected from.
    """
    view = _whole_view(brief)
    return view.copy(deep=False) if facts is None else view.loc[facts.index]  # the caller's own frame (copy on write)


@per_brief
def _whole_view(brief: Brief) -> pd.DataFrame:
    facts = brief.facts
    names = actor_names(brief)
    places = place_names(brief)
    return pd.DataFrame(
        {
            "status": facts["status"].str.upper(),
            "summary": facts["summary"],
            "figure": _figures(facts),
            "citation": [citation(brief, s, p) for s, p in zip(facts["source_id"], facts["paragraphs"], strict=True)],
            "who": [wording.who(fact, names) for fact in facts.itertuples()],
            "addressed to": [", ".join(names[a] for a in ids) for ids in facts["addressee_ids"]],
            "about": [wording.about_phrase(fact, names) for fact in facts.itertuples()],
            "place": [places.get(p, "not stated") if p else "not stated" for p in facts["place_id"]],
            "kind": facts["kind"],
            "id": facts["fact_id"],
            "derived_from": [", ".join(d) if isinstance(d, list) else "" for d in facts["derived_from"]],
        },
        index=facts.index,
    )


def _figures(facts: pd.DataFrame) -> list[str]:
    """`format_figure` of every number row, empty for the rest; only number rows are composed (rows as dicts)."""
    numbers = facts["value"].notna().tolist()
    records = iter(facts[numbers].to_dict("records"))
    return [format_figure(next(records)) if number else "" for number in numbers]


def filter_facts(
    facts: pd.DataFrame,
    *,
    text: str = "",
    kinds: list[str] | None = None,
    statuses: list[str] | None = None,
    actors: list[str] | None = None,
    places: list[str] | None = None,
    paragraphs: list[int] | None = None,
) -> pd.DataFrame:
    """Narrow the facts the way the Facts page's controls do; an empty choice means no restriction."""
    keep = pd.Series(True, index=facts.index)
    if text:
        needle = text.casefold()
        keep &= facts["summary"].str.casefold().str.contains(needle, regex=False) | facts["fact_id"].str.contains(
            needle, regex=False
        )
    if kinds:
        keep &= facts["kind"].isin(kinds)
    if statuses:
        keep &= facts["status"].isin(statuses)
    if actors:
        keep &= (
            overlaps(facts["actor_ids"], actors)
            | overlaps(facts["addressee_ids"], actors)
            | overlaps(facts["about_ids"], actors)
        )
    if places:
        keep &= facts["place_id"].isin(places)
    if paragraphs:
        keep &= overlaps(facts["paragraphs"], paragraphs)
    return facts[keep]


def overlaps(lists: pd.Series, wanted: list) -> pd.Series:
    """Which cells of a list-valued column share at least one item with `wanted`."""
    chosen = set(wanted)
    return lists.map(lambda items: bool(chosen & set(items))).astype(bool)


def headline_figures(brief: Brief, limit: int | None = None) -> pd.DataFrame:
    """The numbers a briefing opens with: every number fact (or the first `limit`), typed or derived, in table order."""
    numbers = brief.facts[brief.facts["kind"] == FactKind.NUMBER].iloc[:limit]
    parts = [figure_parts(row) for _, row in numbers.iterrows()]
    return facts_view(brief, numbers).assign(
        counts=numbers["counts"],
        hedge=[p[0] or "as stated" for p in parts],
        number=[p[1] for p in parts],
        unit=[p[2] for p in parts],
    )


def anticipated(brief: Brief) -> pd.DataFrame:
    """What the report expects to happen next, as reader-facing rows."""
    return facts_view(brief, brief.facts[brief.facts["status"] == Status.ANTICIPATED])
