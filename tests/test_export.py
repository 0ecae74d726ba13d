"""Exports carry their context and have the requested shape: image sizes, text in SVG, one-page PDF, deck, pack."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from lxml import etree
from PIL import Image, ImageStat
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.util import Inches
from pypdf import PdfReader

from kursk_brief.app import ui
from kursk_brief.app.harness import run_page
from kursk_brief.briefing.present import slide_look
from kursk_brief.briefing.story import plain_lines, story
from kursk_brief.charts.look import STATUS_LABELS
from kursk_brief.charts.registry import registry
from kursk_brief.data.queries import headline_figures
from kursk_brief.out import export
from kursk_brief.words.escape import WORD_JOINER, escape_markdown, label_svg

CHARTS = registry()
KEYS = [spec.key for spec in CHARTS]


@pytest.fixture(scope="module", autouse=True)
def kaleido_server():
    """One kaleido server for the module, stopped afterwards so no chromium outlives the tests."""
    yield
    export.stop()


def test_every_view_chart_is_registered() -> None:
    assert KEYS == ["kursk-map", "strategic-map", "actor-relations", "timeline"]


@pytest.mark.parametrize("spec", CHARTS, ids=KEYS)
def test_png_has_the_requested_size_and_is_not_blank(brief, spec) -> None:
    for size in (export.SIZES[1], export.SIZES[2]):
        image = Image.open(io.BytesIO(export.chart_image(brief, spec, "png", size)))
        assert image.size == (size.width, size.height)
        spread = ImageStat.Stat(image.convert("L")).stddev[0]
        assert spread > 10, "an almost uniform image is a blank export"


@pytest.mark.parametrize("spec", CHARTS, ids=KEYS)
def test_svg_carries_title_source_as_of_and_legend(brief, spec) -> None:
    svg = export.chart_image(brief, spec, "svg", export.SIZES[0]).decode("utf-8")
    text = re.sub(r"\s+", " ", " ".join(re.findall(r">([^<>]+)<", svg)))
    assert spec.title in text
    assert "Source: Alliance News, 1 Nov 2024" in text
    assert "As of 01 Nov 2024." in text
    for label in ("REPORTED", "CLAIMED", "ANTICIPATED", "DERIVED"):
        assert label in text


SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("spec", CHARTS, ids=KEYS)
def test_svg_names_itself_with_the_chart_title_and_alt_text(brief, spec) -> None:
    """`<title>` and `<desc>` first in the root (what viewers and screen readers read); the file stays valid SVG."""
    svg = export.chart_image(brief, spec, "svg", export.SIZES[1])
    root = etree.fromstring(svg)  # well-formed XML, or this raises
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert [child.tag for child in root[:2]] == [f"{SVG}title", f"{SVG}desc"]
    assert (root[0].text, root[1].text) == (spec.title, spec.alt_text(brief))
    assert len(root.findall(f"{SVG}title")) == 1 and len(root.findall(f"{SVG}desc")) == 1
    outside = [
        value
        for element in root.iter()
        for name, value in element.attrib.items()
        if etree.QName(name).localname == "href" and not value.startswith(("#", "data:image/"))
    ]
    assert outside == [], "clean_svg still runs before the labels are added"


def test_svg_labels_are_escaped_text_and_a_second_label_replaces_the_first() -> None:
    hostile = 'Title </title><script>alert(1)</script> & "x" ]]> \x07 $x$'
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="1" height="1"/></svg>'
    labelled = label_svg(label_svg(svg, "first", "first"), hostile, f"desc: {hostile}")
    root = etree.fromstring(labelled)
    assert [child.tag for child in root] == [f"{SVG}title", f"{SVG}desc", f"{SVG}rect"]
    assert root[0].text == hostile.replace("\x07", ""), "a character XML cannot hold is dropped, the rest kept"
    assert root[1].text == f"desc: {hostile}".replace("\x07", "")
    assert root.find(f".//{SVG}script") is None and b"<script>" not in labelled


def test_pdf_is_one_page_titled_after_the_chart(brief) -> None:
    for spec in CHARTS:
        pdf = export.chart_image(brief, spec, "pdf", export.SIZES[2])
        assert pdf.startswith(b"%PDF")
        reader = PdfReader(io.BytesIO(pdf))
        assert len(reader.pages) == 1
        info = reader.metadata
        assert (info.title, info.subject, info.creator) == (spec.title, spec.alt_text(brief), "Kursk Brief")
        assert b"Kaleido" not in pdf, "the renderer's page title is gone"
        box = reader.pages[0].mediabox
        assert float(box.width) / float(box.height) == pytest.approx(
            export.SIZES[2].width / export.SIZES[2].height, rel=0.01
        )


def test_pdf_title_is_the_title_of_the_view_drawn(brief) -> None:
    """A filtered view's figure is titled for its view, and so is its PDF (the title comes from the figure's frame)."""
    spec = next(spec for spec in CHARTS if spec.key == "timeline")
    figure = spec.build(brief, look=export.SIZES[1].look())
    figure.layout.meta["frame"]["title"] = "Timeline &amp; a &lt;view&gt; &#36;1"  # escaped, as style.Frame stores it
    pdf = export.render(figure, "pdf", export.SIZES[1], alt="Alt text, “quoted” — Київ")
    info = PdfReader(io.BytesIO(pdf)).metadata
    assert (info.title, info.subject) == ("Timeline & a <view> $1", "Alt text, “quoted” — Київ")


def test_a_highlighted_charts_file_is_described_for_its_highlight(brief) -> None:
    """A highlighted map or table exports with the alt text of that view, as the page shows it under the chart."""
    for key in ("strategic-map", "actor-relations"):
        spec = next(spec for spec in CHARTS if spec.key == key)
        pdf = export.chart_image(brief, spec, "pdf", export.SIZES[2], spec.view(highlight="lavrov"))
        subject = PdfReader(io.BytesIO(pdf)).metadata.subject
        assert subject == spec.alt_text(brief, highlight="lavrov") and subject != spec.alt_text(brief)
        assert "Sergey Lavrov" in subject.split(". ")[1]


def test_the_apps_cached_downloads_carry_the_metadata_too(brief) -> None:
    """The Export page, the pack and the deck take their images from `ui`'s cache, not from `chart_image`."""
    spec = next(spec for spec in CHARTS if spec.key == "strategic-map")
    version = ui.data_version()
    root = etree.fromstring(ui._image(*version, spec.key, "svg", export.SIZES[2]))
    assert (root[0].text, root[1].text) == (spec.title, spec.alt_text(brief))
    info = PdfReader(io.BytesIO(ui._image(*version, spec.key, "pdf", export.SIZES[2]))).metadata
    assert (info.title, info.subject) == (spec.title, spec.alt_text(brief))


