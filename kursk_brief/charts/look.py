"""Shared look of every chart: one Plotly template per theme, type that scales with the output, status marks.

A chart pasted into a slide or memo leaves the app behind, so its title, status key, source line and as-of date are
drawn inside the figure (`Frame`), never only in the page around it, and its type is sized for where it goes.

How to use it (the Present view included)::

    look = Look.for_output(1920, 1080, theme="dark")   # a canvas of known size: export, projector
    look = SCREEN                                       # the app's pages (light)
    figure = geography.operational_figure(brief, look=look)
    template("dark", scale=1.1)                         # the bare template, for a chart of your own
    plotly.io.templates["kursk_light"], plotly.io.templates["kursk_dark"]   # registered, at 1920×1080 type

Type scale: at 1920×1080 the title is 36 px, every other chart text 20 px and the footer (status key, source) 16 px.
Any other canvas scales these by the square root of its area over 1920×1080 (1600×900: 30/16.7/14; A4 1240×877:
26/14.5/14), never below 14 px, the screen minimum. Marker sizes, line widths and gaps scale alike (`Look.px`),
so a figure drawn for one canvas and enlarged to another keeps its proportions.

Colour: the status colours are at least 3:1 against their theme's background and stay distinct (CIEDE2000) under
simulated deuteranopia and protanopia (tests/test_style.py); status is never told by colour alone: each has its own
marker shape (`STATUS_SYMBOL`, `STATUS_GLYPH`), line dash, and its word (`STATUS_LABELS`) in labels and key.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import plotly.graph_objects as go
import plotly.io as pio

from kursk_brief.charts import layout
from kursk_brief.schema.rows import STATUS_MEANING, Status
from kursk_brief.words.escape import escape_plotly

FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
BASE_CANVAS = (1920, 1080)
BASE_TYPE = {"title": 36.0, "text": 20.0, "footer": 16.0}
MIN_PX = 14.0
"""No text smaller than this anywhere, on screen or in any export."""

STATUS_LABELS: dict[Status, str] = {status: status.value.upper() for status in Status}
STATUS_SYMBOL: dict[Status, str] = {
    Status.REPORTED: "circle",
    Status.CLAIMED: "diamond",
    Status.ANTICIPATED: "circle-open",
    Status.DERIVED: "square-open",
}
STATUS_GLYPH: dict[Status, str] = {
    Status.REPORTED: "●",
    Status.CLAIMED: "◆",
    Status.ANTICIPATED: "○",
    Status.DERIVED: "□",
}
"""The marker shapes as characters, for keys and labels written as text."""
STATUS_DASH: dict[Status, str] = {
    Status.REPORTED: "solid",
    Status.CLAIMED: "solid",
    Status.ANTICIPATED: "dash",
    Status.DERIVED: "dot",
}
STATUS_PATTERN: dict[Status, str] = {
    Status.REPORTED: "",
    Status.CLAIMED: ".",
    Status.ANTICIPATED: "/",
    Status.DERIVED: "x",
}
"""Fill patterns of areas (timeline spans), so that two statuses never differ by colour alone."""


@dataclass(frozen=True)
class Palette:
    """Colours of one theme. Text colours meet WCAG AA (4.5:1), status and mark colours 3:1, on `background`."""

    background: str
    ink: str
    muted: str
    faint: str
    status: dict[Status, str]
    land: str
    land_edge: str
    neighbour: str
    """A region of the focus region's own state, or that state on the strategic map's key."""
    opposing: str
    """The opposing state (`brief.csv`) and its regions."""
    other: str
    focus_fill: str
    focus_edge: str


PALETTES: dict[str, Palette] = {
    "light": Palette(
        background="#ffffff",
        ink="#111111",
        muted="#4a4a4a",
        faint="#b8b8b8",
        status={
            Status.REPORTED: "#005A9C",
            Status.CLAIMED: "#B85000",
            Status.ANTICIPATED: "#CC79A7",
            Status.DERIVED: "#5E5E5E",
        },
        land="#f3f3f3",
        land_edge="#cfcfcf",
        neighbour="#e9e4dc",
        opposing="#dde8f0",
        other="#eeeeee",
        focus_fill="rgba(213,94,0,0.30)",
        focus_edge="#D55E00",
    ),
    "dark": Palette(
        background="#14171c",
        ink="#f2f2f2",
        muted="#c8c8c8",
        faint="#5a606b",
        status={
            Status.REPORTED: "#6CB6FF",
            Status.CLAIMED: "#FF9933",
            Status.ANTICIPATED: "#CC79A7",
            Status.DERIVED: "#C8C8C8",
        },
        land="#22262d",
        land_edge="#3d434d",
        neighbour="#3b352d",
        opposing="#263544",
        other="#2b2f36",
        focus_fill="rgba(255,140,66,0.38)",
        focus_edge="#FF8C42",
    ),
}
THEMES = tuple(PALETTES)
STATUS_COLOURS = PALETTES["light"].status
"""The light theme's status colours, for code that draws outside a figure (page captions)."""


