"""Actor cards in a real browser: the grid at two screen sizes, and data that tries to be HTML stays text."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from kursk_brief.facts import load_brief
from kursk_brief.schema import TABLES
from tests.browser.conftest import exception_boxes, open_view, screenshot, serving

pytestmark = pytest.mark.browser

PAYLOAD = (
    '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">[click](javascript:window.__xss=1)**not bold**'
)
# Free-text columns whose content is constrained by validation (dates, time words, ISO codes) keep their values.
CONSTRAINED = {"published", "date", "date_text", "iso_code"}


def poison(data_dir: Path) -> int:
    """Append the payload to every non-empty free-text cell of every table; return how many cells were changed."""
    changed = 0
    for stem, model in TABLES.items():
        text_columns = {
            name
            for name, field in model.model_fields.items()
            if name not in CONSTRAINED
            and field.annotation in (str, str | None)
            and not any(getattr(m, "pattern", None) for m in field.metadata)
        }
        path = data_dir / f"{stem}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            rows, header = list(reader), reader.fieldnames
        for row in rows:
            for column in text_columns & set(row):
                if row[column]:
                    row[column] += " " + PAYLOAD
                    changed += 1
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header)
            writer.writeheader()
            writer.writerows(rows)
    return changed


@pytest.fixture
def poisoned_server(data_copy):
    assert poison(data_copy) > 100
    shutil.rmtree(data_copy / "fingerprints")  # poisoned quotes are no longer the report's words; render them anyway
    load_brief(data_copy)  # the poisoned data is still valid data: the test is about rendering, not validation
    with serving(data_copy) as running:
        yield running


def test_payloads_in_every_text_field_render_as_text(poisoned_server, browser_page) -> None:
    page, watch = browser_page
    open_view(page, f"{poisoned_server.url}/actors", "Actors")
    page.locator(".js-plotly-plot").first.wait_for()
    screenshot(page, "actors-xss-fixture")
    assert page.evaluate("() => window.__xss") is None
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("script", has_text="__xss").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "<script>window.__xss=1</script>" in body
    assert "**not bold**" in body
    assert watch.external == [] and exception_boxes(page) == 0


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["1280x720", "1920x1080"])
def test_card_grid_at_presentation_sizes(server, browser_page, size) -> None:
    page, watch = browser_page
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_view(page, f"{server.url}/actors", "Actors")
    page.locator(".js-plotly-plot").first.wait_for()
    screenshot(page, f"actors-{size[0]}x{size[1]}")
    timeline_links = page.locator("a[href^='timeline?actor=']")
    assert timeline_links.count() == len(load_brief().actors)
    assert watch.external == [] and watch.real_console_errors() == [] and exception_boxes(page) == 0
