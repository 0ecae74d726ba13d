"""The ledger: every sentence the app composes from the data, grouped by where it appears, for review against the report.

Pages are read the way a user meets them (each page run through Streamlit's AppTest, its text elements in order),
charts from their figures (title, notes, legend, labels, hovers, alt text), and exported files from the files
themselves (pack README and citations, deck titles, alt texts and notes). So a wording change anywhere, in any
module, shows in review as a diff of `docs/ledger.md` (`make ledger`), and a test fails while it is stale.
Each line names the fact and event ids whose words it carries, matched by their summary, title or figure.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import lxml.html
import pandas as pd
import plotly.graph_objects as go

from kursk_brief.charts.views import ChartView
from kursk_brief.data.brief import Brief
from kursk_brief.data.phrases import format_figure, number_phrase
from kursk_brief.words.escape import WORD_JOINER

LEDGER_PATH = Path(__file__).resolve().parents[2] / "docs" / "ledger.md"
_TAG = re.compile(r"<[^>]+>")
_HTML_BLOCKS = ("h1", "h2", "h3", "h4", "p", "li", "blockquote", "footer")
# Data columns shown as they are (ids, our summaries, quotes): reviewed in the CSVs, not composed by the app.
RAW_COLUMNS = {"id", "summary", "event", "facts", "derived_from", "kind", "lane", "precision", "status", "fact_id"}


def plain_text(text: object) -> str:
    """Plotly or markdown text as a reader sees it: line breaks as spaces, tags, escapes and word joiners removed."""
    value = html.unescape(_TAG.sub("", str(text).replace("<br>", " ")))
    value = re.sub(r"\\(.)", r"\1", value).replace(WORD_JOINER, "")
    return " ".join(value.split())


def figure_texts(figure: go.Figure | dict) -> Iterator[str]:
    """Every text a figure can show: title, annotations, legend names, mark labels, hovers, axis tick labels."""
    spec = figure.to_plotly_json() if isinstance(figure, go.Figure) else figure
    layout = spec.get("layout", {})
    title = layout.get("title", {})
    if isinstance(title, dict) and title.get("text"):
        yield title["text"]
    for annotation in layout.get("annotations", []):
        if annotation.get("text"):
            yield annotation["text"]
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            yield from axis.get("ticktext", []) or []
    for trace in spec.get("data", []):
        if trace.get("showlegend") is not False and trace.get("name"):
            yield trace["name"]
        for key in ("text", "hovertext"):
            value = trace.get(key)
            if isinstance(value, str):
                yield value
            elif value is not None:
                yield from (v for v in value if isinstance(v, str))


def _app_test_texts(script: str, **params: str) -> Iterator[str]:
    """The text elements of one page, in order, as AppTest sees them after a run from the entry point, with every
    expander that is filled only once opened (the Timeline's table) opened."""
    from kursk_brief.app.harness import (  # test harness: only the ledger script and its test need it
        open_expanders,
        run_page,
    )

    at = open_expanders(run_page(script, **params))
    yield from _element_texts(at.main)


def _element_texts(node) -> Iterator[str]:
    children = getattr(node, "children", None)
    label = getattr(getattr(node, "proto", None), "label", "")
    if children is not None:
        if isinstance(label, str) and label:
            yield label
        for child in children.values():
            yield from _element_texts(child)
        return
    kind = getattr(node, "type", "")
    if kind == "metric":
        yield f"{node.label}: {node.value}"
    elif kind == "plotly_chart":
        return  # listed once per chart in its own section
    elif kind == "html":
        yield from _html_texts(node.proto.body)
    elif kind == "dataframe":
        frame = node.value
        for column in frame.columns:
            if column not in RAW_COLUMNS and not pd.api.types.is_numeric_dtype(frame[column]):
                yield from (str(v) for v in dict.fromkeys(frame[column].dropna()) if str(v).strip())
    elif hasattr(node, "value") and isinstance(node.value, str):
        yield node.value
    elif isinstance(getattr(node, "label", None), str):
        yield node.label


def _html_texts(body: str) -> Iterator[str]:
    """The texts of HTML the app wrote (`st.html`: slides, actor cards), block by block (a heading, a paragraph, a list
    item), as a reader meets them; a style sheet has none."""
    root = lxml.html.fragment_fromstring(body, create_parent="div")
    for element in root.iter(*_HTML_BLOCKS):
        if not any(ancestor.tag in _HTML_BLOCKS for ancestor in element.iterancestors()):
            yield element.text_content()


class _Tagger:
    """Finds which fact and event ids a line carries, by their summaries, titles and figures."""

    def __init__(self, brief: Brief):
        keys: dict[str, str] = {}
        for _, fact in brief.facts.iterrows():
            keys[fact["summary"]] = fact["fact_id"]
            if fact["value"] is not None:
                keys[number_phrase(fact)] = fact["fact_id"]
                keys.setdefault(format_figure(fact), fact["fact_id"])
        for event in brief.events.itertuples():
            keys[event.title] = f"event:{event.event_id}"
        self._keys = sorted(keys.items(), key=lambda kv: -len(kv[0]))

    def ids(self, line: str) -> list[str]:
        found = []
        for key, fact_id in self._keys:
            if key and key in line and fact_id not in found:
                found.append(fact_id)
        return found


def _section(title: str, lines: Iterable[str], tagger: _Tagger) -> list[str]:
    out = ["", f"## {title}", ""]
    for line in dict.fromkeys(plain_text(line) for line in lines):
        if line:
            ids = tagger.ids(line)
            out.append(f"- {line}" + (f" `[{', '.join(ids)}]`" if ids else ""))
    return out


def _export_texts(brief: Brief) -> dict[str, list[str]]:
    """The words of every exported text file: pack README and CITATIONS, facts CSV header, deck slides and notes."""
    from pptx import Presentation

    from kursk_brief.out import export

    sections: dict[str, list[str]] = {}
    with zipfile.ZipFile(io.BytesIO(export.briefing_pack(brief))) as pack:
        for name in sorted(pack.namelist()):
            if name.endswith(".txt"):
                sections[f"Briefing pack: {name}"] = pack.read(name).decode("utf-8").splitlines()
    deck = Presentation(io.BytesIO(export.briefing_deck(brief)))
    for number, slide in enumerate(deck.slides, start=1):
        lines = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame and shape.text_frame.text]
        lines += [
            shape._element.nvPicPr.cNvPr.get("descr", "") for shape in slide.shapes if shape.shape_type == 13
        ]  # pictures' alt text
        lines += slide.notes_slide.notes_text_frame.text.splitlines() if slide.has_notes_slide else []
        sections[f"Deck: slide {number}"] = lines
    return sections


