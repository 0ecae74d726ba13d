"""The briefing story: an ordered list of slides generated from the fact table, one idea per slide.

The Present view, the slide deck and the ledger read the same list, so the room, the exported deck and the review
see the same slides in the same order. Nothing here is written for one report: each section is filled from rows
(numbers, the mapped place, situations, statements, silences, anticipated rows, sources, unknowns), and a section
whose rows would not fit one slide at presentation size is split over several. A second report therefore gets its
own story from data rows alone.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from kursk_brief.charts.geography import operational_fact_ids
from kursk_brief.charts.look import STATUS_LABELS
from kursk_brief.data.brief import Brief
from kursk_brief.data.phrases import citation, more_facts, number_phrase, paragraph_marks
from kursk_brief.data.queries import actor_names, headline_figures
from kursk_brief.schema.rows import STATUS_MEANING, FactKind, PlaceRole, SourceKind, Status
from kursk_brief.words import wording

APP_NAME = "Kursk Brief"
MAP_CHART = "kursk-map"
LINE_CHARS = 72
"""Characters of body text per line at the smallest supported screen (1280×720, 28 px type), with some to spare."""
SLIDE_LINES = 12
"""Body lines that fit between a slide's title and its footer at 1280×720; longer sections are split."""
TITLE_CHARS = 44
"""Characters of a title per line at 1280×720 (40 px bold); each further title line costs body lines."""
SECTION_SLIDES = 3
"""Slides one section may take: a briefing is not the fact table. Rows beyond them are counted on the section's last
slide, which points to the Facts page (a data folder of thousands of rows gets a story of tens of slides)."""
SECTION_ROWS = SECTION_SLIDES * SLIDE_LINES
"""Rows a section composes items for at most (an item takes a line at least); the rest are only counted."""
HEADLINE_SLIDES = 6
"""Headline figures given a slide each; further figures are counted on the last of them."""


@dataclass(frozen=True)
class Item:
    """One cited line of a slide: optional bold lead words, the text, its status label, paragraphs and a quote."""

    text: str
    status: Status | None = None
    lead: str = ""
    marks: str = ""
    quote: str = ""
    """Verbatim words from `quotes.csv`, shown in quotation marks under the text."""
    detail: str = ""
    """A line under the text that belongs with it (when an expectation is drawn, and why then)."""


@dataclass(frozen=True)
class Headline:
    """A headline figure drawn big: the number, its unit, its hedge in words and its status."""

    number: str
    unit: str
    hedge: str
    status: Status


Row = tuple[Item, list[str]]
"""An item and the fact ids behind it."""


@dataclass(frozen=True)
class Slide:
    section: str
    title: str
    items: tuple[Item, ...]
    fact_ids: tuple[str, ...]
    """The rows behind the slide, for the speaker notes and the deck's notes."""
    source_line: str
    """Which sources and paragraphs the slide rests on, and the brief's as-of date."""
    headline: Headline | None = None
    chart: str | None = None
    """Key of a chart in `charts.registry()` drawn beside the items."""


def story(brief: Brief) -> list[Slide]:
    """All slides of the briefing, in the order they are shown and exported."""
    names = actor_names(brief)
    where, mapped = _where(brief, names)
    return [
        *_opening(brief, names),
        *_figures(brief, names),
        *where,
        *_situation(brief, mapped),
        *_statements(brief, names),
        *_silences(brief, names),
        *_expected(brief),
        *_sources(brief),
        *_unknowns(brief, names),
    ]


def day(value: date) -> str:
    """`1 Nov 2024`, as the citation labels write a date."""
    return f"{value.day} {value:%b %Y}"


