"""Everything that leaves the app: tables, chart images, the briefing pack and the slide deck.

Images are rendered server-side by kaleido in Debian's chromium. One kaleido server is started per process (a
one-shot render costs seconds, a warm one a fraction of a second) and calls take turns at it (`_Renderer`, what packs
and decks wait for first), because kaleido is not thread-safe and Streamlit serves sessions on several threads. The pack and the
deck take their images from an `Images` callable, so that the app can hand them the images it has already rendered
(`ui` caches them per brief) instead of queueing behind single-chart renders for the same pictures.

The renderer is cut off from the network: kaleido would load MathJax from a CDN, and Debian's chromium calls Google
(component updates, account list, network time) and the default search engine at start-up, none of it needed to draw
a local page. `RENDERER_FLAGS` switch those off and, in case a build adds another, make every host name unresolvable
and ignore proxy settings, so that no request the renderer makes can leave the machine.
"""

from __future__ import annotations

import html
import io
import itertools
import re
import shutil
import threading
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

import kaleido
import pandas as pd
import plotly.graph_objects as go
from choreographer.browsers.chromium import Chromium
from openpyxl.utils import get_column_letter
from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt
from pypdf import PdfWriter

from kursk_brief.briefing.present import SLIDE_CANVAS, slide_look
from kursk_brief.briefing.story import APP_NAME, Headline, plain_lines, story
from kursk_brief.charts.look import BASE_CANVAS, STATUS_LABELS, Look
from kursk_brief.charts.registry import ChartSpec, chart_spec, registry
from kursk_brief.charts.views import ChartView
from kursk_brief.data.brief import Brief
from kursk_brief.data.phrases import citation
from kursk_brief.data.queries import facts_view
from kursk_brief.words.escape import clean_svg, export_frame, label_svg

FORMATS = ("png", "svg", "pdf")
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}


@dataclass(frozen=True)
class Size:
    """What an image is drawn for: a canvas in pixels and, for a deck slide, the Present view's chart area."""

    label: str
    width: int
    height: int
    slide: bool = False
    """Drawn as the Present view draws a slide's chart (`present.slide_look`: no title, footer or boxed notes, since
    the slide carries them, and chart text for the back of a room); the canvas is then the slide's chart area."""
    scale: int = 1
    """Image pixels per canvas pixel (PNG), so that a small canvas stays sharp when projected."""

    def look(self, theme: str = "light") -> Look:
        """The look a chart is drawn with for this size: type and marks scaled to the canvas, or a slide's look."""
        return slide_look(theme) if self.slide else Look.for_output(self.width, self.height, theme)


SIZES = (
    Size("16:9 slide (1600×900)", 1600, 900),
    Size("Full HD (1920×1080)", 1920, 1080),
    Size("A4 memo width (1240×877)", 1240, 877),
)
CAMERA_SIZE = next(size for size in SIZES if (size.width, size.height) == BASE_CANVAS)
"""The size the modebar camera downloads (`look.plotly_config`), so its file is named as this export's."""
SLIDE_PICTURE = Size("Present slide chart area", *SLIDE_CANVAS, slide=True, scale=2)
"""The deck's charts: drawn as on the Present view's slides (slide for slide), 2400×980 pixels."""
CHROMIUM_MISSING = (
    "Image export needs Debian's chromium, which is not installed here: run `apt-get install -y chromium` "
    "(the in-chart camera button still downloads a PNG)."
)

RENDERER_FLAGS = (
    "--no-proxy-server",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-features=OptimizationHints,NetworkTimeServiceQuerying,AimEnabled,PreconnectToSearch,MediaRouter",
    "about:blank",  # the first tab: not the new-tab page, which preconnects to the default search engine
)

Images = Callable[[ChartSpec, str, Size], bytes]
"""(chart, format, size) -> image bytes: how the pack and the deck obtain their pictures."""


