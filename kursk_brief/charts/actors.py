"""Actor cards and the relationship view: who said what, in what role, to or about whom, every line cited.

A card is assembled only from rows: a statement line is a fact row, a quote line a quote row, and what the report
does not say about an actor (a name, a date, a statement at all) is shown as unknown rather than filled in.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import groupby

import pandas as pd
import plotly.graph_objects as go

from kursk_brief.charts import layout
from kursk_brief.charts.look import SCREEN, STATUS_LABELS, STATUS_SYMBOL, Draft, Frame, Look, wrap
from kursk_brief.data.brief import Brief, per_brief
from kursk_brief.data.phrases import ALT_TEXT_LIMIT, LIST_LIMIT, capped, citation, more_facts, paragraph_marks
from kursk_brief.data.queries import actor_names
from kursk_brief.schema.rows import FactKind, Status
from kursk_brief.words import wording
from kursk_brief.words.escape import escape_html, escape_plotly

NO_COUNTRY = "No country"
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


# The cards' look beside Streamlit's own (measured on the markdown and containers it replaces): a box like
# `st.container(border=True)`, headings as `st.subheader` and markdown `####` draw them, a word longer than a narrow
# card broken as Streamlit's markdown breaks it. Three to a row as `st.columns(3)` set them (one card alone takes two
# thirds, as `st.columns([2, 1])` gave it), but by the width the cards have, not the screen's: two to a row where three
# would be under about 250 px wide (a desk window beside another, the sidebar open), one under about 250 px for two.
# Lines and grey text are the text colour faded, so they follow the theme; links take the theme's link colour
# (`theme.linkColor`), which the page passes in.
_CARDS_CSS = """<style>
.kb-actors {{ container-type: inline-size; }}
.kb-actors h3 {{ font-size: 1.75rem; font-weight: 600; line-height: 1.2; letter-spacing: -0.005em; margin: 0;
  padding: 0.75rem 0 1rem; }}
.kb-actors h4 {{ font-size: 1.5rem; font-weight: 600; line-height: 1.2; margin: 0; padding: 0.5rem 0 1rem; }}
.kb-cards {{ display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 1rem 0.75rem; margin-bottom: 1rem; }}
.kb-cards.kb-one {{ grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); }}
@container (max-width: 779px) {{ .kb-cards {{ grid-template-columns: repeat(2, minmax(0, 1fr)); }} }}
@container (max-width: 519px) {{ .kb-cards, .kb-cards.kb-one {{ grid-template-columns: minmax(0, 1fr); }} }}
.kb-card {{ border: 1px solid color-mix(in srgb, currentColor 20%, transparent); border-radius: 0.5rem;
  padding: calc(1rem - 1px); overflow-wrap: break-word; }}
.kb-card p, .kb-card ul {{ margin: 0 0 1rem; }}
.kb-card > :last-child {{ margin-bottom: 0; }}
.kb-card ul {{ padding-left: 1.125rem; }}
.kb-card li {{ margin: 0.2em 0; padding-left: 0.3em; }}
.kb-card .kb-caption {{ font-size: 0.875rem; color: color-mix(in srgb, currentColor 60%, transparent); }}
.kb-card blockquote {{ margin: 1rem 0; padding-left: 0.75rem;
  border-left: 2px solid color-mix(in srgb, currentColor 20%, transparent); }}