def source_line(brief: Brief, facts: pd.DataFrame, whole: Iterable[str] = ()) -> str:
    """`Source: Alliance News, 1 Nov 2024, ¶1, ¶4. As of 1 Nov 2024.`: every source and paragraph a slide rests on.

    `whole` names sources cited as a whole (the datasets under a map, every source on the sources slide).
    """
    cited: dict[str, set[int]] = {}
    for source_id, paragraphs in zip(facts["source_id"], facts["paragraphs"], strict=True):
        cited.setdefault(source_id, set()).update(paragraphs)
    labels = brief.sources.set_index("source_id")["citation_label"]
    parts = [citation(brief, source, sorted(paragraphs)) for source, paragraphs in cited.items()]
    parts += [labels[source] for source in dict.fromkeys(whole) if source not in cited]
    if not parts:
        parts = [brief.report["citation_label"]]
    noun = "Sources" if len(parts) > 1 else "Source"
    return f"{noun}: {'; '.join(parts)}. As of {day(brief.as_of)}."


def _facts(brief: Brief, fact_ids: Iterable[str]) -> pd.DataFrame:
    by_id = brief.facts.set_index("fact_id", drop=False)
    return by_id.loc[list(dict.fromkeys(fact_ids))]


def _item(fact: pd.Series, lead: str = "", quote: str = "") -> Item:
    text = number_phrase(fact) if fact["kind"] == FactKind.NUMBER else fact["summary"]
    return Item(text, Status(fact["status"]), lead, paragraph_marks(fact["paragraphs"]), quote)


def item_lines(item: Item, line_chars: int = LINE_CHARS) -> int:
    """How many lines an item takes at presentation size: its words, the label and marks, and the quote apart."""
    label = len(STATUS_LABELS[item.status]) + 2 if item.status else 0
    words = label + len(item.lead) + len(item.text) + len(item.marks) + 4
    under = sum(math.ceil((len(text) + 2) / line_chars) for text in (item.quote, item.detail) if text)
    return math.ceil(words / line_chars) + under


def title_lines(title: str) -> int:
    return math.ceil(len(title) / TITLE_CHARS)


def paginate(rows: list[Row], budget: int, line_chars: int = LINE_CHARS) -> list[list[Row]]:
    """Split rows over as few slides as the line budget allows, evenly, keeping their order and each item whole.

    The fewest slides come from filling each to the budget; the same number of slides is then filled to the lowest
    budget that still needs no more of them, so that a section does not end on a slide with one short line. An item
    longer than the whole budget gets a slide of its own (the browser test's overflow check is what catches it).
    """
    sizes = [item_lines(item, line_chars) for item, _ in rows]
    fewest = len(_fill(sizes, budget))
    lowest = range(math.ceil(sum(sizes) / fewest), budget + 1)
    target = next((t for t in lowest if len(_fill(sizes, t)) <= fewest), budget)  # budget: an item longer than it
    return [[rows[i] for i in page] for page in _fill(sizes, target)]


def _fill(sizes: list[int], budget: int) -> list[list[int]]:
    """Indices of items per slide, each slide filled in order until the next item would pass the budget."""
    pages: list[list[int]] = [[]]
    used = 0
    for index, size in enumerate(sizes):
        if pages[-1] and used + size > budget:
            pages.append([])
            used = 0
        pages[-1].append(index)
        used += size
    return pages


def _section(
    section: str, title: str, rows: list[Row], brief: Brief, whole: Iterable[str] = (), total: int | None = None
) -> list[Slide]:
    """Slides of one section: its items split by the line budget (less what a long title takes), `(1 of 2)` when split."""
    if not rows:
        return []
    budget = SLIDE_LINES - math.ceil(1.25 * (title_lines(f"{title} (1 of 2)") - 1))
    total = len(rows) if total is None else total  # a builder may compose only the first SECTION_ROWS rows
    pages = paginate(rows[: SECTION_SLIDES * budget], budget)  # every item takes a line at least
    if len(pages) > SECTION_SLIDES or total > sum(map(len, pages)):
        pages = pages[:SECTION_SLIDES]
        pages[-1] = pages[-1][:-1]  # room for the count of what is left out
        hidden = total - sum(map(len, pages))
        pages[-1].append((Item(more_facts(hidden, "rows", sentence=True)), []))
    slides = []
    for number, page in enumerate(pages, start=1):
        fact_ids = list(dict.fromkeys(fact_id for _, ids in page for fact_id in ids))
        slides.append(
            Slide(
                section=section,
                title=f"{title} ({number} of {len(pages)})" if len(pages) > 1 else title,
                items=tuple(item for item, _ in page),
                fact_ids=tuple(fact_ids),
                source_line=source_line(brief, _facts(brief, fact_ids), whole),
            )
        )
    return slides


