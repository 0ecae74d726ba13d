"""The sentences the app composes from rows: who did what, to whom, about whom, with which figure.

Every view, export and alt text that turns a row into words goes through these functions, so one rule holds
everywhere: a verb is the report's own (`schema.RELATION_VERBS`), an addressee is named only from `addressee_ids`,
what a statement concerns comes from `about_ids` (or its `about_text`), and a number is described by its own `counts`, never by an
actor's label. `scripts/write_ledger.py` lists every sentence built here, per view, for review against the report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import pandas as pd

from kursk_brief.schema.rows import RELATION_VERBS, PlaceRole, Precision, Relation, Status

REPORT_VOICE = "the report itself"
UNNAMED_VOICE = "no source named (the report hedges it)"
APP_VOICE = "this app (derived)"
PLACE_ROLE_WORDS = {PlaceRole.LOCATED: "in", PlaceRole.SAID_AT: "said in", PlaceRole.ABOUT: "about"}


def name_list(ids: Iterable[str], names: Mapping[str, str]) -> str:
    """`A`, `A and B`, `A, B and C`: how a sentence joins several actors."""
    items = [names[i] for i in ids]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" and {items[-1]}" if items else ""


def who(fact: pd.Series | object, names: Mapping[str, str]) -> str:
    """Who stands behind a row: its actors; else this app (derived), no named source (claimed), or the report itself."""
    actors = _get(fact, "actor_ids")
    if actors:
        return name_list(actors, names)
    return {Status.DERIVED: APP_VOICE, Status.CLAIMED: UNNAMED_VOICE}.get(_get(fact, "status"), REPORT_VOICE)


def verb(fact: pd.Series | object) -> str:
    """The report's verb for a statement; empty for rows that are not statements."""
    relation = _get(fact, "relation")
    return RELATION_VERBS[Relation(relation)] if relation else ""


def action(fact: pd.Series | object, names: Mapping[str, str]) -> str:
    """The verb with its addressee when the report names one: `urged South Korea`, `cautioned`."""
    addressees = name_list(_get(fact, "addressee_ids"), names)
    return " ".join(filter(None, [verb(fact), addressees]))


def about_phrase(fact: pd.Series | object, names: Mapping[str, str]) -> str:
    """What a row is about: its `about_text` where the data gives one, else the names in `about_ids`; may be empty.

    `about_text` exists because a list of states can say more than the report: Lavrov praised the contacts between two
    states' services, not the two states.
    """
    text = _get(fact, "about_text")
    return text if isinstance(text, str) and text else name_list(_get(fact, "about_ids"), names)


def about(fact: pd.Series | object, names: Mapping[str, str]) -> str:
    """What a row concerns, `about: Ukraine`, as the relationship chart's *About* column heads it; empty when it
    names nothing.

    Written as a label, not a verb phrase: the report's verb never takes what the row is about as its object.
    """
    topic = about_phrase(fact, names)
    return f"about: {topic}" if topic else ""


def statement_line(fact: pd.Series | object, names: Mapping[str, str]) -> str:
    """`Volodymyr Zelensky urged South Korea (about: Ukraine)`, `Antony Blinken cautioned (about: North Korean troops)`."""
    head = f"{who(fact, names)} {action(fact, names)}"
    topic = about(fact, names)
    return f"{head} ({topic})" if topic else head


def place_phrase(fact: pd.Series | object, places: Mapping[str, str]) -> str:
    """Where the report ties a row, with the tie's role: `in Kursk region (oblast)`, `said in Moscow`."""
    place = _get(fact, "place_id")
    if not place:
        return ""
    return f"{PLACE_ROLE_WORDS[PlaceRole(_get(fact, 'place_role'))]} {places[place]}"


def view_title(title: str, name: str) -> str:
    """A chart's title when the page narrows it: `Timeline: Sergey Lavrov`, `Timeline: Sergey Lavrov · Moscow`."""
    return f"{title.split(':')[0]}: {name}"


def highlight_note(name: str) -> str:
    """What a highlighted chart shades: the rows a statement ties to the actor, as speaker, addressee or subject."""
    return f"Shaded: statements by, to or about {name}."


def map_highlight_note(name: str) -> str:
    """What a highlighted map keeps in colour: links and notes of the facts by, to or about the actor."""
    return f"In colour: links and notes of facts by, to or about {name}; the rest in grey."


def filter_words(actor: str | None, place: str | None) -> str:
    """A timeline view's filters as the page and the chart both state them: `involving Sergey Lavrov, in Moscow`.

    Named side by side, never run into one phrase: `Sergey Lavrov at Kursk region` would say he was there. A place is
    where an event happened, not a party to it, so it is never `involving`.
    """
    return ", ".join([*([f"involving {actor}"] if actor else []), *([f"in {place}"] if place else [])])


def filter_note(shown: int, total: int, actor: str | None, place: str | None) -> str:
    """What a timeline narrowed to an actor and/or a place leaves out: `Only the 1 of 10 events involving Sergey
    Lavrov.`; `None of the 10 events matches: involving Sergey Lavrov, in Kursk region (oblast).`"""
    words = filter_words(actor, place)
    if shown:
        return f"Only the {shown} of {total} events {words}."
    return f"None of the {total} events matches: {words}."


def outside_range_note(titles: list[str]) -> str:
    """Dated events the chosen range leaves out, by title, so that a narrower range never hides one silently."""
    return "Outside this date range: " + "; ".join(titles) + "."


def date_words(event: pd.Series | object) -> str:
    """How an event's date is drawn, from its row: the report's words in quotes, then what the chart takes them as.

    `'Thursday', taken as 31 Oct 2024`, `'August', taken as August 2024`, `'within days': assumed 2024-10-31 to
    2024-11-07`; a date the report gives is written out as a date.
    """
    start, end = _get(event, "start"), _get(event, "end")
    words, precision = _get(event, "date_text"), _get(event, "precision")
    first = date.fromisoformat(start)
    if precision == Precision.DAY:
        return f"{first:%-d %b %Y}"
    if precision == Precision.WEEKDAY:
        return f"'{words}', taken as {first:%-d %b %Y}"
    if precision == Precision.MONTH:
        return f"'{words}', taken as {first:%B %Y}"
    if precision == Precision.SINCE:
        return f"'{words}', taken as {first:%B %Y}, drawn up to publication"
    return f"'{words}': assumed {start} to {end}"


def where_not_stated(place: str) -> str:
    """Said at a state that a count is placed in as a whole: `where in Russia: not stated`."""
    return f"where in {place}: not stated"


def off_map(direction: str) -> str:
    """Said at a state drawn at the edge of a map that does not reach it: `beyond this map, to the west`."""
    return f"beyond this map, to the {direction}"


def _get(fact: pd.Series | object, column: str):
    """Rows arrive as Series (iterrows), dicts (`to_dict("records")`) or namedtuples (itertuples); read any."""
    return getattr(fact, column) if isinstance(fact, tuple) else fact[column]