.kb-card a {{ color: {link}; }}
</style>"""


def cards_css(link_colour: str) -> str:
    """The style of `cards_html`, its links in `link_colour` (a CSS colour from the app's own config, not data)."""
    return _CARDS_CSS.format(link=link_colour)


def cards_html(groups: dict[str, list[Card]], links_lines: dict[str, str]) -> str:
    """All shown cards as one piece of HTML: a heading per country, then its cards in a grid (style: `cards_css`).

    One `st.html`, not a bordered container, a markdown block and a row of columns per card: nineteen cards made some
    eighty Streamlit elements, and the browser's work on them (React, styles, markdown parsing) delayed the page's
    chart on every visit. `links_lines` maps an actor id to its card's last line (`urls.links_html`).
    """
    grid = "kb-cards kb-one" if sum(map(len, groups.values())) == 1 else "kb-cards"
    sections = "".join(
        f'<h3>{escape_html(country)}</h3><div class="{grid}">'
        + "".join(card_html(card, links_lines[card.actor_id]) for card in members)
        + "</div>"
        for country, members in groups.items()
    )
    return f'<div class="kb-actors">{sections}</div>'


def card_html(card: Card, links_line: str) -> str:
    """One card: its heading, then `card_texts` in order (every data string escaped), then `links_line` (HTML the app
    built, `urls.links_html`)."""
    parts = [f"<h4>{escape_html(card.title)}</h4>"]
    for is_item, lines in groupby(card_texts(card), key=lambda line: line.style == "item"):
        lines_html = [_line_html(line) for line in lines]
        parts += [f"<ul>{''.join(lines_html)}</ul>"] if is_item else lines_html
    return f'<div class="kb-card">{"".join(parts)}<p>{links_line}</p></div>'


def _line_html(line: CardText) -> str:
    """A card line as HTML, its text and label escaped; items in a row are put in one list by `card_html`."""
    text, label = escape_html(line.text), escape_html(line.label)
    if line.style == "caption":
        return f'<p class="kb-caption">{text}</p>'
    if line.style in ("note", "section"):
        return f"<p><strong>{text}</strong></p>"
    if line.style == "item":
        return f"<li><strong>{label}</strong> · {text}</li>"
    if line.style == "quote":
        return f"<blockquote>“{text}”</blockquote><p>{label}</p>"
    return f"<p><strong>{label}</strong>: {text}</p>"


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
    """Cards grouped by country in the brief's order (`brief.csv`), other states after them alphabetically, and
    actors of no country last."""
    names = actor_names(brief)
    listed = [names[c] for c in brief.setting["country_order"] if c in names]
    others = sorted({c.country for c in cards} - {*listed, NO_COUNTRY})
    groups: dict[str, list[Card]] = {}
    for country in [*listed, *others, NO_COUNTRY]:
        members = [card for card in cards if card.country == country]
        if members:
            groups[country] = members
    return groups


def voices(cards: list[Card], brief: Brief) -> list[tuple[Card, str]]:
    """Whom a reader asks "what did they say" about: each actor with a statement in the report, and each whose
    silence the report notes, in briefing order, with a label saying how many statements the report gives."""
    heard = group_by_country([card for card in cards if card.said or card.silent], brief)
    return [(card, _voice_label(card)) for members in heard.values() for card in members]


def _voice_label(card: Card) -> str:
    if not card.said:
        return f"{card.title}: no statement in the report"
    return f"{card.title}: {len(card.said)} statement{'' if len(card.said) == 1 else 's'}"


RELATION_ROWS = 20
"""Statements a slide can hold as table rows; more are counted in a last line pointing to the Facts page."""
RELATION_HEADERS = ("Who", "Report's verb", "Addressed to", "About", "Status", "¶")
RELATIONS_NOTE = "One row per cited statement. Addressed to: only where the report names an addressee."


@per_brief
def statement_rows(brief: Brief) -> pd.DataFrame:
    """One row per cited statement, speakers grouped in order of their first statement, then by paragraph."""
    names = actor_names(brief)
    facts = brief.facts[brief.facts["relation"].notna() & (brief.facts["status"] != Status.DERIVED)]
    records = facts.to_dict("records")  # plain dicts: a Series per row costs seconds at 100,000 rows
    rows = pd.DataFrame(
        {
            "fact_id": facts["fact_id"],
            "speakers": facts["actor_ids"].map(tuple),
            "who": [wording.who(f, names) for f in records],
            "verb": [wording.verb(f) for f in records],
            "to": [wording.name_list(ids, names) for ids in facts["addressee_ids"]],
            "about": [wording.about_phrase(f, names) for f in records],
            "status": facts["status"],
            "paragraphs": facts["paragraphs"],
            "first": facts["paragraphs"].map(min),
            "actors": [
                {*a, *b, *c}
                for a, b, c in zip(facts["actor_ids"], facts["addressee_ids"], facts["about_ids"], strict=True)
            ],
            "summary": facts["summary"],
            "citation": [citation(brief, s, p) for s, p in zip(facts["source_id"], facts["paragraphs"], strict=True)],
        }
    )
    group_start = rows.groupby("speakers")["first"].transform("min")
    return (
        rows.assign(group=group_start).sort_values(["group", "speakers", "first"], kind="stable").reset_index(drop=True)
    )


def _fit_columns(cells: list[list[str]], px: float, width: float, gap: float) -> tuple[list[list[str]], list[float]]:
    """Wrap the wrappable columns (who, addressed to, about), widest first, until the table fits `width`.

    Each step narrows one column's limit, and a column narrower than six characters is left alone, so the loop ends
    even when a single long word keeps a column wide; the widths returned are those of the wrapped cells.
    """
    wrappable = (0, 2, 3)
    columns = range(len(cells[0]))
    limit = [max(layout.line_width(row[i], px) for row in cells) for i in columns]
    wrapped = cells
    widths = [max(layout.text_size(row[i], px)[0] for row in cells) for i in columns]
    while sum(widths) + gap * (len(widths) - 1) > width:
        narrowable = [i for i in wrappable if limit[i] > 6 * px]
        if not narrowable:
            break
        column = max(narrowable, key=lambda i: widths[i])
        limit[column] = min(limit[column], widths[column]) * 0.85
        # Only the narrowed column is wrapped again; the others keep their cells and widths.
        wrapped = [
            [layout.wrap(c, limit[i], px) if i == column else w for i, (c, w) in enumerate(zip(row, done, strict=True))]
            for row, done in zip(cells, wrapped, strict=True)
        ]
        widths[column] = max(layout.text_size(row[column], px)[0] for row in wrapped)
    return wrapped, widths


def relations_figure(brief: Brief, highlight: str | None = None, look: Look = SCREEN) -> go.Figure:
    """Who said what, to whom, about whom: a table drawn as a figure, readable without hover in a slide.

    Each row is one statement row of the fact table: the speaker (once per group), the report's own verb, the
    addressee only where the report names one, whom it concerns, the status (marker and word) and the paragraphs.
    A highlighted actor's rows are shaded and the title names the actor, so the view exports as it is shown.
    """
    names = actor_names(brief)
    rows, hidden = capped(statement_rows(brief), RELATION_ROWS)
    frame = _relations_frame(brief, names, highlight, look)
    plot = frame.plot_area()
    px, gap, marker = look.text_px, look.px(32), look.px(18)
    cells, widths = _fit_columns(_relation_cells(rows, hidden), px, plot.width - marker - gap / 4, gap)
    xs, gap = _column_lefts(widths, plot.width, gap, marker)
    ys, heights, padding = _row_tops(cells, px, plot.height, look)
    needed = ys[-1] + heights[-1]
    if look.fit_height and needed > plot.height:  # on screen the chart grows to hold its rows
        frame = replace(frame, look=replace(look, height=look.height + needed - plot.height))
        plot = frame.plot_area()
    fig = Draft()
    involved = [highlight in actors for actors in rows["actors"]] if highlight else [False] * len(rows)
    _add_row_shapes(fig, look, plot.width, involved, cells, ys, heights, padding)
    spots = [
        (x + (marker + gap / 4 if column == 4 and i > 0 else 0), y, text)
        for i, (row, y) in enumerate(zip(cells, ys, strict=True))
        for column, (text, x) in enumerate(zip(row, xs, strict=True))
        if text
    ]
    fig.add_trace(cell_trace(spots, px))
    for trace in _status_traces(rows, ys[1 : 1 + len(rows)], xs[4] + marker / 2, marker, look):
        fig.add_trace(trace)
    fig.update_xaxes(visible=False, range=[0, plot.width], fixedrange=True)
    fig.update_yaxes(visible=False, range=[plot.height, 0], fixedrange=True)
    return frame.apply(fig, plot)


def _relations_frame(brief: Brief, names: dict[str, str], highlight: str | None, look: Look) -> Frame:
    """Title, note and source line: a highlighted actor is named in title and note, so an export says what it shows."""
    title = wording.view_title(RELATIONS_TITLE, names[highlight]) if highlight else RELATIONS_TITLE
    note = wording.highlight_note(names[highlight]) if highlight else RELATIONS_NOTE
    source = f"{brief.report['citation_label']}; our wording of each statement, in the report's verbs"
    return Frame(look, title, source, brief.as_of, subtitle=note)


def _relation_cells(rows: pd.DataFrame, hidden: int) -> list[list[str]]:
    """The table's texts before wrapping: bold headers, a speaker only where its group starts, hidden rows counted."""
    status_words = [STATUS_LABELS[Status(s)] for s in rows["status"]]
    cells = [list(RELATION_HEADERS)] + [
        [
            escape_plotly(row.who) if i == 0 or row.speakers != rows.loc[i - 1, "speakers"] else "",
            row.verb,
            escape_plotly(row.to),
            escape_plotly(row.about),
            word,
            paragraph_marks(row.paragraphs),
        ]
        for i, (row, word) in enumerate(zip(rows.itertuples(), status_words, strict=True))
    ]
    cells[0] = [f"<b>{h}</b>" for h in cells[0]]
    if hidden:  # the rows past RELATION_ROWS are counted in a last line, not drawn
        cells.append([more_facts(hidden, "statements"), "", "", "", "", ""])
    return cells


def _column_lefts(widths: list[float], width: float, gap: float, marker: float) -> tuple[list[float], float]:
    """Columns' left edges and the widened gap: room for the status marker, half the spare width added to the gaps."""
    widths = list(widths)
    widths[4] += marker + gap / 4  # the status marker sits before its word
    spare = width - sum(widths) - gap * (len(widths) - 1)
    gap += max(0.0, spare) / (len(widths) - 1) * 0.5
    return [sum(widths[:i]) + gap * i for i in range(len(widths))], gap


def _row_tops(cells: list[list[str]], px: float, height: float, look: Look) -> tuple[list[float], list[float], float]:
    """Each row's top and height, and the padding between rows: the spare height shared out, within set bounds."""
    heights = [max(layout.text_size(cell, px)[1] for cell in row) for row in cells]
    padding = min(look.px(24), max(look.px(6), (height - sum(heights)) / len(cells)))
    return [sum(heights[:i]) + padding * i for i in range(len(cells))], heights, padding


def _add_row_shapes(
    fig: Draft,
    look: Look,
    width: float,
    involved: list[bool],
    cells: list[list[str]],
    ys: list[float],
    heights: list[float],
    padding: float,
) -> None:
    """Shade the highlighted actor's rows and rule a line above each speaker's group, the cues a table reads by."""
    colours = look.palette
    for i, y in enumerate(ys[1 : 1 + len(involved)], start=1):
        top = y - padding / 2
        if involved[i - 1]:
            fig.add_shape(
                type="rect",
                x0=-look.px(8),
                x1=width,
                y0=top,
                y1=y + heights[i] + padding / 2,
                fillcolor=colours.focus_fill,
                line={"width": 0},
                layer="below",
            )
        if cells[i][0]:
            fig.add_shape(
                type="line", x0=0, x1=width, y0=top, y1=top, line={"color": colours.faint, "width": look.px(1)}
            )


def _status_traces(rows: pd.DataFrame, ys: list[float], x: float, marker: float, look: Look) -> list[go.Scatter]:
    """One marker trace per status, at each row's status word: the legend's key, and the hover citing each row."""
    colours, px = look.palette, look.text_px
    traces = []
    for status, group in rows.assign(y=ys).groupby("status", sort=False):
        label, colour = STATUS_LABELS[Status(status)], colours.status[Status(status)]
        traces.append(
            go.Scatter(
                x=[x] * len(group),
                y=[y + px * 0.62 for y in group["y"]],
                mode="markers",
                marker={
                    "symbol": STATUS_SYMBOL[Status(status)],
                    "size": marker,
                    "color": colour,
                    "line": {"width": look.px(2.5), "color": colour},
                },
                name=label,
                customdata=[[f] for f in group["fact_id"]],
                hovertext=[
                    f"{wrap(escape_plotly(r.summary), 70)}<br>{label} · {escape_plotly(r.citation)} · {r.fact_id}"
                    for r in group.itertuples()
                ],
                hoverinfo="text",
            )
        )
    return traces


def cell_trace(spots: list[tuple[float, float, str]], px: float) -> go.Scatter:
    """The table's cells as one text trace, each cell's top-left corner at its spot, the box `layout.text_size`
    measures (the trace's point is lowered by `layout.TEXT_TOP` for that).

    A browser draws a trace's texts in one pass. As 71 annotations, each measured and placed on its own, the table
    made the Actors page, the slowest to open, spend 0.78 s in Plotly in Chromium's profile; as one trace, 0.44 s.
    """
    xs, ys, texts = zip(*spots, strict=True)
    return go.Scatter(
        x=xs,
        y=[y + layout.TEXT_TOP * px for y in ys],
        text=texts,
        mode="text",
        textposition="bottom right",
        hoverinfo="skip",
    )


def relations_alt_text(brief: Brief, highlight: str | None = None) -> str:
    """One clause per statement, e.g. 'Volodymyr Zelensky urged South Korea (about: Ukraine) (¶8)'."""
    names = actor_names(brief)
    facts = brief.facts.set_index("fact_id", drop=False)
    statements = statement_rows(brief)["fact_id"].tolist()
    clauses = [
        f"{wording.statement_line(facts.loc[fact_id], names)} ({paragraph_marks(facts.loc[fact_id, 'paragraphs'])})"
        for fact_id in statements[:ALT_TEXT_LIMIT]
    ]
    clauses += [more_facts(len(statements) - ALT_TEXT_LIMIT, "statements")] if len(statements) > ALT_TEXT_LIMIT else []
    shaded = f" {wording.highlight_note(names[highlight])}" if highlight else ""
    return (
        f"Table of {len(statements)} cited statements: who made each, the report's verb, to whom where the report "
        f"names an addressee, and what it was about.{shaded} " + "; ".join(clauses) + "."
    )


def relations_fact_ids(brief: Brief) -> list[str]:
    return statement_rows(brief)["fact_id"].tolist()