OPENING_FIGURES = 3
"""Typed headline figures the first slide states, each with its status and hedge (a deck opens on the numbers)."""


def _opening(brief: Brief, names: dict[str, str]) -> list[Slide]:
    """The report, its headline figures with status and hedge, then how to read the four status labels.

    The first slide is what a room or a deck reader sees first, so it carries the typed figures (the report's own or
    someone's, never a derived one) in a line each; each figure then gets a slide of its own. When the report was
    published, and how sure that date is, is on the sources slide.
    """
    report = brief.report
    typed = brief.facts.set_index("fact_id", drop=False).loc[headline_figures(brief)["id"]]
    typed = typed[typed["status"] != Status.DERIVED].iloc[:OPENING_FIGURES]
    about = [
        Item(report["title"], lead="Our title for the report:"),
        *(_item(fact, lead=_given_by(fact, names)) for _, fact in typed.iterrows()),
    ]
    labels = [Item(STATUS_MEANING[status], status) for status in Status]
    return [
        Slide("Opening", APP_NAME, tuple(about), tuple(typed["fact_id"]), source_line(brief, typed)),
        Slide("Opening", "How to read the labels", tuple(labels), (), source_line(brief, brief.facts.iloc[0:0])),
    ]


def _figures(brief: Brief, names: dict[str, str]) -> list[Slide]:
    """One slide per number, typed or derived: the figure big, with its status, hedge and what it counts."""
    figures = headline_figures(brief, HEADLINE_SLIDES + 1)
    hidden = int((brief.facts["kind"] == FactKind.NUMBER).sum()) - HEADLINE_SLIDES
    if hidden > 0:
        figures = figures.iloc[:HEADLINE_SLIDES]
    facts = brief.facts.set_index("fact_id", drop=False)
    slides = []
    for number, (_, figure) in enumerate(figures.iterrows(), start=1):
        fact = facts.loc[figure["id"]]
        marks = paragraph_marks(fact["paragraphs"])  # the status is drawn with the figure, not repeated
        if fact["status"] == Status.DERIVED:  # its summary says how it was worked out, and from what
            items = [Item(fact["summary"], marks=marks)]
        else:
            items = [Item(number_phrase(fact), marks=marks), Item(wording.who(fact, names), lead="Given by:")]
        if hidden > 0 and number == len(figures):
            items.append(Item(more_facts(hidden, "figures", sentence=True)))
        slides.append(
            Slide(
                section="Headline figures",
                title=f"Headline figures ({number} of {len(figures)})" if len(figures) > 1 else "Headline figure",
                items=tuple(items),
                fact_ids=(fact["fact_id"], *(fact["derived_from"] or [])),
                source_line=source_line(brief, facts.loc[[fact["fact_id"]]]),
                headline=Headline(
                    figure["number"],
                    "" if figure["number"].endswith(figure["unit"]) else figure["unit"],
                    figure["hedge"],
                    Status(fact["status"]),
                ),
            )
        )
    return slides


def _where(brief: Brief, names: dict[str, str]) -> tuple[list[Slide], set[str]]:
    """The map of the region the report places things in, then what the report places there, in words.

    The map gets a slide of its own so that it is drawn large enough to read from the back of the room; the rows
    follow on the next slide. Returns the slides and the rows shown, so that the situation slides do not repeat them.
    """
    mapped = _facts(brief, operational_fact_ids(brief))
    if mapped.empty:
        return [], set()
    place = brief.places.set_index("place_id").loc[mapped["place_id"].iloc[0]]
    present = mapped[
        (mapped["status"] != Status.DERIVED)
        & mapped["kind"].isin([FactKind.NUMBER, FactKind.SITUATION])
        & (mapped["place_role"] == PlaceRole.LOCATED)
    ]
    rows = [
        (_item(fact, lead=_given_by(fact, names)), [fact["fact_id"]])
        for _, fact in present.iloc[:SECTION_ROWS].iterrows()
    ]
    if place["note"]:
        rows.append((Item(place["note"]), []))
    title = f"Where: {place['name']}"
    chart = Slide(
        section="Where",
        title=title,
        items=(),
        fact_ids=tuple(mapped["fact_id"]),
        source_line=source_line(brief, mapped, [place["coord_source_id"], *_dataset_ids(brief)]),
        chart=MAP_CHART,
    )
    heading = f"{wording.PLACE_ROLE_WORDS[PlaceRole.LOCATED].capitalize()} {place['name']}"
    listed = _section("Where", heading, rows, brief, total=len(present) + bool(place["note"]))
    return [chart, *listed], set(present["fact_id"])


