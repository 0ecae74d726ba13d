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


def rename_actor(data_dir: Path, actor_id: str, new_name: str) -> None:
    """A curator's save of actors.csv as an atomic rename (write a copy, then move it over the file)."""
    path = data_dir / "actors.csv"
    with path.open(encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    next(r for r in rows if r["actor_id"] == actor_id)["name"] = new_name
    staged = data_dir / "actors.csv.saving"
    with staged.open("w", encoding="utf-8", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    staged.replace(path)


def test_a_save_during_a_page_run_never_gives_a_page_of_two_versions(data_copy, monkeypatch) -> None:
    """The curator saves right after the page read the brief and before it asks for its chart: the whole view must come
    from one version (the chart was once built from the new file, the cards from the old), and the next run shows
    the new one everywhere."""
    monkeypatch.setenv(DATA_DIR_ENV, str(data_copy))
    at = run_page("kursk_brief/app/pages/actors.py")

    def shown() -> tuple[str, str]:
        chart = at.get("plotly_chart")[0].proto.spec
        return chart, " ".join(element.proto.body for element in at.get("html"))

    chart, cards = shown()
    actors = load_brief(data_copy).actors.dropna(subset=["name"])
    actor = next(row for _, row in actors.iterrows() if row["name"] in chart and f">{row['name']}<" in cards)
    renamed = f"{actor['name']}-2"  # no new word: the chart wraps names at spaces
    read, saves = ui.get_brief, []

    def get_brief_then_save():
        got = read()
        if not saves:
            rename_actor(data_copy, actor["actor_id"], renamed)
            saves.append(True)
        return got

    monkeypatch.setattr(ui, "get_brief", get_brief_then_save)
    digests = Counter(ui.data_digest)
    monkeypatch.setattr(ui, "data_digest", digests)
    at.run()
    assert saves and not at.exception
    assert digests.calls == 1, "one run takes the digest once"
    chart, cards = shown()
    assert actor["name"] in chart and f">{actor['name']}<" in cards
    assert renamed not in chart and renamed not in cards, "the chart and the cards come from one version"
    at.run()
    chart, cards = shown()
    assert renamed in chart and f">{renamed}<" in cards, "the next run shows the saved file everywhere"


def test_the_digest_sees_what_the_loader_reads_and_nothing_else(data_copy) -> None:
    """Stray files (a backup folder, a spreadsheet's lock file) cost nothing and change nothing; an edit of the same
    size whose modification time was put back (`cp -p`, `touch -r`) is seen."""
    before = ui.data_digest(data_copy)
    backup = data_copy / "backup"
    backup.mkdir()
    for index in range(2_000):
        (backup / f"facts-{index}.csv").write_text("stray", encoding="utf-8")
    (data_copy / ".~lock.facts.csv#").write_text("lock", encoding="utf-8")
    assert ui.data_digest(data_copy) == before, "stray files changed the digest: it reads more than the loader"
    path = data_copy / "facts.csv"
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("a", "e", 1), encoding="utf-8")  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    assert ui.data_digest(data_copy) != before, "a same-size edit with its modification time restored went unseen"


def test_a_folder_that_changes_while_it_is_read_is_read_again(data_copy, monkeypatch) -> None:
    """A save in place caught half-written: the first read sees a broken file, the folder changes meanwhile, and the
    read that is kept is the one after the save, not the problem page for everybody until the next run."""
    path = data_copy / "facts.csv"
    whole = path.read_text(encoding="utf-8")
    read = ui.load_brief
    reads = []

    def half_written_once(data_dir):
        if not reads:
            path.write_text(whole[: len(whole) // 2] + '"', encoding="utf-8")  # the save has reached the middle
            try:
                return read(data_dir)
            finally:
                reads.append("half")
                path.write_text(whole, encoding="utf-8")  # the save completes while the first read ends
        reads.append("whole")
        return read(data_dir)

    monkeypatch.setattr(ui, "load_brief", half_written_once)
    loaded = ui._load.__wrapped__(str(data_copy), "any")
    assert reads == ["half", "whole"]
    assert loaded.brief is not None and loaded.problems == ()
    assert len(loaded.brief.facts) == len(load_brief(data_copy).facts)