def _texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


@pytest.fixture(scope="module")
def deck(brief):
    return Presentation(io.BytesIO(export.briefing_deck(brief)))


def test_deck_follows_the_story_slide_for_slide(brief, deck) -> None:
    slides = story(brief)
    assert len(deck.slides) == len(slides)
    charts = {spec.key: spec for spec in CHARTS}
    for number, (slide, shown) in enumerate(zip(deck.slides, slides, strict=True), start=1):
        texts = _texts(slide)
        title = slide.shapes.title
        assert f"{shown.source_line} Slide {number} of {len(slides)}." in texts
        lines = plain_lines(shown)[1:] if shown.headline else plain_lines(shown)  # a headline is drawn, see below
        assert all(line in "\n".join(texts) for line in lines)
        pictures = [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
        if shown.chart:
            (picture,) = pictures
            assert picture._element.nvPicPr.cNvPr.get("descr") == charts[shown.chart].alt_text(brief)
            slide_chart = export.SLIDE_PICTURE
            assert slide_chart.look() == slide_look("light"), "the deck's chart is the Present view's"
            pixels = (slide_chart.width * slide_chart.scale, slide_chart.height * slide_chart.scale)
            assert Image.open(io.BytesIO(picture.image.blob)).size == pixels, "drawn as on the Present view, sharp"
            assert picture.width == title.width and picture.width / picture.height == pytest.approx(
                pixels[0] / pixels[1]
            )
        else:
            assert pictures == []


def test_deck_titles_are_in_title_placeholders_and_shown_once(brief, deck) -> None:
    """PowerPoint's outline lists slide titles from title placeholders: each slide has one, with the story's title."""
    band = Inches(1.35)
    for slide, shown in zip(deck.slides, story(brief), strict=True):
        titles = [shape for shape in slide.placeholders if shape.placeholder_format.type == PP_PLACEHOLDER.TITLE]
        assert len(titles) == 1 and titles[0].shape_id == slide.shapes.title.shape_id
        title = slide.shapes.title
        assert title.text_frame.text == shown.title
        lines = [p.text for shape in slide.shapes if shape.has_text_frame for p in shape.text_frame.paragraphs]
        assert lines.count(shown.title) == 1, f"{shown.title!r} is drawn twice"
        assert title.top + title.height <= band
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.left + shape.width <= deck.slide_width, shape.name
            assert shape.top >= 0 and shape.top + shape.height <= deck.slide_height, shape.name
            assert shape.shape_id == title.shape_id or shape.top >= band, f"{shape.name} sits in the title band"


def test_deck_headline_slides_show_each_figure_big_with_status_and_hedge(brief, deck) -> None:
    """As on the Present view: the status word (bold) and hedge, then the figure big with its unit, then what it counts."""
    slides = story(brief)
    figures = headline_figures(brief)
    headlines = [(slide, shown) for slide, shown in zip(deck.slides, slides, strict=True) if shown.headline]
    assert [shown.headline.number for _, shown in headlines] == figures["number"].tolist()
    first = next(index for index, shown in enumerate(slides) if shown.headline)
    assert {shown.section for shown in slides[:first]} == {"Opening"}, "only the title and label key come before"
    for (slide, shown), (_, figure) in zip(headlines, figures.iterrows(), strict=True):
        (body,) = [shape for shape in slide.shapes if shape.has_text_frame and shape.top < Inches(6.5)][1:]
        status, number, *rest = body.text_frame.paragraphs
        assert [run.text for run in status.runs] == [figure["status"], f" · {figure['hedge']}"]
        assert status.runs[0].font.bold and figure["status"] in STATUS_LABELS.values()
        assert number.text == f"{figure['number']} {shown.headline.unit}".strip()
        assert number.runs[0].text == figure["number"] and number.runs[0].font.size.pt >= 60
        assert number.runs[0].font.bold, "the figure is drawn big"
        assert [p.text for p in rest] == plain_lines(shown)[1:], "what it counts, with its paragraphs"


def test_deck_notes_carry_the_rows_behind_each_slide_with_paragraphs(brief, deck) -> None:
    facts = brief.facts.set_index("fact_id")
    for slide, shown in zip(deck.slides, story(brief), strict=True):
        notes = slide.notes_slide.notes_text_frame.text.splitlines()
        for fact_id in shown.fact_ids:
            (line,) = [line for line in notes if line.startswith(f"- {fact_id} ")]
            fact = facts.loc[fact_id]
            assert f"[{fact['status'].upper()}]" in line and fact["summary"] in line
            assert all(f"¶{paragraph}" in line for paragraph in fact["paragraphs"]), line
        if shown.chart:
            assert notes[0].startswith("Alt text: ") and len(notes[0]) > 90


def test_pack_lists_every_chart_and_its_context(brief) -> None:
    pack = zipfile.ZipFile(io.BytesIO(export.briefing_pack(brief)))
    names = set(pack.namelist())
    for spec in CHARTS:
        for fmt in ("png", "svg"):
            assert f"charts/{export.file_name(spec, fmt, export.SIZES[1])}" in names
    assert {"facts.csv", "facts.xlsx", "CITATIONS.txt", "README.txt"} <= names
    readme = pack.read("README.txt").decode("utf-8")
    assert "As of 01 November 2024" in readme
    assert all(f"Alt text: {spec.alt_text(brief)}\n" in readme for spec in CHARTS), "each alt text whole, as it is"
    citations = pack.read("CITATIONS.txt").decode("utf-8")
    assert all(f"- {fact_id} (" in citations for spec in CHARTS for fact_id in spec.fact_ids(brief))
    for text in (readme, citations):  # plain text: what is pasted into a note is what is read
        assert "\\" not in text and WORD_JOINER not in text and "`" not in text


def test_alt_text_is_made_from_the_facts(brief) -> None:
    for spec in CHARTS:
        alt = spec.alt_text(brief)
        assert len(alt) > 80 and "¶" in alt, spec.key


def test_missing_chromium_is_one_sentence(monkeypatch) -> None:
    monkeypatch.setattr(export.shutil, "which", lambda name: None)
    assert export.chromium_problem() == export.CHROMIUM_MISSING
    monkeypatch.setenv("PATH", "/nonexistent")
    at = run_page("kursk_brief/app/pages/export.py")
    assert not at.exception
    assert [w.value for w in at.warning] == [export.CHROMIUM_MISSING]


def test_export_page_offers_each_chart_and_the_pack() -> None:
    at = run_page("kursk_brief/app/pages/export.py")
    assert not at.exception
    titles = [m.value for m in at.markdown if m.value.startswith("**")]
    assert titles == [f"**{escape_markdown(spec.title)}**" for spec in CHARTS]
    assert len(at.get("download_button")) == 2 + 3 * len(CHARTS)


@pytest.mark.parametrize(
    ("script", "params", "filename"),
    [
        ("kursk_brief/app/pages/map.py", {}, "kursk-brief-kursk-map-1920x1080"),
        (
            "kursk_brief/app/pages/map.py",
            {"view": "Strategic", "actor": "Sergey Lavrov"},
            "kursk-brief-strategic-map-lavrov-1920x1080",
        ),
        ("kursk_brief/app/pages/timeline.py", {}, "kursk-brief-timeline-1920x1080"),
        ("kursk_brief/app/pages/timeline.py", {"actor": "Sergey Lavrov"}, "kursk-brief-timeline-lavrov-1920x1080"),
        ("kursk_brief/app/pages/actors.py", {}, "kursk-brief-actor-relations-1920x1080"),
        ("kursk_brief/app/pages/actors.py", {"card": "Sergey Lavrov"}, "kursk-brief-actor-relations-lavrov-1920x1080"),
    ],
)
def test_modebar_download_is_presentation_sized_and_named_for_its_view(script, params, filename) -> None:
    """The camera's PNG is named as the server's 1920×1080 export of the same view (`export.file_name`)."""
    at = run_page(script, **params)
    config = json.loads(at.get("plotly_chart")[0].proto.config)
    options = config["toImageButtonOptions"]
    assert options["format"] == "png" and options["filename"] == filename
    assert (options["width"] * options["scale"], options["height"] * options["scale"]) == pytest.approx((1920, 1080))
    assert config["displaylogo"] is False


def test_deck_opens_on_the_headline_figures_with_status_and_hedge(brief, deck) -> None:
    """The first slide a memo reader sees states the typed figures, each with its status word, hedge and paragraphs."""
    text = "\n".join(shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame)
    assert deck.slides[0].shapes.title.text == "Kursk Brief"
    assert (
        "CLAIMED Top US officials (unnamed): approximately 8,000 North Korean troops in the Kursk region ¶1, ¶4" in text
    )
    assert "CLAIMED estimated 10,000 troops from North Korea reportedly sent to Russia in all ¶4" in text
    assert "DERIVED" not in text, "a worked-out figure is not a headline of the report"
