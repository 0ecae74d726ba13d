"""Caches that follow the files: an edit shows on the next run without a restart, a broken folder is validated once
per content, figures and exported images are built once per data content and shared, pages never alter the shared
brief."""

from __future__ import annotations

import csv
import functools
import io
import os
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image
from pptx import Presentation

from kursk_brief.app import ui
from kursk_brief.app.harness import run_page
from kursk_brief.app.site import PAGES
from kursk_brief.briefing.story import story
from kursk_brief.charts import geography
from kursk_brief.charts.registry import registry
from kursk_brief.data.load import DATA_DIR_ENV, load_brief
from kursk_brief.data.problems import DataError
from kursk_brief.out import export

MARK = "edited by the curator"


def edit_anticipated_fact(data_dir: Path, column: str, change) -> None:
    """Edit one cell of the first anticipated fact in facts.csv, in place, as a curator would; the new modification
    time is what the caches notice."""
    path = data_dir / "facts.csv"
    with path.open(encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    row = next(r for r in rows if r["status"] in ("anticipated", "rumoured"))
    row[column] = change(row[column])
    stat = path.stat()
    with path.open("w", encoding="utf-8", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    if path.stat().st_mtime_ns == stat.st_mtime_ns:  # a coarse clock must not hide the edit from this test
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


class Counter:
    """Wraps a function and counts its calls."""

    def __init__(self, function) -> None:
        functools.update_wrapper(self, function)
        self.function = function
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.function(*args, **kwargs)


def anticipated_lines(at) -> list[str]:
    """The Overview's "What next, and when" items, one per anticipated fact."""
    return [m.value for m in at.markdown if m.value.startswith("**ANTICIPATED**")]


def test_an_edited_csv_shows_on_the_next_run_without_a_restart(data_copy, monkeypatch) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(data_copy))
    at = run_page("kursk_brief/app/pages/overview.py")
    assert anticipated_lines(at) and not any(MARK in line for line in anticipated_lines(at))
    edit_anticipated_fact(data_copy, "summary", lambda summary: f"{summary} {MARK}")
    at.run()
    assert not at.exception
    assert any(MARK in line for line in anticipated_lines(at)), anticipated_lines(at)


def test_a_broken_folder_is_validated_once_per_content(data_copy, monkeypatch) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(data_copy))
    loads = Counter(load_brief)
    monkeypatch.setattr(ui, "load_brief", loads)
    edit_anticipated_fact(data_copy, "status", lambda _: "rumoured")
    at = run_page("kursk_brief/app/pages/overview.py")
    at.run()
    other_user = run_page("kursk_brief/app/pages/overview.py")
    assert "problem(s)" in at.error[0].value and "problem(s)" in other_user.error[0].value
    assert loads.calls == 1, "every page view validated the same broken files again"
    edit_anticipated_fact(data_copy, "status", lambda _: "anticipated")
    at.run()
    assert not at.error and at.metric, "the fixed data shows on the next run"
    assert loads.calls == 2


def test_figures_are_built_once_per_data_content(data_copy, monkeypatch) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(data_copy))
    builds = Counter(geography.operational_figure)
    monkeypatch.setattr(geography, "operational_figure", builds)
    at = run_page("kursk_brief/app/pages/map.py")
    at.run()
    at.switch_page("kursk_brief/app/pages/map.py").run()
    assert not at.exception
    assert builds.calls == 1, "a rerun rebuilt the map"
    edit_anticipated_fact(data_copy, "summary", lambda summary: f"{summary} {MARK}")
    at.run()
    assert builds.calls == 2, "an edit of the data must rebuild the map"


def fake_image(fmt: str, size: export.Size) -> bytes:
    if fmt == "png":
        buffer = io.BytesIO()
        Image.new("RGB", (size.width, size.height), "white").save(buffer, "PNG")
        return buffer.getvalue()
    return f"<svg width='{size.width}'/>".encode()


def test_exports_render_each_image_once_and_the_pack_and_deck_reuse_them(data_copy, monkeypatch) -> None:
    """The pack and the deck do not queue behind single-chart renders for pictures already made, nor repeat them."""
    monkeypatch.setenv(DATA_DIR_ENV, str(data_copy))
    renders = Counter(lambda figure, fmt, size, image=None, alt="": fake_image(fmt, size))
    monkeypatch.setattr(export, "render", renders)
    version = ui.data_version()
    charts = registry()
    single = ui._image(*version, charts[0].key, "png", export.SIZES[1])
    assert renders.calls == 1
    pack = zipfile.ZipFile(io.BytesIO(ui._pack(*version)))
    assert renders.calls == 2 * len(charts), "the pack rendered an image it already had"
    assert pack.read(f"charts/{export.file_name(charts[0], 'png', export.SIZES[1])}") == single
    deck = Presentation(io.BytesIO(ui._deck(*version)))
    slides = story(load_brief(data_copy))
    assert len(deck.slides) == len(slides), "the deck follows the story"
    assert renders.calls == 2 * len(charts) + len({slide.chart for slide in slides if slide.chart})
    ui._pack(*version), ui._deck(*version)
    for spec in charts:
        ui._image(*version, spec.key, "png", export.SIZES[0])
    slide_charts = len({slide.chart for slide in slides if slide.chart})  # the deck's: drawn as on the Present view
    assert renders.calls == 3 * len(charts) + slide_charts, "the same brief rendered the same image twice"


def test_a_broken_folder_has_no_exports(data_copy, monkeypatch) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(data_copy))
    edit_anticipated_fact(data_copy, "status", lambda _: "rumoured")
    with pytest.raises(DataError):
        ui._pack(*ui.data_version())


def table_fingerprints(brief) -> dict[str, int]:
    tables = {name: getattr(brief, name) for name in ("sources", "actors", "places", "facts", "events", "quotes")}
    return {
        name: int(pd.util.hash_pandas_object(table.astype(str), index=True).sum()) for name, table in tables.items()
    }


def test_no_page_alters_the_shared_brief(monkeypatch) -> None:
    """The brief is shared by all sessions without a copy; a page that modified a table would change it for all."""
    shared = ui.get_brief()
    before = table_fingerprints(shared)
    monkeypatch.setattr(ui, "load_brief", lambda *_: pytest.fail("the pages must use the cached brief"))
    for spec in PAGES:
        at = run_page(spec.script)
        assert not at.exception, spec.script
    assert ui.get_brief() is shared
    assert table_fingerprints(shared) == before