def _given_by(fact: pd.Series, names: dict[str, str]) -> str:
    """`Top US officials (unnamed):` before an attributed row, so a claimed figure never reads as the report's own."""
    return f"{wording.who(fact, names)}:" if fact["actor_ids"] and fact["status"] == Status.CLAIMED else ""


def _dataset_ids(brief: Brief) -> list[str]:
    return brief.sources.loc[brief.sources["kind"] == SourceKind.DATASET, "source_id"].tolist()


def _typed(brief: Brief) -> pd.DataFrame:
    return brief.facts[brief.facts["status"] != Status.DERIVED]


def _situation(brief: Brief, mapped: set[str]) -> list[Slide]:
    """What the report says is the case, as opposed to what someone said: situation rows not already on the map."""
    facts = _typed(brief)
    situations = facts[(facts["kind"] == FactKind.SITUATION) & ~facts["fact_id"].isin(mapped)]
    rows = [(_item(fact), [fact["fact_id"]]) for _, fact in situations.iloc[:SECTION_ROWS].iterrows()]
    return _section("The situation", "The situation", rows, brief, total=len(situations))


def _silent_actors(brief: Brief) -> set[str]:
    """Whom a silence row is about: the parties the report carries no statement by."""
    facts = _typed(brief)
    return {actor for ids in facts.loc[facts["kind"] == FactKind.SILENCE, "about_ids"] for actor in ids}


def _concerning(facts: pd.DataFrame, actors: Iterable[str]) -> pd.Series:
    """Which rows are addressed to or about any of `actors`."""
    wanted = set(actors)
    return pd.Series(
        [bool(wanted & {*to, *about}) for to, about in zip(facts["addressee_ids"], facts["about_ids"], strict=True)],
        index=facts.index,
        dtype=bool,
    )


def _quotes(brief: Brief) -> dict[str, str]:
    """The verbatim quotes of each fact; quoted speech is the only text of the report shown as written."""
    quotes: dict[str, list[str]] = {}
    for quote in brief.quotes.itertuples():
        quotes.setdefault(quote.fact_id, []).append(quote.text)
    return {fact_id: " … ".join(texts) for fact_id, texts in quotes.items()}


def _statements(brief: Brief, names: dict[str, str]) -> list[Slide]:
    """Who said what: statements grouped by who made them, in table order.

    Expectations come later with their windows, and words addressed to or about a silent party come with its silence.
    """
    facts = _typed(brief)
    silent = _silent_actors(brief)
    statements = facts[(facts["kind"] == FactKind.STATEMENT) & (facts["status"] != Status.ANTICIPATED)]
    quotes = _quotes(brief)
    statements = statements[~_concerning(statements, silent)]
    speakers = statements["actor_ids"].map(tuple)
    slides = []
    for group in dict.fromkeys(speakers):
        members = statements[speakers == group]
        rows = [
            (_item(fact, quote=quotes.get(fact["fact_id"], "")), [fact["fact_id"]])
            for _, fact in members.iloc[:SECTION_ROWS].iterrows()
        ]
        title = f"Who said what: {wording.who(members.iloc[0], names)}"
        slides += _section("Who said what", title, rows, brief, total=len(members))
    return slides


