"""Actor cards and the relationship view: who said what, in what role, to or about whom, every line cited.

A card is assembled only from rows: a statement line is a fact row, a quote line a quote row, and what the report
does not say about an actor (a name, a date, a statement at all) is shown as unknown rather than filled in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from kursk_brief import wording
from kursk_brief.facts import (
    ALT_TEXT_LIMIT,
    LIST_LIMIT,
    Brief,
    actor_names,
    citation,
    more_facts,
    paragraph_marks,
    per_brief,
)
from kursk_brief.schema import FactKind, Status
from kursk_brief.style import SCREEN, STATUS_LABELS, STATUS_SYMBOL, Look, frame_figure, wrap
from kursk_brief.text import escape_plotly

COUNTRY_ORDER = ["united_states", "south_korea", "ukraine", "russia", "north_korea", "china"]
NO_COUNTRY = "No country"
EDGES_PER_PAIR = 3  # markers along one arrow, at 0.5, 0.32 and 0.14 of its length
RELATIONS_TITLE = "Who said what, to whom and about whom"


@dataclass(frozen=True)
class Line:
    """One cited line of a card: the row's status, who did what to whom, what about, in our words."""

    fact_id: str
    status: str
    relation: str | None
    speakers: str
    action: str
    addressees: tuple[str, ...]
    about: str
    summary: str
    citation: str


@dataclass(frozen=True)
class QuoteLine:
    quote_id: str
    text: str
    citation: str


@dataclass(frozen=True)
class Card:
    actor_id: str
    title: str
    named: bool
    kind: str
    country: str
    role: str | None
    unknowns: str | None
    paragraphs: list[int]
    said: list[Line] = field(default_factory=list)
    quotes: list[QuoteLine] = field(default_factory=list)
    involved: list[Line] = field(default_factory=list)
    addressed_by: list[Line] = field(default_factory=list)
    about: list[Line] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    silences: list[Line] = field(default_factory=list)

    @property
    def silent(self) -> bool:
        return bool(self.silences)

    @property
    def addressed(self) -> list[str]:
        """Whom this actor's statements were addressed to, as the report names them (not whom they were about)."""
        return sorted({name for line in self.said for name in line.addressees})


@per_brief
def actor_cards(brief: Brief) -> list[Card]:
    """One card per actor row, in the actors table's order.

    The facts are indexed by actor once (not filtered once per actor), so a large table costs one pass.
    """
    names = actor_names(brief)
    facts = brief.facts[brief.facts["status"] != Status.DERIVED]
    lines = {fact.fact_id: _line(brief, fact, names) for fact in facts.itertuples(index=False)}
    by_column = {column: _index(facts, column) for column in ("actor_ids", "addressee_ids", "about_ids")}
    kinds = facts.set_index("fact_id")["kind"].to_dict()
    quotes = _index(brief.quotes, "speaker_actor_ids", "quote_id")
    quote_rows = brief.quotes.set_index("quote_id", drop=False)
    cards = []
    for actor in brief.actors.itertuples():
        own = by_column["actor_ids"].get(actor.actor_id, [])
        addressed = set(by_column["addressee_ids"].get(actor.actor_id, []))
        cards.append(
            Card(
                actor_id=actor.actor_id,
                title=actor.name or actor.label,
                named=actor.name is not None,
                kind=actor.kind,
                country=names.get(actor.country_id, NO_COUNTRY) if actor.country_id else NO_COUNTRY,
                role=actor.role,
                unknowns=actor.unknowns,
                paragraphs=actor.paragraphs,
                said=[lines[f] for f in own if kinds[f] == FactKind.STATEMENT],
                quotes=[
                    QuoteLine(
                        q,
                        quote_rows.loc[q, "text"],
                        citation(brief, quote_rows.loc[q, "source_id"], [quote_rows.loc[q, "paragraph"]]),
                    )
                    for q in quotes.get(actor.actor_id, [])
                ],
                involved=[lines[f] for f in own if kinds[f] in (FactKind.NUMBER, FactKind.SITUATION)],
                addressed_by=[lines[f] for f in by_column["addressee_ids"].get(actor.actor_id, [])],
                about=[
                    lines[f]
                    for f in by_column["about_ids"].get(actor.actor_id, [])
                    if f not in addressed and kinds[f] != FactKind.SILENCE
                ],
                events=[
                    f"{e.title} ({citation(brief, e.source_id, e.paragraphs)})"
                    for e in brief.events.itertuples()
                    if actor.actor_id in e.actor_ids
                ],
                silences=[
                    lines[f] for f in by_column["about_ids"].get(actor.actor_id, []) if kinds[f] == FactKind.SILENCE
                ],
            )
        )
    return cards