def _views(brief: Brief, spec) -> list[ChartView]:
    """The other views a page shows and exports of a chart, from its view's fields: highlighted or filtered to an actor
    (the first one involved in an event: the words differ from actor to actor only by the name), and each further
    choice of a field with fixed values (the timeline's ranges)."""
    actor = next((a for ids in brief.events["actor_ids"] for a in ids), brief.actors["actor_id"].iloc[0])
    views = [spec.view(**{name: actor}) for name in spec.view.naming("actor")]
    return views + [spec.view(**{name: value}) for name, values in spec.view.choices().items() for value in values[1:]]


FILTERED_PAGES = {"kursk_brief/app/pages/timeline.py": ("actor", "place"), "kursk_brief/app/pages/map.py": ("place",)}
"""The pages whose counts and notes change with a filter from the URL, and the filters: each value of each is read."""


def _filtered_pages(brief: Brief) -> dict[str, list[str]]:
    """The texts a filtered view shows and the unfiltered one does not (a count, a note), for every actor and every
    place a filter can name: the sentence `Only the 4 of 10 events in Russia` is a claim too."""
    from kursk_brief.app.site import PAGES
    from kursk_brief.data.queries import actor_names, place_names

    values = {"actor": actor_names(brief), "place": place_names(brief)}
    sections: dict[str, list[str]] = {}
    for page in (page for page in PAGES if page.script in FILTERED_PAGES):
        default = {plain_text(text) for text in _app_test_texts(page.script)}
        for parameter in FILTERED_PAGES[page.script]:
            for name in values[parameter].values():
                texts = [t for t in _app_test_texts(page.script, **{parameter: name}) if plain_text(t) not in default]
                sections[f"Page: {page.title} with {parameter}={name} (texts that change)"] = texts
    return sections


def build(brief: Brief) -> str:
    """The whole ledger as markdown."""
    from kursk_brief.app.site import PAGES
    from kursk_brief.briefing.present import notes_html
    from kursk_brief.briefing.story import plain_lines, story
    from kursk_brief.charts.registry import registry

    tagger = _Tagger(brief)
    lines = [
        "# Ledger of composed sentences",
        "",
        "Generated by `make ledger` (`kursk_brief/app/ledger.py`); do not edit by hand. The texts the app shows or",
        "exports, per page, chart and file, as a reader meets them: every page unfiltered, the Timeline filtered to each",
        "actor and each place and the Map to each place (the texts that change), every slide with its speaker notes,",
        "each chart in its default view and in one actor's view and each preset range, the pack's text files and the",
        "deck. Not here: other combinations of filters, and the Facts page's searches. The ids after a line are the",
        "rows whose words it carries. Read it against the report: a composed sentence may say what its rows say, and",
        "no more.",
    ]
    for page in PAGES:
        where = f"/{'' if page.default else page.url_path}"
        lines += _section(f"Page: {page.title} (`{where}`)", _app_test_texts(page.script), tagger)
    for title, texts in _filtered_pages(brief).items():
        lines += _section(title, texts, tagger)
    for number, slide in enumerate(story(brief), start=1):
        texts = [slide.title, *plain_lines(slide), slide.source_line, *_html_texts(notes_html(brief, slide))]
        lines += _section(f"Present: slide {number} ({slide.title}), with its speaker notes", texts, tagger)
    for spec in registry():
        figure = spec.build(brief)
        lines += _section(f"Chart: {spec.title}", [*figure_texts(figure), f"Alt text: {spec.alt_text(brief)}"], tagger)
        default = {plain_text(text) for text in figure_texts(figure)}
        for view in _views(brief, spec):
            shown = ", ".join(f"{name}={value}" for name, value in view.changed())
            changed = [text for text in figure_texts(spec.figure(brief, view)) if plain_text(text) not in default]
            lines += _section(
                f"Chart: {spec.title}, as a page shows it with {shown} (texts that change)", changed, tagger
            )
    for title, texts in _export_texts(brief).items():
        lines += _section(title, texts, tagger)
    return "\n".join(lines) + "\n"
