"""Actor cards and the relationship view: who said what, in what role, to or about whom, every line cited.

A card is assembled only from rows: a statement line is a fact row, a quote line a quote row, and what the report
does not say about an actor (a name, a date, a statement at all) is shown as unknown rather than filled in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from kursk_brief.facts import Brief, actor_names, citation, overlaps, paragraph_marks
from kursk_brief.schema import FactKind, Relation, Status
from kursk_brief.style import STATUS_COLOURS, STATUS_LABELS, STATUS_SYMBOL, frame_figure, plain, wrap

COUNTRY_ORDER = ["united_states", "south_korea", "ukraine", "russia", "north_korea", "china"]
NO_COUNTRY = "No country"
RELATIONS_TITLE = "Who addressed, praised, warned or called on whom"


@dataclass(frozen=True)
class Line:
    """One cited statement line of a card."""

    fact_id: str
    status: str
    relation: str | None
    other_names: tuple[str, ...]
    summary: str
    citation: str

    @property
    def others(self) -> str:
        return ", ".join(self.other_names)


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
    about: list[Line] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    silent: bool = False

    @property
    def calls_and_warnings(self) -> list[Line]:
        return [line for line in self.said if line.relation in (Relation.CALLED_ON, Relation.WARNED)]

    @property
    def addressed(self) -> list[str]:
        return sorted({name for line in self.said for name in line.other_names})


def actor_cards(brief: Brief) -> list[Card]:
    """One card per actor row, in the actors table's order."""
    names = actor_names(brief)
    facts = brief.facts[brief.facts["status"] != Status.DERIVED]
    cards = []
    for actor in brief.actors.itertuples():
        own = facts[overlaps(facts["actor_ids"], [actor.actor_id])]
        spoken = own[own["kind"] == FactKind.STATEMENT]
        involved = own[~own["kind"].isin([FactKind.STATEMENT, FactKind.SILENCE])]
        targeted = facts[overlaps(facts["target_actor_ids"], [actor.actor_id])]
        quotes = brief.quotes[overlaps(brief.quotes["speaker_actor_ids"], [actor.actor_id])]
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
                said=[_line(brief, row, "target_actor_ids", names) for _, row in spoken.iterrows()],
                quotes=[
                    QuoteLine(q.quote_id, q.text, citation(brief, q.source_id, [q.paragraph]))
                    for q in quotes.itertuples()
                ],
                involved=[_line(brief, row, "target_actor_ids", names) for _, row in involved.iterrows()],
                about=[_line(brief, row, "actor_ids", names) for _, row in targeted.iterrows()],
                events=[
                    f"{e.title} ({citation(brief, e.source_id, e.paragraphs)})"
                    for e in brief.events.itertuples()
                    if actor.actor_id in e.actor_ids
                ],
                silent=bool((own["kind"] == FactKind.SILENCE).any()),
            )
        )
    return cards


def _line(brief: Brief, fact: pd.Series, others_column: str, names: dict[str, str]) -> Line:
    return Line(
        fact_id=fact["fact_id"],
        status=STATUS_LABELS[Status(fact["status"])],
        relation=fact["relation"],
        other_names=tuple(names[a] for a in fact[others_column]),
        summary=fact["summary"],
        citation=citation(brief, fact["source_id"], fact["paragraphs"]),
    )


def filter_cards(
    cards: list[Card], brief: Brief, countries: list[str], kinds: list[str], topics: list[str]
) -> list[Card]:
    """Cards matching the chosen countries, kinds and topics (a topic matches any fact the actor is part of)."""
    topical = set()
    if topics:
        chosen = brief.facts[brief.facts["topic"].isin(topics)]
        for ids in [*chosen["actor_ids"], *chosen["target_actor_ids"]]:
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


def relation_edges(brief: Brief) -> pd.DataFrame:
    """One edge per speaker and target of each cited statement: the data behind the relationship view."""
    facts = brief.facts[brief.facts["relation"].notna() & (brief.facts["status"] != Status.DERIVED)]
    rows = [
        {
            "fact_id": fact.fact_id,
            "source": speaker,
            "target": target,
            "relation": fact.relation,
            "status": fact.status,
            "summary": fact.summary,
            "citation": citation(brief, fact.source_id, fact.paragraphs),
            "paragraphs": fact.paragraphs,
        }
        for fact in facts.itertuples()
        for speaker in fact.actor_ids
        for target in fact.target_actor_ids
    ]
    return pd.DataFrame(
        rows, columns=["fact_id", "source", "target", "relation", "status", "summary", "citation", "paragraphs"]
    )


