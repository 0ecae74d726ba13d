"""Exports carry their context and have the requested shape: image sizes, text in SVG, one-page PDF, deck, pack."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from PIL import Image, ImageStat
from pptx import Presentation

from kursk_brief import export
from kursk_brief.charts import registry
from kursk_brief.facts import load_brief
from kursk_brief.story import plain_lines, story
from kursk_brief.text import escape_markdown
from tests.apptest import as_read, run_page
from tests.conftest import DATA

CHARTS = registry()
KEYS = [spec.key for spec in CHARTS]


@pytest.fixture(scope="module")
def brief():
    return load_brief(DATA)


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


def test_pdf_is_one_page(brief) -> None:
    pdf = export.chart_image(brief, CHARTS[0], "pdf", export.SIZES[2])
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_deck_follows_the_story_slide_for_slide(brief) -> None:
    slides = story(brief)
    deck = Presentation(io.BytesIO(export.briefing_deck(brief)))
    assert len(deck.slides) == len(slides)
    charts = {spec.key: spec for spec in CHARTS}
    for number, (slide, shown) in enumerate(zip(deck.slides, slides, strict=True), start=1):
        texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        assert texts[0] == shown.title
        assert f"{shown.source_line} Slide {number} of {len(slides)}." in texts
        assert all(line in "\n".join(texts) for line in plain_lines(shown))
        notes = slide.notes_slide.notes_text_frame.text
        assert all(fact_id in notes for fact_id in shown.fact_ids)
        pictures = [shape for shape in slide.shapes if shape.shape_type == 13]
        if shown.chart:
            (picture,) = pictures
            assert picture._element.nvPicPr.cNvPr.get("descr") == charts[shown.chart].alt_text(brief)
        else:
            assert pictures == []


def test_pack_lists_every_chart_and_its_context(brief) -> None:
    pack = zipfile.ZipFile(io.BytesIO(export.briefing_pack(brief)))
    names = set(pack.namelist())
    for spec in CHARTS:
        for fmt in ("png", "svg"):
            assert f"charts/{export.file_name(spec, fmt, export.SIZES[1])}" in names
    assert {"facts.csv", "facts.xlsx", "CITATIONS.md", "README.md"} <= names
    readme = pack.read("README.md").decode("utf-8")
    assert "As of 01 November 2024" in readme
    assert all(spec.alt_text(brief) in as_read(readme) for spec in CHARTS)
    citations = pack.read("CITATIONS.md").decode("utf-8")
    assert all(f"`{fact_id}`" in citations for spec in CHARTS for fact_id in spec.fact_ids(brief))


def test_alt_text_is_made_from_the_facts(brief) -> None:
    for spec in CHARTS:
        alt = spec.alt_text(brief)
        assert len(alt) > 80 and "¶" in alt, spec.key


def test_missing_chromium_is_one_sentence(monkeypatch) -> None:
    monkeypatch.setattr(export.shutil, "which", lambda name: None)
    assert export.chromium_problem() == export.CHROMIUM_MISSING
    monkeypatch.setenv("PATH", "/nonexistent")
    at = run_page("pages/export.py")
    assert not at.exception
    assert [w.value for w in at.warning] == [export.CHROMIUM_MISSING]


def test_export_page_offers_each_chart_and_the_pack() -> None:
    at = run_page("pages/export.py")
    assert not at.exception
    titles = [m.value for m in at.markdown if m.value.startswith("**")]
    assert titles == [f"**{escape_markdown(spec.title)}**" for spec in CHARTS]
    assert len(at.get("download_button")) == 2 + 3 * len(CHARTS)


@pytest.mark.parametrize(
    ("script", "filename"),
    [
        ("pages/map.py", "kursk-brief-kursk-map"),
        ("pages/timeline.py", "kursk-brief-timeline"),
        ("pages/actors.py", "kursk-brief-actor-relations"),
    ],
)
def test_modebar_download_is_presentation_sized_with_a_meaningful_name(script, filename) -> None:
    at = run_page(script)
    config = json.loads(at.get("plotly_chart")[0].proto.config)
    options = config["toImageButtonOptions"]
    assert options["format"] == "png" and options["filename"] == filename
    assert (options["width"] * options["scale"], options["height"] * options["scale"]) == pytest.approx((1920, 1080))
    assert config["displaylogo"] is False