def type_scale(width: float, height: float) -> float:
    """How much type and marks grow or shrink on a canvas, relative to 1920×1080."""
    return math.sqrt(width * height / (BASE_CANVAS[0] * BASE_CANVAS[1]))


@dataclass(frozen=True)
class Look:
    """Theme and canvas one figure is drawn for; every size in the figure comes from here.

    `width` × `height` is the smallest canvas the layout must fit (an export's exact size; on screen the narrowest
    chart column, 820 px at a 1280-wide window). `scale` sizes type and marks (`px`). `titled=False` leaves the title
    out and `footed=False` the footer (key, source, as-of), for a slide that carries its own title and source line.
    """

    width: float = BASE_CANVAS[0]
    height: float = BASE_CANVAS[1]
    theme: str = "light"
    scale: float = 1.0
    titled: bool = True
    footed: bool = True
    notes: bool = True
    """False leaves out a chart's boxed notes of facts (the map's troop note), for a slide whose next slide lists them."""
    fit_height: bool = False
    """On screen a chart may grow taller than `height` to fit its content; an export keeps its exact size."""

    @classmethod
    def for_output(cls, width: float, height: float, theme: str = "light", titled: bool = True) -> Look:
        return cls(width, height, theme, type_scale(width, height), titled)

    def px(self, size: float) -> float:
        """A size given for 1920×1080 (marker, line, gap), on this canvas."""
        return round(size * self.scale, 2)

    @property
    def title_px(self) -> float:
        return max(BASE_TYPE["title"] * self.scale, MIN_PX + 6)

    @property
    def text_px(self) -> float:
        return max(BASE_TYPE["text"] * self.scale, MIN_PX)

    @property
    def footer_px(self) -> float:
        return max(BASE_TYPE["footer"] * self.scale, MIN_PX)

    @property
    def palette(self) -> Palette:
        return PALETTES[self.theme]

    @property
    def template(self) -> go.layout.Template:
        return template(self.theme, self.scale)


SCREEN = Look(width=820, height=760, scale=0.75, fit_height=True)
"""The app's pages: 15 px chart text, 27 px titles, 14 px footer, laid out for the narrowest chart column."""


@cache
def template(theme: str = "light", scale: float = 1.0) -> go.layout.Template:
    """The look of every chart as a Plotly template: fonts, colours, axes, legend, hover and annotation defaults."""
    look = Look(theme=theme, scale=scale)
    colours = look.palette
    axis = {
        "automargin": True,
        "tickfont": {"size": look.text_px, "color": colours.ink},
        "title": {"font": {"size": look.text_px, "color": colours.ink}},
        "gridcolor": colours.faint,
        "linecolor": colours.muted,
        "zeroline": False,
        "showline": False,
        "ticks": "",
    }
    return go.layout.Template(
        layout={
            "font": {"family": FONT_FAMILY, "size": look.text_px, "color": colours.ink},
            "title": {
                "font": {"size": look.title_px, "color": colours.ink, "weight": "bold"},
                "x": 0,
                "xref": "container",
                "xanchor": "left",
                "y": 1,
                "yref": "container",
                "yanchor": "top",
                "pad": {"l": look.px(24), "t": look.px(18)},
            },
            "paper_bgcolor": colours.background,
            "plot_bgcolor": colours.background,
            "colorway": [colours.status[s] for s in Status],
            "margin": {"l": look.px(24), "r": look.px(24), "t": look.px(90), "b": look.px(150), "pad": 0},
            "legend": {
                "font": {"size": look.footer_px, "color": colours.ink},
                "bgcolor": colours.background,
                "title": {"font": {"size": look.footer_px, "color": colours.ink}},
            },
            "annotationdefaults": {
                "font": {"size": look.text_px, "color": colours.ink},
                "arrowcolor": colours.muted,
                "arrowwidth": look.px(2),
                "showarrow": False,
            },
            "shapedefaults": {"line": {"color": colours.ink, "width": look.px(2)}},
            "hoverlabel": {
                "font": {"family": FONT_FAMILY, "size": max(look.text_px, MIN_PX), "color": colours.ink},
                "bgcolor": colours.background,
                "bordercolor": colours.muted,
                "align": "left",
            },
            "xaxis": axis,
            "yaxis": axis,
            "hovermode": "closest",
        },
        data={
            "scatter": [
                go.Scatter(
                    textfont={"size": look.text_px, "color": colours.ink},
                    marker={"line": {"width": 0}},
                    cliponaxis=False,
                )
            ]
        },
    )