@dataclass(frozen=True)
class CardText:
    """One line of a card as plain text; the page only decides how each style looks and escapes the text."""

    style: str
    """`note` (bold sentence), `section` (bold heading), `item` (bullet with a bold label), `quote`, `field`
    (bold label, then text) or `caption`."""
    text: str
    label: str = ""


def card_texts(card: Card) -> list[CardText]:
    """Every sentence a card shows, in order, composed only from the card's rows (the ledger lists them too)."""
    texts = [CardText("caption", f"{card.kind} · {card.country} · role: {card.role or 'none given in the report'}")]
    if not card.named:
        texts.append(CardText("note", "Not named in the report."))
    texts += [
        CardText("note", f"No statement by this actor is in the report. {line.summary}")
        for line in card.silences[:LIST_LIMIT]
    ]
    texts += _more(card.silences, "facts noting this silence")
    if not card.said and card.kind == "person":
        texts.append(CardText("note", "No statement by this person is in the report."))
    if card.said:
        texts.append(CardText("section", "Said"))
    for line in card.said[:LIST_LIMIT]:
        topic = f" ({line.about})" if line.about else ""
        texts.append(CardText("item", f"{line.action}{topic}: {line.summary} ({line.citation})", line.status))
    texts += _more(card.said, "statements by this actor")
    if card.involved:
        texts.append(CardText("section", "Involved in"))
    texts += [CardText("item", f"{line.summary} ({line.citation})", line.status) for line in card.involved[:LIST_LIMIT]]
    texts += _more(card.involved, "facts involving this actor")
    texts += [CardText("quote", quote.text, quote.citation) for quote in card.quotes]
    if card.addressed:
        texts.append(CardText("field", ", ".join(card.addressed), "Addressed"))
    if card.addressed_by:
        texts.append(
            CardText(
                "field",
                "; ".join(
                    f"{line.speakers} {line.action} ({line.citation})" for line in card.addressed_by[:LIST_LIMIT]
                ),
                "Addressed by",
            )
        )
        texts += _more(card.addressed_by, "statements addressed to this actor")
    if card.about:
        texts.append(CardText("section", "Spoken or written about in"))
    texts += [
        CardText("item", f"{line.speakers}: {line.summary} ({line.citation})", line.status)
        for line in card.about[:LIST_LIMIT]
    ]
    texts += _more(card.about, "statements about this actor")
    if card.events:
        texts.append(CardText("field", "; ".join(card.events), "Events"))
    texts.append(CardText("field", card.unknowns or "nothing noted", "Unknown"))
    texts.append(
        CardText(
            "caption",
            f"statements: {len(card.said)} · quotes: {len(card.quotes)} · mentioned in {paragraph_marks(card.paragraphs)}",
        )
    )
    return texts


def _more(lines: list[Line], noun: str) -> list[CardText]:
    """The one item that stands for a section's lines past LIST_LIMIT: a card of thousands of lines stalls the page."""
    hidden = len(lines) - LIST_LIMIT
    return [CardText("caption", more_facts(hidden, noun))] if hidden > 0 else []


def _index(table: pd.DataFrame, column: str, key: str = "fact_id") -> dict[str, list[str]]:
    """Row ids per actor id named in a list column, in table order: one pass instead of one filter per actor."""
    index: dict[str, list[str]] = {}
    for row_id, ids in zip(table[key], table[column], strict=True):
        for actor_id in ids:
            index.setdefault(actor_id, []).append(row_id)
    return index


def _line(brief: Brief, fact, names: dict[str, str]) -> Line:
    """A card line from a fact row as a named tuple (`itertuples`: a large table is read in one cheap pass)."""
    return Line(
        fact_id=fact.fact_id,
        status=STATUS_LABELS[Status(fact.status)],
        relation=fact.relation,
        speakers=wording.who(fact, names),
        action=wording.action(fact, names),
        addressees=tuple(names[a] for a in fact.addressee_ids),
        about=wording.about(fact, names),
        summary=fact.summary,
        citation=citation(brief, fact.source_id, fact.paragraphs),
    )