def node_positions(nodes: list[str], brief: Brief) -> dict[str, tuple[float, float]]:
    """Actors on a circle, neighbours by country, so that each side's people sit next to their state."""
    country = brief.actors.set_index("actor_id")["country_id"].to_dict()
    rank = {c: i for i, c in enumerate(COUNTRY_ORDER)}
    ordered = sorted(nodes, key=lambda a: (rank.get(country.get(a), len(rank)), a != country.get(a), a))
    step = 2 * math.pi / max(len(ordered), 1)
    return {a: (math.cos(math.pi / 2 - i * step), math.sin(math.pi / 2 - i * step)) for i, a in enumerate(ordered)}


def relations_figure(brief: Brief, highlight: str | None = None) -> go.Figure:
    """The framed relationship network; each edge's midpoint marker carries its fact for hover and tests."""
    edges = relation_edges(brief)
    names = actor_names(brief)
    nodes = sorted(set(edges["source"]) | set(edges["target"]))
    position = node_positions(nodes, brief)
    fig = go.Figure()
    for edge in edges.itertuples():
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
            arrowhead=3,
            arrowsize=1.2,
            arrowwidth=1 if faded else 2.5,
            arrowcolor="#cccccc" if faded else STATUS_COLOURS[Status(edge.status)],
            text="",
        )
    # Several statements between the same pair share one arrow; their markers sit at different points along it.
    edges = edges.assign(along=0.5 - 0.18 * edges.groupby(["source", "target"]).cumcount())
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
                marker={"size": 12, "color": STATUS_COLOURS[Status(status)], "symbol": STATUS_SYMBOL[Status(status)]},
                text=[e.relation.replace("_", " ") for e in group.itertuples()],
                textposition="top center",
                textfont={"size": 11, "color": "#333333"},
                name=STATUS_LABELS[Status(status)],
                customdata=[[e.fact_id] for e in group.itertuples()],
                hovertext=[
                    f"<b>{plain(names[e.source])} {e.relation.replace('_', ' ')} {plain(names[e.target])}</b><br>"
                    f"{STATUS_LABELS[Status(e.status)]}: {wrap(plain(e.summary), 60)}<br>{e.citation} · {e.fact_id}"
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
                "size": [24 if n == highlight else 16 for n in nodes],
                "color": "#ffffff",
                "line": {"width": 2.5, "color": "#111111"},
            },
            text=[wrap(plain(names[n]), 22) for n in nodes],
            textposition=[_label_side(position[n]) for n in nodes],
            customdata=[[n] for n in nodes],
            hovertext=[plain(names[n]) for n in nodes],
            hoverinfo="text",
            name="actor",
            showlegend=False,
        )
    )
    fig.update_xaxes(visible=False, range=[-1.9, 1.9])
    fig.update_yaxes(visible=False, range=[-1.3, 1.3], scaleanchor="x")
    fig.update_layout(height=760, legend={"title": {"text": "Status"}, "x": 1.0, "y": 1})
    source = f"{brief.report['citation_label']}; each arrow is one cited statement (hover for its words and paragraph)"
    return frame_figure(fig, RELATIONS_TITLE, source, brief.as_of)


def _label_side(point: tuple[float, float]) -> str:
    x, y = point
    vertical = "top" if y > 0.3 else "bottom" if y < -0.3 else "middle"
    horizontal = "right" if x > 0.2 else "left" if x < -0.2 else "center"
    return f"{vertical} {horizontal}"


def relations_alt_text(brief: Brief) -> str:
    """One clause per edge, e.g. 'Antony Blinken warned North Korea (¶3)'."""
    names = actor_names(brief)
    edges = relation_edges(brief)
    clauses = [
        f"{names[e.source]} {e.relation.replace('_', ' ')} {names[e.target]} ({paragraph_marks(e.paragraphs)})"
        for e in edges.itertuples()
    ]
    return (
        f"Network of {len(edges)} cited statements between {edges[['source', 'target']].stack().nunique()} actors: "
        + "; ".join(clauses)
        + "."
    )


def relations_fact_ids(brief: Brief) -> list[str]:
    return list(dict.fromkeys(relation_edges(brief)["fact_id"]))