pio.templates["kursk_light"] = template("light")
pio.templates["kursk_dark"] = template("dark")


class Draft(go.Figure):
    """A figure under construction whose annotations, shapes and labels are collected and set once, in `finish`.

    Plotly re-validates the whole list of annotations on every `add_annotation`, so a chart of a hundred labels added
    one by one spends seconds doing it; collected as dicts and set at once they cost a few milliseconds.
    """

    def __init__(self) -> None:
        super().__init__()
        self._annotations: list[dict] = []
        self._shapes: list[dict] = []
        self._labels: list[tuple[float, float, str, str]] = []

    def add_annotation(self, **annotation: object) -> Draft:  # type: ignore[override]
        self._annotations.append(annotation)
        return self

    def add_shape(self, **shape: object) -> Draft:  # type: ignore[override]
        self._shapes.append(shape)
        return self

    def add_label(self, x: float, y: float, text: str, colour: str) -> Draft:
        """A plain text centred on (x, y) in data units, drawn above every trace: a place's name on a map.

        The labels are one text trace, not an annotation each: a browser draws a trace's texts in one pass, while it
        measures and places every annotation on its own (Plotly drew the Kursk map in 56 ms with its 18 names as
        annotations, 35 ms with them as one trace, in Chromium). Centred, a text sits within a pixel or two of a
        centred annotation.
        """
        self._labels.append((x, y, text, colour))
        return self

    def finish(self) -> go.Figure:
        if self._labels:
            xs, ys, texts, colours = zip(*self._labels, strict=True)
            self.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    text=texts,
                    textfont={"color": colours},
                    mode="text",
                    textposition="middle center",
                    cliponaxis=False,
                    hoverinfo="skip",
                    showlegend=False,
                    name="labels",
                    meta={"fact_ids": []},
                )
            )
        figure = go.Figure(self)
        figure.update_layout(
            annotations=[*figure.layout.annotations, *self._annotations],
            shapes=[*figure.layout.shapes, *self._shapes],
        )
        return figure


def status_key(look: Look) -> list[str]:
    """Each status as `◆ CLAIMED: meaning`, the glyph in its colour: the key every chart's footer carries."""
    colours = look.palette.status
    return [
        f"<span style='color:{colours[s]}'>{STATUS_GLYPH[s]}</span> <b>{STATUS_LABELS[s]}</b>: {STATUS_MEANING[s]}"
        for s in Status
    ]


