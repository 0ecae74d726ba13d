"""How a story slide looks on a shared screen: its HTML, the page style of the two themes, its chart, its notes.

Sizes are set for the back of a room: body text at least 28 px, titles at least 40 px, chart text at least 22 px,
growing with the screen width up to a cap, so 1920×1080 gets larger type and 1280×720 still fits one slide per
screen. Every data string is escaped here (`words.escape.escape_html`); the page only places what these functions return.
"""

from __future__ import annotations

from collections.abc import Iterable

import plotly.graph_objects as go

from kursk_brief.briefing.story import Slide
from kursk_brief.charts.look import BASE_TYPE, PALETTES, STATUS_LABELS, Look
from kursk_brief.charts.registry import chart_spec
from kursk_brief.data.brief import Brief
from kursk_brief.data.queries import facts_view
from kursk_brief.schema.rows import Status
from kursk_brief.words.escape import escape_html

BODY_PX = 28
TITLE_PX = 40
CHART_TEXT_PX = 22
CHART_SCALE = CHART_TEXT_PX / BASE_TYPE["text"]
"""The type scale a slide's chart is drawn at: its text at the chart minimum for the back of a room."""
SLIDE_CANVAS = (1200, 490)
"""The chart area of a slide at the smallest supported screen (1280×720), which the chart's layout must fit."""


def badge_text(background: str) -> str:
    """Black or white, whichever reads better on a status colour (WCAG contrast)."""
    return max(("#000000", "#ffffff"), key=lambda text: contrast(text, background))


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two `#rrggbb` colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def theme_css(theme: str) -> str:
    """The page style of the Present view's own markup: theme colours and slide type sizes (the rules for Streamlit's
    markup, which hide the sidebar, header and toolbar, are `app.internals.present_chrome_css`)."""
    p = PALETTES[theme]
    badges = "\n".join(
        f".kb-badge.kb-{status.value} {{ background: {colour}; color: {badge_text(colour)}; }}"
        for status, colour in p.status.items()
    )
    return f"""<style>
.st-key-kb-deck {{ min-height: calc(100vh - 20px); gap: 0.5rem; }}
.st-key-kb-deck > div:has(> .st-key-kb-slide) {{ flex: 1 1 auto; }}
.st-key-kb-slide {{ gap: 0.5rem; }}
.kb-slide, .kb-slide * {{ color: {p.ink}; font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }}
.kb-slide {{ font-size: clamp({BODY_PX}px, 1.75vw, 40px); line-height: 1.3; }}
.kb-slide h1.kb-title {{ font-size: clamp({TITLE_PX}px, 3vw, 64px); line-height: 1.15; font-weight: 700; margin: 0;
  padding: 0; letter-spacing: 0; }}
.kb-slide.kb-body ul {{ margin: 0; padding-left: 1.1em; font-size: inherit; }}
.kb-slide.kb-body li {{ margin: 0 0 0.45em; font-size: inherit; line-height: 1.3; }}
.kb-slide.kb-body p {{ margin: 0 0 0.3em; font-size: inherit; line-height: 1.3; }}
.kb-slide .kb-muted {{ color: {p.muted}; }}
.kb-slide .kb-quote {{ display: block; margin: 0.15em 0 0 0.6em; padding-left: 0.5em; border-left: 4px solid {p.muted};
  font-style: italic; }}
.kb-slide.kb-body p.kb-number {{ font-size: clamp(96px, 8vw, 176px); font-weight: 700; line-height: 1; margin: 0.1em 0 0.15em; }}
.kb-slide .kb-unit {{ font-size: clamp({BODY_PX}px, 2.6vw, 56px); font-weight: 700; }}
.kb-slide .kb-badge {{ display: inline-block; padding: 0 0.3em; border: 2px solid {p.ink}; border-radius: 0.2em;
  font-weight: 700; letter-spacing: 0.02em; }}
{badges}
.kb-slide.kb-footer {{ display: flex; justify-content: space-between; gap: 1em; border-top: 2px solid {p.muted};
  padding-top: 0.2em; }}
.kb-slide.kb-footer * {{ color: {p.muted}; }}
.kb-slide.kb-notice {{ border: 3px solid {p.status[Status.CLAIMED]}; padding: 0.1em 0.4em; }}
.kb-notes {{ border-top: 4px dashed {p.muted}; padding-top: 0.5em; font-size: 20px; color: {p.ink}; }}
.kb-notes * {{ color: {p.ink}; }}
.st-key-kb-controls {{ align-items: center; }}
.st-key-kb-controls p {{ color: {p.ink}; font-size: 20px; margin: 0; }}
</style>"""


def _badge(status: Status | None) -> str:
    return f'<span class="kb-badge kb-{status.value}">{STATUS_LABELS[status]}</span> ' if status else ""


