"""How a story slide looks on a shared screen: its HTML, the page style of the two themes, its chart, its notes.

Sizes are set for the back of a room: body text at least 28 px, titles at least 40 px, chart text at least 22 px,
growing with the screen width up to a cap, so 1920×1080 gets larger type and 1280×720 still fits one slide per
screen. Every data string is escaped here; the page only places what these functions return.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import plotly.graph_objects as go

from kursk_brief.facts import Brief, facts_view
from kursk_brief.schema import Status
from kursk_brief.story import Slide
from kursk_brief.style import STATUS_LABELS, wrap

BODY_PX = 28
TITLE_PX = 40
CHART_TEXT_PX = 22
LEGEND_CHARS = 30
"""Legend entries are wrapped at this many characters so that the legend stands beside the chart, not over it."""
THEMES = ("light", "dark")


@dataclass(frozen=True)
class Palette:
    """Page colours of a theme; text pairs meet WCAG AA (4.5:1), rules and outlines 3:1."""

    background: str
    text: str
    muted: str
    rule: str
    accent: str
    accent_text: str


PALETTES = {
    "light": Palette("#ffffff", "#111111", "#333333", "#595959", "#0b5394", "#ffffff"),
    "dark": Palette("#000000", "#ffffff", "#e6e6e6", "#b3b3b3", "#ffd54a", "#000000"),
}
"""`dark` is also the high-contrast theme: white on black, a yellow accent, no mid greys for text."""

BADGE_COLOURS: dict[Status, tuple[str, str]] = {
    Status.REPORTED: ("#0072B2", "#ffffff"),
    Status.CLAIMED: ("#E69F00", "#000000"),
    Status.ANTICIPATED: ("#CC79A7", "#000000"),
    Status.DERIVED: ("#009E73", "#000000"),
}
"""Status label colours (Okabe–Ito, as in the charts) with the text colour that reads on each at 4.5:1 or more."""


def escape(text: str) -> str:
    """Data text inside the slide's HTML, shown literally."""
    return html.escape(str(text), quote=True)


def theme_css(theme: str) -> str:
    """The page style of the Present view: theme colours, slide type sizes, and no sidebar, header or toolbar."""
    p = PALETTES[theme]
    badges = "\n".join(
        f".kb-badge.kb-{status.value} {{ background: {bg}; color: {fg}; }}"
        for status, (bg, fg) in BADGE_COLOURS.items()
    )
    return f"""<style>
.stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] {{ background: {p.background}; color: {p.text}; }}
[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stToolbar"], [data-testid="stDecoration"],
div:has(> .st-key-kb-keys) {{ display: none !important; }}
[data-testid="stMainBlockContainer"] {{ padding: 12px 40px 8px; max-width: none; }}
.st-key-kb-deck {{ min-height: calc(100vh - 20px); gap: 0.5rem; }}
.st-key-kb-deck > div:has(> .st-key-kb-slide) {{ flex: 1 1 auto; }}
.st-key-kb-slide {{ gap: 0.5rem; }}
.st-key-kb-slide > .stElementContainer:has(.kb-footer) {{ margin-top: auto; }}
.kb-slide, .kb-slide * {{ color: {p.text}; font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }}
.kb-slide {{ font-size: clamp({BODY_PX}px, 1.75vw, 40px); line-height: 1.3; }}
.kb-slide h1.kb-title {{ font-size: clamp({TITLE_PX}px, 3vw, 64px); line-height: 1.15; font-weight: 700; margin: 0;
  padding: 0; letter-spacing: 0; }}
.kb-slide.kb-body ul {{ margin: 0; padding-left: 1.1em; font-size: inherit; }}
.kb-slide.kb-body li {{ margin: 0 0 0.45em; font-size: inherit; line-height: 1.3; }}
.kb-slide.kb-body p {{ margin: 0 0 0.3em; font-size: inherit; line-height: 1.3; }}
.kb-slide .kb-muted {{ color: {p.muted}; }}
.kb-slide .kb-quote {{ display: block; margin: 0.15em 0 0 0.6em; padding-left: 0.5em; border-left: 4px solid {p.rule};
  font-style: italic; }}
.kb-slide.kb-body p.kb-number {{ font-size: clamp(96px, 8vw, 176px); font-weight: 700; line-height: 1; margin: 0.1em 0 0.15em; }}
div.stVerticalBlock.st-key-kb-chart {{ flex: 0 0 auto; height: calc(100vh - 230px); min-height: 300px; }}
.kb-slide .kb-unit {{ font-size: clamp({BODY_PX}px, 2.6vw, 56px); font-weight: 700; }}
.kb-slide .kb-badge {{ display: inline-block; padding: 0 0.3em; border: 2px solid {p.text}; border-radius: 0.2em;
  font-weight: 700; letter-spacing: 0.02em; }}
{badges}
.kb-slide.kb-footer {{ display: flex; justify-content: space-between; gap: 1em; border-top: 2px solid {p.rule};
  padding-top: 0.2em; }}
.kb-slide.kb-footer * {{ color: {p.muted}; }}
.kb-slide.kb-notice {{ border: 3px solid {p.accent}; padding: 0.1em 0.4em; }}
.kb-notes {{ border-top: 4px dashed {p.rule}; padding-top: 0.5em; font-size: 20px; color: {p.text}; }}
.kb-notes * {{ color: {p.text}; }}
[data-testid="stPagination"] button {{ color: {p.text}; font-size: 22px; }}
[data-testid="stPagination"] button[aria-current="page"] {{ background: {p.accent}; color: {p.accent_text}; }}
[data-testid="stPagination"] svg {{ fill: {p.text}; color: {p.text}; }}
.st-key-kb-controls {{ align-items: center; }}
.st-key-kb-controls p {{ color: {p.text}; font-size: 20px; margin: 0; }}
</style>"""


