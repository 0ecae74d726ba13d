"""The maps' hover lines and alt texts, written from the same tables the figures draw (`query`)."""

from __future__ import annotations

import pandas as pd

from kursk_brief.charts.geography.query import (
    facts_at,
    kept_facts,
    place_notes,
    silence_facts,
    strategic_fact_ids,
    strategic_links,
)
from kursk_brief.charts.look import (
    STATUS_LABELS,
)
from kursk_brief.data.brief import Brief
from kursk_brief.data.phrases import ALT_TEXT_LIMIT, capped, citation, more_facts, number_phrase, paragraph_marks
from kursk_brief.data.queries import actor_names, place_names
from kursk_brief.schema.rows import FactKind, Status
from kursk_brief.words import wording
from kursk_brief.words.escape import escape_plotly


def fact_lines(brief: Brief, facts: pd.DataFrame) -> list[str]:
    """One hover line per fact: a number with what it counts, or our summary; status, citation and id. Unwrapped.

    At most LIST_LIMIT lines and one counting the rest: a hover of a hundred thousand lines stalls the browser.
    """
    shown, hidden = capped(facts)
    lines = [
        f"{STATUS_LABELS[Status(f['status'])]} · "
        f"{escape_plotly(number_phrase(f) if f['kind'] == FactKind.NUMBER else f['summary'])} "
        f"({escape_plotly(citation(brief, f['source_id'], f['paragraphs']))}; {f['fact_id']})"
        for _, f in shown.iterrows()
    ]
    return lines + ([more_facts(hidden)] if hidden else [])


def operational_alt_text(brief: Brief) -> str:
    shown, hidden = capped(facts_at(brief, brief.focus_place_id), ALT_TEXT_LIMIT)
    lines = [f"{f.summary} ({citation(brief, f.source_id, f.paragraphs)})" for f in shown.itertuples()]
    lines += [more_facts(hidden, "facts placed in the Kursk region", sentence=True)] if hidden else []
    return (
        "Map of Russia's Kursk region with its Russian and Ukrainian neighbours and the state border. "
        "The report gives no location within the region and no front line. " + " ".join(lines)
    )


def strategic_alt_text(brief: Brief, highlight: str | None = None) -> str:
    """The links, the notes at places and the silences, one clause each; with `highlight` (an actor id), also what the
    map keeps in colour for that actor, clause by clause from the same rows, as `strategic_figure` draws it."""
    names = place_names(brief)
    links = strategic_links(brief)
    shown_links, more_links = capped(links, ALT_TEXT_LIMIT)
    shown_notes, more_notes = capped(place_notes(brief), ALT_TEXT_LIMIT)
    link_clauses = [(link.fact_id, _link_clause(link, names)) for link in shown_links.itertuples()]
    note_clauses = [(note.fact_id, _note_clause(note, names)) for note in shown_notes.itertuples()]
    silences = [
        (fact.fact_id, f"{names[place]}: no statement in the report") for place, fact in silence_facts(brief).items()
    ]
    parts = [text for _, text in link_clauses] + ([more_facts(more_links, "links")] if more_links else [])
    notes = [f"{text}." for _, text in note_clauses]
    notes += [more_facts(more_notes, "notes at places", sentence=True)] if more_notes else []
    focus = f" {_kept_clauses(brief, highlight, [*link_clauses, *note_clauses, *silences])}" if highlight else ""
    return (
        f"World map with {len(links)} links drawn from the report's facts: a count from the counted group's country "
        f"to where it is placed, or a statement from the speaker's country to the state it was addressed to.{focus} "
        + "; ".join(parts)
        + ". "
        + " ".join(notes)
        + "".join(f" {text}." for _, text in silences)
    )


def _link_clause(link, names: dict[str, str]) -> str:
    return f"{names[link.source]} to {names[link.target]}: {link.label} ({paragraph_marks(link.paragraphs)})"


def _note_clause(note, names: dict[str, str]) -> str:
    return f"At {names[note.place_id]}: {note.text} ({paragraph_marks(note.paragraphs)})"


def _kept_clauses(brief: Brief, highlight: str, clauses: list[tuple[str, str]]) -> str:
    """What a highlighted map keeps in colour, named: the actor's links, notes and silence as the alt text says them
    (`clauses`: fact id and clause), and how many more of the actor's facts the map draws past the alt text's cap."""
    kept, who = kept_facts(brief, highlight), actor_names(brief)[highlight]
    theirs = [text for fact_id, text in clauses if fact_id in kept]
    hidden = len(kept.intersection(strategic_fact_ids(brief)) - {fact_id for fact_id, _ in clauses})
    if not theirs and not hidden:
        return f"No link or note on this map is by, to or about {who}; all are in grey."
    more = [more_facts(hidden, "of their facts on the map")] if hidden else []
    return f"{wording.map_highlight_note(who)} Kept in colour: " + "; ".join(theirs + more) + "."