def _item(item) -> str:
    lead = f"<strong>{escape_html(item.lead)}</strong> " if item.lead else ""
    marks = f' <span class="kb-muted">{escape_html(item.marks)}</span>' if item.marks else ""
    quote = f'<span class="kb-quote">“{escape_html(item.quote)}”</span>' if item.quote else ""
    detail = f'<span class="kb-quote">{escape_html(item.detail)}</span>' if item.detail else ""
    return f"<li>{_badge(item.status)}{lead}{escape_html(item.text)}{marks}{quote}{detail}</li>"


def _slide_label(number: int, total: int) -> str:
    """The heading and the counter name the slide in the same words, so a screen reader hears one wording."""
    return f'aria-label="Slide {number} of {total}"'


def _listing(css_class: str, head: str, items: Iterable[str], sep: str) -> str:
    """A block that leads with `head` and lists `items`: the slide body and the speaker notes share this markup.

    `sep` goes between the list's tags and items (the body puts each item on a line of its own, the notes do not).
    """
    return f'<div class="{css_class}">{head}<ul>{sep}{sep.join(items)}{sep}</ul></div>'


def title_html(slide: Slide, number: int, total: int) -> str:
    """The slide's heading; screen readers hear which slide of how many it is."""
    return (
        f'<section class="kb-slide kb-head" aria-roledescription="slide" {_slide_label(number, total)}>'
        f'<h1 class="kb-title">{escape_html(slide.title)}</h1></section>'
    )


def body_html(slide: Slide) -> str:
    """The headline figure, if any, and the items: every status in words, every paragraph cited."""
    head = ""
    if slide.headline:
        h = slide.headline
        hedge = f'<span class="kb-muted">{escape_html(h.hedge)}</span>'
        head = (
            f"<p>{_badge(h.status)}{hedge}</p>\n"
            f'<p class="kb-number">{escape_html(h.number)} <span class="kb-unit">{escape_html(h.unit)}</span></p>'
        )
    return _listing("kb-slide kb-body", head, (_item(item) for item in slide.items), "\n")


def footer_html(slide: Slide, number: int, total: int) -> str:
    """Source and as-of line, and the slide counter, on every slide."""
    return (
        f'<footer class="kb-slide kb-footer"><span>{escape_html(slide.source_line)}</span>\n'
        f'<span class="kb-counter" {_slide_label(number, total)}>{number}&#8239;/&#8239;{total}</span></footer>'
    )


def slide_number(asked: str, default: int) -> int:
    """A `?slide=` value as Streamlit's pagination reads it (Python's `int`, which takes "03", " 3" and "٣" but not
    "³" or "①"), or `default` where it reads none: the notice for a bad link must match the slide then shown."""
    try:
        return int(asked)
    except ValueError:
        return default


def notice_html(text: str) -> str:
    """A short notice on the slide itself (a bad `?slide=` or `?theme=`), in the theme's colours."""
    return f'<div class="kb-slide kb-notice" role="status">{escape_html(text)}</div>'


def notes_html(brief: Brief, slide: Slide) -> str:
    """Speaker notes: each row behind the slide with status, our summary, its citation and what a derived row rests on."""
    if not slide.fact_ids:
        return (
            '<div class="kb-notes"><p><strong>Speaker notes.</strong> This slide rests on the sources table '
            "and the actors table, not on fact rows.</p></div>"
        )
    row_of = dict(zip(brief.facts["fact_id"], brief.facts.index, strict=True))
    facts = brief.facts.loc[[row_of[fact_id] for fact_id in slide.fact_ids]]
    rows = []
    for _, row in facts_view(brief, facts).iterrows():
        derived = f" Derived from: {escape_html(row['derived_from'])}." if row["derived_from"] else ""
        rows.append(
            f"<li><strong>{escape_html(row['status'])}</strong> <code>{escape_html(row['id'])}</code>: "
            f"{escape_html(row['summary'])} ({escape_html(row['citation'])}).{derived}</li>"
        )
    return _listing("kb-notes", "<p><strong>Speaker notes: the rows behind this slide</strong></p>", rows, "")


def slide_look(theme: str) -> Look:
    """What a slide's chart is drawn for: the theme, its chart area at 1280×720, chart text at 22 px, no title or footer."""
    return Look(*SLIDE_CANVAS, theme=theme, scale=CHART_SCALE, titled=False, footed=False, notes=False)


def slide_figure(brief: Brief, chart: str, theme: str) -> go.Figure:
    """A registered chart drawn for a slide: the theme's template, text at the chart minimum, no title, no footer.

    The slide carries the title and the source line; the map's troop note is left out, as the next slide lists those
    rows with their status (at 22 px the note and the key do not both fit beside the map at 1280×720). The chart lays itself out in the canvas pixels of the slide's
    chart area at the smallest screen, so its labels, notes and key are placed for that box without collisions; a
    larger screen gives them more room, never less.
    """
    return chart_spec(chart).build(brief, look=slide_look(theme))
