"""Shared look of every chart: a colour-blind-safe palette, status labels, and the frame an exported image carries.

A chart pasted into a memo leaves the app behind, so its title, source line, as-of date and status legend are
drawn inside the figure itself by `frame_figure`, never only in the page around it.
"""

from __future__ import annotations

import html
import re
from datetime import date

import plotly.graph_objects as go

from kursk_brief.schema import STATUS_MEANING, Status

# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies, and on a projector.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#7f7f7f",
}

STATUS_COLOURS: dict[Status, str] = {
    Status.REPORTED: OKABE_ITO["blue"],
    Status.CLAIMED: OKABE_ITO["orange"],
    Status.ANTICIPATED: OKABE_ITO["purple"],
    Status.DERIVED: OKABE_ITO["green"],
}

STATUS_LABELS: dict[Status, str] = {status: status.value.upper() for status in Status}

# Redundant with colour: anticipated items are also dashed/hatched, derived ones open-marked.
STATUS_DASH: dict[Status, str] = {
    Status.REPORTED: "solid",
    Status.CLAIMED: "solid",
    Status.ANTICIPATED: "dash",
    Status.DERIVED: "dot",
}
STATUS_SYMBOL: dict[Status, str] = {
    Status.REPORTED: "circle",
    Status.CLAIMED: "diamond",
    Status.ANTICIPATED: "circle-open",
    Status.DERIVED: "square-open",
}

FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
PRESENTATION_SIZE = (1920, 1080)


def status_legend_text() -> str:
    """Each status with its colour and meaning, one to a line so it fits a narrow chart, baked into exports."""
    return "<br>".join(
        f"<span style='color:{STATUS_COLOURS[s]}'>■</span> {STATUS_LABELS[s]}: {STATUS_MEANING[s]}" for s in Status
    )


def frame_figure(fig: go.Figure, title: str, source_line: str, as_of: date) -> go.Figure:
    """Put title, source line, as-of date and status legend inside the figure, so they survive any export."""
    fig.update_layout(
        title={"text": f"<b>{title}</b>", "x": 0.01, "xanchor": "left", "font": {"size": 20}},
        font={"family": FONT_FAMILY, "size": 14, "color": "#111111"},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        margin={"l": 20, "r": 20, "t": 70, "b": 150},
    )
    footer = f"{status_legend_text()}<br>" + wrap(f"Source: {source_line}. As of {as_of:%d %b %Y}.", 120)
    fig.add_annotation(
        text=footer,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-10,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        font={"size": 11, "color": "#333333"},
        name="footer",
    )
    return fig


def plotly_config(filename: str) -> dict:
    """Modebar settings: downloads at presentation size with a meaningful name; no link to any other host."""
    width, height = PRESENTATION_SIZE
    return {
        "displaylogo": False,
        "showLink": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "width": width, "height": height, "scale": 1},
    }


def plain(text: str) -> str:
    """Data text inside a Plotly label or hover, shown literally: Plotly renders some HTML tags, data must not."""
    return html.escape(text, quote=False)


def wrap(text: str, width: int) -> str:
    """Break a label into lines of at most `width` characters (Plotly does not wrap text itself)."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~=$&:])")


def escape_markdown(text: str) -> str:
    """Data shown through st.markdown must read literally: no emphasis, links, headings or tags from a data cell."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
