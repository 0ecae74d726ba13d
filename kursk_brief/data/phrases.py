"""The pieces every composed text shares: a row's citation and paragraph marks, its figure as a reader says it,
and the caps on how many rows a hover, card or alt text lists before it counts the rest.
"""

from __future__ import annotations

import pandas as pd

from kursk_brief.data.brief import Brief
from kursk_brief.schema.rows import NumberForm, Qualifier

# A hover, a card section or a headline list shows at most this many rows; the rest are counted in one line that says
# where they all are, so that a large fact table cannot make one mark or one card unreadable (or the browser stall).
LIST_LIMIT = 10
# An alt text lists more (it is read, not hovered), but it too ends in a count rather than in a hundred thousand clauses.
ALT_TEXT_LIMIT = 40


def citation(brief: Brief, source_id: str, paragraphs: list[int]) -> str:
    """The citation a reader can check against the report, e.g. `Alliance News, 1 Nov 2024, ¶1, ¶4`."""
    return f"{brief.citation_labels[source_id]}, {paragraph_marks(paragraphs)}"


def paragraph_marks(paragraphs: list[int]) -> str:
    """Paragraphs as a reader writes them, `¶1, ¶4`."""
    return ", ".join(f"¶{p}" for p in paragraphs)


def more_facts(hidden: int, noun: str = "facts", *, sentence: bool = False) -> str:
    """The line that stands for what a capped list leaves out: how many, and where to read them all."""
    return f"{'And' if sentence else 'and'} {hidden:,} more {noun}: see the Facts page{'.' if sentence else ''}"


def id_list(ids: list[str]) -> str:
    """Fact ids joined for a hover, at most LIST_LIMIT of them and then a count of the rest."""
    shown = ", ".join(ids[:LIST_LIMIT])
    return f"{shown} {more_facts(len(ids) - LIST_LIMIT)}" if len(ids) > LIST_LIMIT else shown


def capped(facts: pd.DataFrame, limit: int = LIST_LIMIT) -> tuple[pd.DataFrame, int]:
    """The first `limit` rows to compose lines for, and how many are left out (composed only as a count)."""
    return facts.iloc[:limit], max(len(facts) - limit, 0)


def format_figure(fact: pd.Series) -> str:
    """A number with its hedges in words, e.g. `approximately 8,000 troops`, `estimated 10,000 troops, reportedly`."""
    if fact["value"] is None:
        return ""
    hedge, number, unit = figure_parts(fact)
    before = [word for word in hedge.split(", ") if word and word != Qualifier.REPORTEDLY.value]
    after = ", reportedly" if Qualifier.REPORTEDLY.value in fact["qualifier"] else ""
    return " ".join([*before, number if unit == "%" else f"{number} {unit}"]) + after


def figure_parts(fact: pd.Series) -> tuple[str, str, str]:
    """Hedge, number and unit apart, so a metric can show the number big without losing the hedge."""
    hedge = ", ".join(q.replace("_", " ") for q in fact["qualifier"] if q != Qualifier.AS_STATED)
    value = float(fact["value"])
    number = f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"
    if fact.get("number_form") == NumberForm.ORDINAL:
        number = ordinal(int(value))
    unit = "%" if fact["unit"] == "percent" else fact["unit"]
    return hedge, f"{number}%" if unit == "%" else number, unit


def ordinal(value: int) -> str:
    """6 -> `6th`: the report's "sixth engagement" is a rank, not a count of meetings."""
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


def number_phrase(fact: pd.Series) -> str:
    """The figure followed by what it counts, hedges first: `approximately 8,000 North Korean troops in the Kursk region`.

    A number line is built from the row's own `counts`, never from an actor's label, so it says what the figure counts.
    `reportedly` is said where the counted phrase puts it (`reportedly sent`), not twice.
    """
    hedge, number, _ = figure_parts(fact)
    hedges = [w for w in hedge.split(", ") if w and not (w == Qualifier.REPORTEDLY.value and w in fact["counts"])]
    return " ".join([*hedges, number, fact["counts"]])