class _Renderer:
    """Turns at the one kaleido server, first come first served, except that renders someone marked `urgent` go first.

    The pack and the deck mark each image they are about to take (`ui`), so that neither their own renders nor another
    user's render of an image they wait for queue behind every single-chart render already waiting.
    """

    def __init__(self) -> None:
        self._turns = threading.Condition()
        self._waiting: dict[int, Hashable] = {}  # ticket -> the image it renders
        self._urgent: Counter[Hashable] = Counter()
        self._tickets = itertools.count()
        self._busy = False

    def _next(self) -> int:
        return min(self._waiting, key=lambda ticket: (self._waiting[ticket] not in self._urgent, ticket))

    @contextmanager
    def turn(self, image: Hashable) -> Iterator[None]:
        with self._turns:
            ticket = next(self._tickets)
            self._waiting[ticket] = image
            while self._busy or self._next() != ticket:
                self._turns.wait()
            del self._waiting[ticket]
            self._busy = True
        try:
            yield
        finally:
            with self._turns:
                self._busy = False
                self._turns.notify_all()

    @contextmanager
    def urgent(self, image: Hashable) -> Iterator[None]:
        """While inside, a render of `image`, by whichever thread, goes before the renders waiting without urgency."""
        with self._turns:
            self._urgent[image] += 1
        try:
            yield
        finally:
            with self._turns:
                self._urgent[image] -= 1
                if not self._urgent[image]:
                    del self._urgent[image]

    def queue_length(self) -> int:
        """Renders under way or waiting (tests use it to line calls up)."""
        with self._turns:
            return len(self._waiting) + self._busy


_renderer = _Renderer()
urgent = _renderer.urgent


class _OfflineChromium(Chromium):
    """Kaleido's chromium with `RENDERER_FLAGS` appended to the command line choreographer builds."""

    def get_cli(self) -> list[str]:
        return [*super().get_cli(), *RENDERER_FLAGS]


def chromium_problem() -> str | None:
    """One sentence for the user when server-side export cannot work, else None."""
    return None if shutil.which("chromium") or shutil.which("chromium-browser") else CHROMIUM_MISSING