def filter_cards(
    cards: list[Card], brief: Brief, countries: list[str], kinds: list[str], topics: list[str]
) -> list[Card]:
    """Cards matching the chosen countries, kinds and topics (a topic matches any fact the actor is part of)."""
    topical = set()
    if topics:
        chosen = brief.facts[brief.facts["topic"].isin(topics)]
        for ids in [*chosen["actor_ids"], *chosen["addressee_ids"], *chosen["about_ids"]]:
            topical.update(ids)
    return [
        card
        for card in cards
        if (not countries or card.country in countries)
        and (not kinds or card.kind in kinds)
        and (not topics or card.actor_id in topical)
    ]


def group_by_country(cards: list[Card], brief: Brief) -> dict[str, list[Card]]:
    """Cards grouped by country in a fixed briefing order; actors of no country come last."""
    names = actor_names(brief)
    order = [names[c] for c in COUNTRY_ORDER if c in names] + [NO_COUNTRY]
    groups: dict[str, list[Card]] = {}
    for country in order + sorted({c.country for c in cards} - set(order)):
        members = [card for card in cards if card.country == country]
        if members:
            groups[country] = members
    return groups


@per_brief
def relation_edges(brief: Brief) -> pd.DataFrame:
    """One edge per speaker and per actor a statement is addressed to (`to`) or about (`about`).

    The two links are kept apart because a statement about X is not a statement to X.
    """
    facts = brief.facts[brief.facts["relation"].notna() & (brief.facts["status"] != Status.DERIVED)]
    rows = [
        {
            "fact_id": fact.fact_id,
            "source": speaker,
            "target": target,
            "link": link,
            "relation": fact.relation,
            "verb": wording.verb(fact),
            "status": fact.status,
            "summary": fact.summary,
            "citation": citation(brief, fact.source_id, fact.paragraphs),
            "paragraphs": fact.paragraphs,
        }
        for fact in facts.itertuples()
        for speaker in fact.actor_ids
        for link, targets in (("to", fact.addressee_ids), ("about", fact.about_ids))
        for target in targets
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "fact_id",
            "source",
            "target",
            "link",
            "relation",
            "verb",
            "status",
            "summary",
            "citation",
            "paragraphs",
        ],
    )


def edge_label(edge) -> str:
    """The words on a link: the report's verb, an arrow to an addressee or `(subject)`, and the paragraph."""
    return f"{edge.verb} {'→' if edge.link == 'to' else '(subject)'} {paragraph_marks(edge.paragraphs)}"


def node_positions(nodes: list[str], brief: Brief) -> dict[str, tuple[float, float]]:
    """Actors on a circle, neighbours by country, so that each side's people sit next to their state."""
    country = brief.actors.set_index("actor_id")["country_id"].to_dict()
    rank = {c: i for i, c in enumerate(COUNTRY_ORDER)}
    ordered = sorted(nodes, key=lambda a: (rank.get(country.get(a), len(rank)), a != country.get(a), a))
    step = 2 * math.pi / max(len(ordered), 1)
    return {a: (math.cos(math.pi / 2 - i * step), math.sin(math.pi / 2 - i * step)) for i, a in enumerate(ordered)}