@dataclass(frozen=True)
class Frame:
    """Title, subtitle and footer (status key, source line, as-of date) of a chart, measured for its look.

    A builder asks the frame for the plot area left between title and footer (`plot_area`), lays out its marks in
    it, then `apply`s the frame: template, title, margins that make Plotly's plot area that very box, and footer.
    """

    look: Look
    title: str
    source: str
    as_of: date
    subtitle: str = ""
    extra_key: list[str] = field(default_factory=list)
    """Lines of a chart's own key (e.g. what a map's fills mean), written before the status key."""
    statuses: bool = True
    """False leaves the status key out, for a chart whose own key says how it draws each status (the Story's)."""

    @property
    def side(self) -> float:
        return self.look.px(24)

    @property
    def gap(self) -> float:
        return self.look.px(14)

    def _width(self) -> float:
        return self.look.width - 2 * self.side

    def title_text(self) -> str:
        return layout.wrap(escape_plotly(self.title), self._width(), self.look.title_px * 1.06)

    def subtitle_text(self) -> str:
        return layout.wrap(escape_plotly(self.subtitle), self._width(), self.look.text_px) if self.subtitle else ""

    def top(self) -> float:
        """Canvas pixels above the plot area: title, subtitle and a gap."""
        height = self.look.px(18)
        if self.look.titled:
            height += layout.text_size(self.title_text(), self.look.title_px)[1]
        if self.subtitle:
            height += self.gap / 2 + layout.text_size(self.subtitle_text(), self.look.text_px)[1]
        return height + self.gap

    def footer_text(self) -> str:
        """Key items packed into as few lines as fit the canvas, then the source and as-of line, wrapped."""
        px, width = self.look.footer_px, self._width()
        lines: list[str] = []
        for item in [
            layout.wrap(i, width, px) for i in [*self.extra_key, *(status_key(self.look) if self.statuses else [])]
        ]:
            joined = f"{lines[-1]}   {item}" if lines else item
            if lines and layout.line_width(joined, px) <= width:
                lines[-1] = joined
            else:
                lines.append(item)
        source = f"Source: {self.source}. As of {self.as_of:%d %b %Y}."
        return "<br>".join([*lines, layout.wrap(escape_plotly(source), width, px)])

    def bottom(self) -> float:
        """Canvas pixels below the plot area: a gap, the footer, and the canvas edge's padding."""
        if not self.look.footed:
            return self.look.px(12)
        return self.gap + layout.text_size(self.footer_text(), self.look.footer_px)[1] + self.look.px(12)

    def plot_area(self, left: float = 0, right: float = 0, top: float = 0, bottom: float = 0) -> layout.Box:
        """The box (canvas pixels) the marks may use, after the frame and any space a chart reserves for labels."""
        return layout.Box(
            self.side + left,
            self.top() + top,
            self.look.width - self.side - right,
            self.look.height - self.bottom() - bottom,
        )

    def apply(self, fig: go.Figure, plot: layout.Box, below: float = 0) -> go.Figure:
        """Template, title, subtitle and footer, with margins that make the figure's plot area `plot`; `below` is the
        room a chart reserved under its plot area (`plot_area(bottom=...)`) for its axis labels, above the footer."""
        look = self.look
        fig.update_layout(
            template=look.template,
            height=look.height,
            margin={
                "l": plot.x0,
                "r": look.width - plot.x1,
                "t": plot.y0,
                "b": look.height - plot.y1,
                "autoexpand": False,
            },
            showlegend=False,  # the footer carries the key: a Plotly legend would take space the layout did not measure
            title={
                "text": self.title_text() if look.titled else "",
                # Plotly drops the cap-height shift of a top-anchored title once it has several lines: add it back.
                "pad": {"t": look.px(18) + (0.8 * look.title_px if "<br>" in self.title_text() else 0)},
            },
            # The frame's words for tests and file metadata, escaped like every data text in a figure.
            meta={
                **(fig.layout.meta or {}),
                "frame": {"title": escape_plotly(self.title), "subtitle": escape_plotly(self.subtitle)},
            },
        )
        fig.update_traces(showlegend=False)  # trace names are ids for tests and the ledger, never shown
        if self.subtitle:
            fig.add_annotation(
                text=self.subtitle_text(),
                xref="paper",
                yref="paper",
                x=0,
                y=1,
                xanchor="left",
                yanchor="bottom",
                xshift=self.side - plot.x0,
                yshift=self.gap,
                align="left",
                font={"size": look.text_px, "color": look.palette.muted},
                name="subtitle",
            )
        if not look.footed:
            return fig.finish() if isinstance(fig, Draft) else fig
        fig.add_annotation(
            text=self.footer_text(),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="top",
            xshift=self.side - plot.x0,
            yshift=-self.gap - below,
            align="left",
            font={"size": look.footer_px, "color": look.palette.ink},
            name="footer",
        )
        return fig.finish() if isinstance(fig, Draft) else fig


def plotly_config(filename: str, look: Look = SCREEN) -> dict:
    """Modebar settings: the camera downloads a 1920×1080 PNG that looks like the server's export of that size.

    The on-screen figure is laid out at `look.scale`; rendering it at 1920×1080 × `look.scale` and enlarging by
    1 / `look.scale` gives 1920×1080 pixels with the export's type sizes (title 36 px, chart text 20 px).
    """
    width, height = (round(side * look.scale) for side in BASE_CANVAS)
    return {
        "displaylogo": False,
        "showLink": False,
        "toImageButtonOptions": {
            "format": "png",
            "filename": filename,
            "width": width,
            "height": height,
            "scale": BASE_CANVAS[0] / width,
        },
    }


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