def _badge(status: Status | None) -> str:
    return f'<span class="kb-badge kb-{status.value}">{STATUS_LABELS[status]}</span> ' if status else ""


def _item(item) -> str:
    lead = f"<strong>{escape(item.lead)}</strong> " if item.lead else ""
    marks = f' <span class="kb-muted">{escape(item.marks)}</span>' if item.marks else ""
    quote = f'<span class="kb-quote">“{escape(item.quote)}”</span>' if item.quote else ""
    detail = f'<span class="kb-quote">{escape(item.detail)}</span>' if item.detail else ""
    return f"<li>{_badge(item.status)}{lead}{escape(item.text)}{marks}{quote}{detail}</li>"


def title_html(slide: Slide, number: int, total: int) -> str:
    """The slide's heading; screen readers hear which slide of how many it is."""
    return (
        f'<section class="kb-slide kb-head" aria-roledescription="slide" aria-label="Slide {number} of {total}">'
        f'<h1 class="kb-title">{escape(slide.title)}</h1></section>'
    )


def body_html(slide: Slide) -> str:
    """The headline figure, if any, and the items: every status in words, every paragraph cited."""
    parts = []
    if slide.headline:
        h = slide.headline
        hedge = f'<span class="kb-muted">{escape(h.hedge)}</span>'
        parts.append(
            f"<p>{_badge(h.status)}{hedge}</p>"
            f'<p class="kb-number">{escape(h.number)} <span class="kb-unit">{escape(h.unit)}</span></p>'
        )
    parts.append("<ul>" + "".join(_item(item) for item in slide.items) + "</ul>")
    return f'<div class="kb-slide kb-body">{"".join(parts)}</div>'


def footer_html(slide: Slide, number: int, total: int) -> str:
    """Source and as-of line, and the slide counter, on every slide."""
    return (
        f'<footer class="kb-slide kb-footer"><span>{escape(slide.source_line)}</span>'
        f'<span class="kb-counter" aria-label="Slide {number} of {total}">{number}&#8239;/&#8239;{total}</span></footer>'
    )


def notice_html(text: str) -> str:
    """A short notice on the slide itself (a bad `?slide=` or `?theme=`), in the theme's colours."""
    return f'<div class="kb-slide kb-notice" role="status">{escape(text)}</div>'


def notes_html(brief: Brief, slide: Slide) -> str:
    """Speaker notes: each row behind the slide with status, our summary, its citation and what a derived row rests on."""
    if not slide.fact_ids:
        return (
            '<div class="kb-notes"><p><strong>Speaker notes.</strong> This slide rests on the sources table '
            "and the actors table, not on fact rows.</p></div>"
        )
    facts = brief.facts.set_index("fact_id", drop=False).loc[list(slide.fact_ids)]
    rows = []
    for _, row in facts_view(brief, facts).iterrows():
        derived = f" Derived from: {escape(row['derived_from'])}." if row["derived_from"] else ""
        rows.append(
            f"<li><strong>{escape(row['status'])}</strong> <code>{escape(row['id'])}</code>: "
            f"{escape(row['summary'])} ({escape(row['citation'])}).{derived}</li>"
        )
    return (
        '<div class="kb-notes"><p><strong>Speaker notes: the rows behind this slide</strong></p>'
        f"<ul>{''.join(rows)}</ul></div>"
    )


SLIDE_DROPS = {"footer", "troop-note"}
"""Annotations a slide leaves out: the export frame (the slide has its own title, source and status words) and notes
whose rows the slide lists beside the chart."""


def slide_figure(figure: go.Figure, theme: str) -> go.Figure:
    """A registered chart made for a slide: no frame, text at least the chart minimum, no colliding labels.

    At slide size the names placed for orientation collide (a region's name over its neighbour's, a city's under its
    region's), so a slide keeps the labels the chart emphasises (bold) and the legend; the others stay in the hover
    for a presenter at the laptop and in the chart on the Map page and in exports.
    """
    p = PALETTES[theme]
    fig = go.Figure(figure)
    fig.layout.annotations = [a for a in fig.layout.annotations if a.name not in SLIDE_DROPS]
    fig.update_layout(
        title=None,
        height=None,
        autosize=True,
        paper_bgcolor=p.background,
        plot_bgcolor=p.background,
        font={"size": CHART_TEXT_PX, "color": p.text},
        legend={
            "font": {"size": CHART_TEXT_PX, "color": p.text},
            "bgcolor": p.background,
            "orientation": "v",
            "x": 1,
            "xanchor": "left",
            "y": 1,
            "yanchor": "top",
        },
        margin={"l": 4, "r": 4, "t": 4, "b": 4},
        hoverlabel={"font": {"size": CHART_TEXT_PX}},
    )
    for annotation in fig.layout.annotations:
        annotation.font.size = max(annotation.font.size or 0, CHART_TEXT_PX)
    for trace in fig.data:
        if trace.name:
            trace.name = wrap(trace.name, LEGEND_CHARS)
        if getattr(trace, "mode", None) == "markers+text":
            if trace.showlegend is False:
                trace.text = [t if t and t.startswith("<b>") else "" for t in trace.text]
            else:
                trace.mode = "markers"
        if getattr(trace, "textfont", None) is not None:
            trace.textfont.size = max(trace.textfont.size or 0, CHART_TEXT_PX)
    return fig