def relations_figure(brief: Brief, highlight: str | None = None, look: Look = SCREEN) -> go.Figure:
    """The framed relationship network; each edge's midpoint marker carries its fact for hover and tests."""
    edges = relation_edges(brief)
    names = actor_names(brief)
    nodes = sorted(set(edges["source"]) | set(edges["target"]))
    position = node_positions(nodes, brief)
    colours = look.palette
    fig = go.Figure()
    # Several statements between the same pair share one arrow; their markers sit at different points along it. Past
    # EDGES_PER_PAIR they are counted in the drawn markers' hover, not drawn: thousands of marks on one arrow read as
    # one blot and cost the browser a mark (and an arrow) each.
    rank = edges.groupby(["source", "target"]).cumcount()
    total = edges.groupby(["source", "target"])["fact_id"].transform("size")
    edges = edges.assign(along=0.5 - 0.18 * rank, hidden=(total - EDGES_PER_PAIR).clip(lower=0))[rank < EDGES_PER_PAIR]
    for edge in edges.drop_duplicates(["source", "target", "link", "status"]).itertuples():
        (x0, y0), (x1, y1) = position[edge.source], position[edge.target]
        faded = highlight is not None and highlight not in (edge.source, edge.target)
        fig.add_annotation(
            x=x0 + 0.92 * (x1 - x0),
            y=y0 + 0.92 * (y1 - y0),
            ax=x0,
            ay=y0,
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            showarrow=True,
            arrowhead=3 if edge.link == "to" else 0,
            arrowsize=1.2,
            arrowwidth=look.px(1 if faded else 2.5),
            arrowcolor=colours.faint if faded else colours.status[Status(edge.status)],
            text="",
        )
    for status, group in edges.groupby("status", sort=False):
        fig.add_trace(
            go.Scatter(
                x=[
                    position[e.source][0] + e.along * (position[e.target][0] - position[e.source][0])
                    for e in group.itertuples()
                ],
                y=[
                    position[e.source][1] + e.along * (position[e.target][1] - position[e.source][1])
                    for e in group.itertuples()
                ],
                mode="markers+text",
                marker={
                    "size": look.px(14),
                    "color": colours.status[Status(status)],
                    "symbol": STATUS_SYMBOL[Status(status)],
                },
                text=[edge_label(e) for e in group.itertuples()],
                textposition="top center",
                name=STATUS_LABELS[Status(status)],
                customdata=[[e.fact_id] for e in group.itertuples()],
                hovertext=[
                    f"<b>{escape_plotly(names[e.source])} {e.verb} "
                    f"{escape_plotly(names[e.target]) if e.link == 'to' else '(subject: ' + escape_plotly(names[e.target]) + ')'}</b><br>"
                    f"{STATUS_LABELS[Status(e.status)]}: {wrap(escape_plotly(e.summary), 60)}<br>"
                    f"{escape_plotly(e.citation)} · {e.fact_id}"
                    + (f"<br>{more_facts(e.hidden, 'statements between these two')}" if e.hidden else "")
                    for e in group.itertuples()
                ],
                hoverinfo="text",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[position[n][0] for n in nodes],
            y=[position[n][1] for n in nodes],
            mode="markers+text",
            marker={
                "size": [look.px(24 if n == highlight else 16) for n in nodes],
                "color": colours.background,
                "line": {"width": look.px(2.5), "color": colours.ink},
            },
            text=[wrap(escape_plotly(names[n]), 22) for n in nodes],
            textposition=[_label_side(position[n]) for n in nodes],
            customdata=[[n] for n in nodes],
            hovertext=[escape_plotly(names[n]) for n in nodes],
            hoverinfo="text",
            name="actor",
            showlegend=False,
        )
    )
    fig.update_xaxes(visible=False, range=[-1.9, 1.9])
    fig.update_yaxes(visible=False, range=[-1.3, 1.3], scaleanchor="x")
    fig.update_layout(legend={"title": {"text": "Status"}, "x": 1.0, "y": 1})
    source = f"{brief.report['citation_label']}; each arrow is one cited statement (hover for its words and paragraph)"
    return frame_figure(fig, RELATIONS_TITLE, source, brief.as_of, look)


def _label_side(point: tuple[float, float]) -> str:
    x, y = point
    vertical = "top" if y > 0.3 else "bottom" if y < -0.3 else "middle"
    horizontal = "right" if x > 0.2 else "left" if x < -0.2 else "center"
    return f"{vertical} {horizontal}"


def relations_alt_text(brief: Brief) -> str:
    """One clause per statement, e.g. 'Volodymyr Zelensky urged South Korea (subject: Ukraine) (¶8)'."""
    names = actor_names(brief)
    edges = relation_edges(brief)
    facts = brief.facts.set_index("fact_id", drop=False)
    statements = list(dict.fromkeys(edges["fact_id"]))
    clauses = [
        f"{wording.statement_line(facts.loc[fact_id], names)} ({paragraph_marks(facts.loc[fact_id, 'paragraphs'])})"
        for fact_id in statements[:ALT_TEXT_LIMIT]
    ]
    clauses += [more_facts(len(statements) - ALT_TEXT_LIMIT, "statements")] if len(statements) > ALT_TEXT_LIMIT else []
    return (
        f"Chart of {len(statements)} cited statements: who said them, to whom where the report names an addressee, "
        "and whom they were about. " + "; ".join(clauses) + "."
    )


def relations_fact_ids(brief: Brief) -> list[str]:
    return list(dict.fromkeys(relation_edges(brief)["fact_id"]))