def _ensure_server() -> None:
    """Start the process's one kaleido server on first use; later calls reuse it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kaleido.start_sync_server(
            silence_warnings=True, mathjax=False, browser_cls=_OfflineChromium, enable_extensions=False
        )


def render(fig: go.Figure, fmt: str, size: Size, image: Hashable = None, alt: str = "") -> bytes:
    """The figure as PNG, SVG or PDF at exactly the requested size (a PNG `size.scale` times its pixels), framed.

    An SVG is cleaned of any reference outside itself, so that opening it fetches nothing. SVG and PDF files carry
    the title the figure is drawn with and `alt` (the chart's alt text) as their own metadata (`label_svg`,
    `label_pdf`), so that a file browser, a document outline or a screen reader names the chart. `image` names what
    is rendered (chart, format, size), so that a pack waiting for it can hurry it (`urgent`).
    """
    sized = go.Figure(fig).update_layout(width=size.width, height=size.height)
    with _renderer.turn(image):
        _ensure_server()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # kaleido's harmless "kopts ignored" notice
            opts = {"format": fmt, "width": size.width, "height": size.height, "scale": size.scale}
            data = kaleido.calc_fig_sync(sized, opts=opts)
    if fmt == "svg":
        return label_svg(clean_svg(data), figure_title(fig), alt)
    if fmt == "pdf":
        return label_pdf(data, figure_title(fig), alt)
    return data


def figure_title(fig: go.Figure) -> str:
    """The title a figure is drawn with, as plain text (a filtered view's own, e.g. `Timeline: Sergey Lavrov`).

    `look.Frame` keeps it in the figure's meta escaped for Plotly; unescaping gives back the data text exactly.
    A figure drawn without a frame is named after the app.
    """
    meta = fig.layout.meta
    frame = meta.get("frame") if isinstance(meta, dict) else None
    return html.unescape(frame["title"]) if frame and frame.get("title") else APP_NAME


def label_pdf(pdf: bytes, title: str, subject: str) -> bytes:
    """The PDF with the chart's title and alt text as its document Title and Subject, made by the app.

    Chromium writes its own page title (kaleido's "Kaleido-fier") and its user agent there, which is what a PDF
    reader shows in its title bar and a search index lists.
    """
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.add_metadata({"/Title": title, "/Subject": subject, "/Creator": APP_NAME})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def chart_image(brief: Brief, spec: ChartSpec, fmt: str, size: Size, view: ChartView | None = None) -> bytes:
    """One chart drawn for the size (its type scaled to the canvas) and rendered; `view` is what the page shows
    (`views`: a filter, a highlight, a range), and the file's alt text says it too."""
    return render(spec.figure(brief, view, look=size.look()), fmt, size, alt=spec.describe(brief, view))


def rendered(brief: Brief) -> Images:
    """Images rendered on demand, nothing kept: for one-off packs and decks outside the app (tests, benchmarks)."""
    return lambda spec, fmt, size: chart_image(brief, spec, fmt, size)


def stop() -> None:
    """Stop the kaleido server (tests and benchmarks call this; the app lets it end with the process)."""
    with _renderer.turn(None):
        kaleido.stop_sync_server(silence_warnings=True)


def file_name(spec: ChartSpec, fmt: str, size: Size, view: Mapping[str, object] | None = None) -> str:
    """`kursk-brief-timeline-1600x900.png`; a filtered or highlighted view adds what it shows, so that its file is
    not taken for the full chart: `kursk-brief-timeline-lavrov-1600x900.png`."""
    shown = [slug for value in (view or {}).values() if (slug := _slug(value))]
    return f"kursk-brief-{'-'.join([spec.key, *shown])}-{size.width}x{size.height}.{fmt}"


def camera_file_stem(key: str, view: ChartView | None = None) -> str:
    """What the on-screen camera (`look.plotly_config`) names its PNG, Plotly adding `.png`: the server export's name
    for the same view at the camera's 1920×1080, so that a highlighted chart's file says so on both paths:
    `kursk-brief-strategic-map-lavrov-1920x1080`."""
    spec = chart_spec(key)
    return file_name(spec, "png", CAMERA_SIZE, dict(spec.checked(view).changed())).removesuffix(".png")


def _slug(value: object) -> str:
    """A file-name part of a view value: letters and digits, lower case, joined by hyphens, at most 40 characters."""
    return re.sub(r"[^a-z0-9]+", "-", str(value).casefold())[:40].strip("-")


def facts_csv(view: pd.DataFrame) -> bytes:
    """UTF-8 with BOM so that spreadsheet programs open the ¶ signs and quotes correctly; no cell runs as a formula.

    Rows end in CRLF (RFC 4180), so that a cell holding a carriage return is quoted and cannot start a new row.
    """
    return export_frame(view).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def facts_xlsx(view: pd.DataFrame, brief: Brief) -> bytes:
    """The selection plus the sources sheet, so the workbook carries its own provenance; no cell runs as a formula."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in (
            ("facts", export_frame(view)),
            ("sources", export_frame(brief.sources.drop(columns="line"))),
        ):
            frame.to_excel(writer, sheet_name=name, index=False)
            _fit_sheet(writer.sheets[name], frame)
    return buffer.getvalue()


XLSX_WIDTH = (8, 60)
"""Column widths in characters, narrowest and widest: a summary wider than 60 wraps in the formula bar, not the sheet."""


def _fit_sheet(sheet, frame: pd.DataFrame) -> None:
    """What an analyst does first in a sheet, done: the header row frozen, a filter on it, columns as wide as their
    longest text (header included) within `XLSX_WIDTH`. Widths come from the frame, so a 100,000-row sheet costs one
    pass per column, not one per cell."""
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    narrowest, widest = XLSX_WIDTH
    for index, column in enumerate(frame.columns, start=1):
        longest = frame[column].astype(str).str.len().max() if len(frame) else 0
        width = min(max(len(str(column)), int(longest) if pd.notna(longest) else 0) + 2, widest)
        sheet.column_dimensions[get_column_letter(index)].width = max(width, narrowest)


def chart_facts(brief: Brief, spec: ChartSpec) -> pd.DataFrame:
    """The fact rows behind a chart, in the chart's order."""
    facts = brief.facts.set_index("fact_id", drop=False)
    return facts.loc[list(dict.fromkeys(spec.fact_ids(brief)))]


def citations_text(brief: Brief, charts: tuple[ChartSpec, ...]) -> str:
    """Every fact any chart draws, with status and citation, then the sources with their licences.

    Plain text with the data as it is: a text file renders nothing and runs nothing, and the backslashes and invisible
    joiners Markdown escaping needs would end up in every note an analyst pastes it into."""
    lines = _heading("Citations", "=")
    for spec in charts:
        lines += _heading(spec.title, "-")
        for fact in chart_facts(brief, spec).itertuples():
            lines.append(
                f"- {fact.fact_id} ({fact.status}): {fact.summary} — {citation(brief, fact.source_id, fact.paragraphs)}"
            )
        lines.append("")
    lines += _heading("Sources", "-")
    for source in brief.sources.itertuples():
        lines.append(
            f"- {source.citation_label}: {source.title}. {source.publisher}. Licence: {source.licence}. {source.locator}"
        )
    return "\n".join(lines) + "\n"


def _heading(text: str, rule: str) -> list[str]:
    """A plain-text heading: the text, underlined, and a blank line."""
    return [text, rule * len(text), ""]


def briefing_pack(brief: Brief, size: Size = SIZES[1], images: Images | None = None) -> bytes:
    """One zip for a memo: each chart as PNG and SVG, the facts as CSV and XLSX, citations, alt text, a README."""
    image = images or rendered(brief)
    charts = registry()
    view = facts_view(brief)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as pack:
        for spec in charts:
            for fmt in ("png", "svg"):
                pack.writestr(f"charts/{file_name(spec, fmt, size)}", image(spec, fmt, size))
        pack.writestr("facts.csv", facts_csv(view))
        pack.writestr("facts.xlsx", facts_xlsx(view, brief))
        pack.writestr("CITATIONS.txt", citations_text(brief, charts))
        pack.writestr("README.txt", pack_readme(brief, charts, size))
    return buffer.getvalue()


def pack_readme(brief: Brief, charts: tuple[ChartSpec, ...], size: Size) -> str:
    """What the pack holds and each chart's alt text, in plain text (as `citations_text`, and for the same reason)."""
    report = brief.report
    lines = [
        *_heading("Kursk Brief: briefing pack", "="),
        f"As of {brief.as_of:%d %B %Y}: facts from {report['citation_label']} ({report['publisher']}).",
        "Every figure is labelled REPORTED, CLAIMED, ANTICIPATED or DERIVED and cites its paragraph (¶).",
        "",
        *_heading("Charts", "-"),
    ]
    for spec in charts:
        lines += [
            spec.title,
            f"  Files: charts/{file_name(spec, 'png', size)}, charts/{file_name(spec, 'svg', size)}",
            f"  Alt text: {spec.alt_text(brief)}",
            "",
        ]
    lines += [
        *_heading("Also in this pack", "-"),
        "- facts.csv, facts.xlsx: every fact with status and citation",
        "- CITATIONS.txt: the facts behind each chart and the sources with their licences",
        "",
    ]
    return "\n".join(lines)


DECK_LAYOUT = "Title Only"
"""The slide layout of every deck slide: a title placeholder (PowerPoint's outline and navigation read slide titles
from it) and nothing else, so that pictures and text boxes are placed where this module puts them."""
DECK_TITLE_PT = 28
DECK_BODY_PT = 20
DECK_FIGURE_PT = 72
"""A headline figure, drawn big as on the Present view; its status word and hedge above it at title size."""


def briefing_deck(brief: Brief, images: Images | None = None) -> bytes:
    """A 16:9 deck that follows the Present view's story slide for slide.

    Each slide has the story slide's title in its title placeholder (shown once: a chart is drawn as on the Present
    view, without its own title, across the slide with its text at about 16 pt), its chart (picture with alt text) or
    its headline figure and cited lines with each status in words, the source and as-of line with the slide number,
    and in the speaker notes the rows behind it with status, summary and paragraphs.
    """
    image_of = images or rendered(brief)
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    layout = next(layout for layout in deck.slide_layouts if layout.name == DECK_LAYOUT)
    charts = {spec.key: spec for spec in registry()}
    slides = story(brief)
    facts = brief.facts.set_index("fact_id", drop=False)
    for number, shown in enumerate(slides, start=1):
        slide = deck.slides.add_slide(layout)
        _deck_title(slide, shown.title)
        notes = []
        if shown.chart:
            spec = charts[shown.chart]
            image = io.BytesIO(image_of(spec, "png", SLIDE_PICTURE))
            width = Inches(12.5)
            height = Emu(int(width * SLIDE_PICTURE.height / SLIDE_PICTURE.width))
            picture = slide.shapes.add_picture(image, Inches(0.4), Inches(1.45), width, height)
            picture.name = spec.title
            picture._element.nvPicPr.cNvPr.set("descr", spec.alt_text(brief))
            notes += [f"Alt text: {spec.alt_text(brief)}", ""]
        lines = plain_lines(shown)
        if lines:
            body = slide.shapes.add_textbox(Inches(0.4), Inches(1.4), Inches(12.5), Inches(5.4)).text_frame
            body.word_wrap = True
            if shown.headline:  # drawn as the Present view draws it, instead of its plain line
                _deck_headline(body, shown.headline)
                lines = lines[1:]
            for line in lines:
                paragraph = body.paragraphs[0] if not body.paragraphs[0].runs else body.add_paragraph()
                _deck_line(paragraph, line)
                paragraph.space_after = Pt(8)
        footnote = slide.shapes.add_textbox(Inches(0.4), Inches(6.95), Inches(12.5), Inches(0.4)).text_frame
        footnote.text = f"{shown.source_line} Slide {number} of {len(slides)}."
        footnote.word_wrap = True
        footnote.paragraphs[0].alignment = PP_ALIGN.LEFT
        footnote.paragraphs[0].runs[0].font.size = Pt(12)
        notes += [
            "Facts behind this slide:" if shown.fact_ids else "This slide rests on the sources and actors tables."
        ]
        notes += [
            f"- {f.fact_id} [{f.status.upper()}] {f.summary} ({citation(brief, f.source_id, f.paragraphs)})"
            for f in facts.loc[list(shown.fact_ids)].itertuples()
        ]
        slide.notes_slide.notes_text_frame.text = "\n".join(notes)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _deck_title(slide, title: str) -> None:
    """The slide's title in its title placeholder, across the 16:9 slide (the default layouts are drawn for 4:3)."""
    placeholder = slide.shapes.title
    placeholder.left, placeholder.top, placeholder.width, placeholder.height = (
        Inches(0.4),
        Inches(0.25),
        Inches(12.5),
        Inches(1.05),
    )
    frame = placeholder.text_frame
    frame.text = title
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    paragraph.runs[0].font.size = Pt(DECK_TITLE_PT)
    paragraph.runs[0].font.bold = True


def _deck_headline(body, headline: Headline) -> None:
    """A headline figure as on the Present view: its status word (bold) and hedge, then the number big with its unit."""
    status = body.paragraphs[0]
    for text, bold in ((STATUS_LABELS[headline.status], True), (f" · {headline.hedge}", False)):
        _deck_run(status, text, DECK_TITLE_PT, bold)
    figure = body.add_paragraph()
    _deck_run(figure, headline.number, DECK_FIGURE_PT, True)
    if headline.unit:
        _deck_run(figure, f" {headline.unit}", DECK_TITLE_PT + 8, False)
    figure.space_after = Pt(18)


def _deck_line(paragraph, line: str) -> None:
    """One line of a slide, with a status word opening it in bold so that the label reads as one."""
    label, _, rest = line.partition(" ")
    if label in STATUS_LABELS.values() and rest:
        _deck_run(paragraph, label, DECK_BODY_PT, True)
        _deck_run(paragraph, f" {rest}", DECK_BODY_PT, False)
    else:
        _deck_run(paragraph, line, DECK_BODY_PT, False)


def _deck_run(paragraph, text: str, size: float, bold: bool) -> None:
    run = paragraph.add_run()
    run.text, run.font.size, run.font.bold = text, Pt(size), bold
