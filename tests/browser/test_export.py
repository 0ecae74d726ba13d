"""The Export page in a real browser: a click on PNG downloads an image of the requested size, offline."""

from __future__ import annotations

import pytest
from PIL import Image

from kursk_brief.out import export
from tests.browser.watch import exception_boxes, open_view, screenshot

pytestmark = pytest.mark.browser


def test_png_download_from_the_export_page(server, browser_page, tmp_path) -> None:
    page, watch = browser_page
    open_view(page, f"{server.url}/export", "Export")
    screenshot(page, "export")
    buttons = page.locator('[data-testid="stDownloadButton"]')
    assert buttons.count() == 2 + 3 * 4
    with page.expect_download(timeout=60_000) as download:
        buttons.get_by_text("PNG of this chart, 1600×900", exact=True).first.click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    assert target.name == "kursk-brief-kursk-map-1600x900.png"
    assert Image.open(target).size == (export.SIZES[0].width, export.SIZES[0].height)
    assert watch.external == [] and watch.real_console_errors() == [] and exception_boxes(page) == 0