def _silences(brief: Brief, names: dict[str, str]) -> list[Slide]:
    """Per silence row: that the report carries no statement, then the words addressed to or about the silent party."""
    facts = _typed(brief)
    quotes = _quotes(brief)
    remarks = facts[(facts["kind"] == FactKind.STATEMENT) & (facts["status"] != Status.ANTICIPATED)]
    silences = facts[facts["kind"] == FactKind.SILENCE]
    slides = []
    for party in dict.fromkeys(tuple(ids) for ids in silences["about_ids"]):  # one section per silent party
        said = silences[silences["about_ids"].map(tuple) == party]
        about = remarks[_concerning(remarks, party)]
        both = pd.concat([said, about]).iloc[:SECTION_ROWS]
        rows = [(_item(fact, quote=quotes.get(fact["fact_id"], "")), [fact["fact_id"]]) for _, fact in both.iterrows()]
        title = f"{wording.name_list(list(party), names)}: no statement in the report"
        slides += _section("Silence", title, rows, brief, total=len(said) + len(about))
    return slides


def _expected(brief: Brief) -> list[Slide]:
    """What the report expects next, and when: the report's own time words and the window assumed for drawing them."""
    facts = brief.facts[brief.facts["status"] == Status.ANTICIPATED]
    events = brief.events.set_index("event_id")
    fact_ids = set(brief.facts["fact_id"])
    rows: list[Row] = []
    for _, fact in facts.iloc[:SECTION_ROWS].iterrows():
        item, behind = _item(fact), [fact["fact_id"]]
        if fact["event_id"] is not None:
            event = events.loc[fact["event_id"]]
            item = replace(item, detail=f"When, {_when(event)}")
            anchor = f"{event['anchor_event_id']}_date"
            behind += [anchor] if anchor in fact_ids else []
        rows.append((item, behind))
    return _section("Expected next", "Expected next", rows, brief, total=len(facts))


def _when(event: pd.Series) -> str:
    """The dates an event is drawn at, how they were obtained, and why: `as drawn: 31 Oct 2024 to 7 Nov 2024 (assumed
    window). 'within days', counted from ...`. The dates are the timeline's, never the report's own words."""
    if event["start"] is None:
        return event["date_basis"]
    start, end = date.fromisoformat(event["start"]), date.fromisoformat(event["end"])
    span = day(start) if start == end else f"{day(start)} to {day(end)}"
    return f"as drawn: {span} ({event['date_status']}). {event['date_basis']}"


def _sources(brief: Brief) -> list[Slide]:
    """Every source the brief draws on, reports and datasets, with its publisher, date and licence."""
    rows: list[Row] = []
    for source in brief.sources.itertuples():
        published = f" Published {day(date.fromisoformat(source.published))}." if source.published else ""
        published += f" {source.published_note}" if source.published_note else ""
        title = f"{source.title} (our title)" if source.kind == SourceKind.REPORT else source.title
        text = f"{title}. {source.publisher}.{published} {source.licence}."
        rows.append((Item(text, lead=f"{source.citation_label}:"), []))
    return _section("Sources and caveats", "Sources", rows, brief, whole=brief.sources["source_id"])


def _unknowns(brief: Brief, names: dict[str, str]) -> list[Slide]:
    """What the report leaves unknown about the actors it names, as curated in the actors table."""
    rows: list[Row] = [
        (Item(actor.unknowns, lead=f"{names[actor.actor_id]}:"), [])
        for actor in brief.actors.itertuples()
        if actor.unknowns
    ]
    return _section("Sources and caveats", "What the report leaves unknown", rows, brief)


def plain_lines(slide: Slide) -> list[str]:
    """The slide's words as plain text lines, for the deck and the ledger: each status in capitals, quotes in “”."""
    lines = []
    if slide.headline:
        h = slide.headline
        lines.append(" · ".join(filter(None, [STATUS_LABELS[h.status], h.hedge, f"{h.number} {h.unit}".strip()])))
    for item in slide.items:
        words = " ".join(filter(None, [STATUS_LABELS[item.status] if item.status else "", item.lead, item.text]))
        lines.append(f"{words} {item.marks}".strip())
        lines += [f"“{item.quote}”"] if item.quote else []
        lines += [item.detail] if item.detail else []
    return lines
