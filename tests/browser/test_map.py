"""Both maps in a real browser, offline: the polygons are actually painted, and no tile or topojson is fetched."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.browser.watch import exception_boxes, open_view, screenshot, settled

pytestmark = pytest.mark.browser

KURSK_FILL = (242, 207, 178)  # rgba(213,94,0,0.30) over white
RUSSIA_FILL = (233, 228, 220)  # #e9e4dc
LAND_FILL = (243, 243, 243)  # #f3f3f3


def pixels_near(image: Image.Image, colour: tuple[int, int, int], tolerance: int = 6) -> int:
    return sum(
        count
        for count, pixel in image.convert("RGB").getcolors(maxcolors=1 << 20)
        if all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))
    )


def chart_image(page) -> Image.Image:
    chart = page.locator(".js-plotly-plot").first
    chart.wait_for()
    settled(page)
    return Image.open(io.BytesIO(chart.screenshot()))


def test_both_maps_draw_their_polygons_offline(server, browser_page) -> None:
    page, watch = browser_page
    open_view(page, f"{server.url}/map", "Map")
    operational = chart_image(page)
    screenshot(page, "map-operational")
    assert pixels_near(operational, KURSK_FILL) > 5_000, "Kursk oblast is not painted"
    assert pixels_near(operational, RUSSIA_FILL) > 20_000, "the neighbouring regions are not painted"

    page.get_by_role("radiogroup", name="View").get_by_role("radio", name="Strategic", exact=True).click()
    page.locator(".js-plotly-plot .gtitle", has_text="Who is linked to whom").first.wait_for()  # the chart's own title
    strategic = chart_image(page)
    screenshot(page, "map-strategic")
    assert pixels_near(strategic, LAND_FILL) > 20_000, "the land background is not painted"

    assert watch.external == [], f"requests to other hosts: {watch.external}"
    assert watch.real_console_errors() == [] and exception_boxes(page) == 0
