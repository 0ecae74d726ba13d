"""The shared look: registered templates, type that scales with the canvas, and status colours anyone can tell apart.

Colour checks are computed, not eyeballed: WCAG 2.x relative luminance for contrast; colour-vision deficiency
simulated with the Machado, Oliveira & Fernandes (2009) matrices at severity 1.0, applied in linear sRGB; difference
measured as CIEDE2000 in CIELAB (D65). Two status colours count as distinct when ΔE00 >= 12, a conservative bar
(about five times a just-noticeable difference) for small marks and thin lines.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import plotly.io as pio
import pytest

from kursk_brief.charts import look as style
from kursk_brief.schema.rows import Status

PROTANOPIA = np.array(
    [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
)
DEUTERANOPIA = np.array(
    [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
)
VISION = {"normal": np.eye(3), "deuteranopia": DEUTERANOPIA, "protanopia": PROTANOPIA}
MIN_DELTA_E = 12.0


def linear_rgb(hex_colour: str) -> np.ndarray:
    channels = np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two opaque colours."""
    la, lb = (float(linear_rgb(c) @ [0.2126, 0.7152, 0.0722]) for c in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def lab(linear: np.ndarray) -> np.ndarray:
    to_xyz = np.array(
        [[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]]
    )
    xyz = to_xyz @ np.clip(linear, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e2000(lab1: np.ndarray, lab2: np.ndarray) -> float:
    """CIEDE2000 (Sharma, Wu & Dalal 2005), unit weights."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p, h2p = math.degrees(math.atan2(b1, a1p)) % 360, math.degrees(math.atan2(b2, a2p)) % 360
    dh = 0.0 if c1p * c2p == 0 else h2p - h1p - 360 * (h2p - h1p > 180) + 360 * (h2p - h1p < -180)
    d_hp = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    else:
        h_mean = (h1p + h2p + 360 * (1 if h1p + h2p < 360 else -1)) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c, s_h = 1 + 0.045 * cp_mean, 1 + 0.015 * cp_mean * t
    r_t = (
        -math.sin(math.radians(60 * math.exp(-(((h_mean - 275) / 25) ** 2))))
        * 2
        * math.sqrt(cp_mean**7 / (cp_mean**7 + 25**7))
    )
    terms = ((l2 - l1) / s_l, (c2p - c1p) / s_c, d_hp / s_h)
    return math.sqrt(terms[0] ** 2 + terms[1] ** 2 + terms[2] ** 2 + r_t * terms[1] * terms[2])


def test_delta_e2000_matches_the_published_test_data() -> None:
    """Two pairs from Sharma, Wu & Dalal's CIEDE2000 test data, so the distinctness check measures what it says."""
    assert delta_e2000(np.array([50, 2.6772, -79.7751]), np.array([50, 0, -82.7485])) == pytest.approx(2.0425, abs=1e-4)
    assert delta_e2000(np.array([50, -1.0, 2.0]), np.array([50, 0, 0])) == pytest.approx(2.3669, abs=1e-4)


@pytest.mark.parametrize("theme", style.THEMES)
def test_status_colours_are_graphics_contrast_on_their_background(theme) -> None:
    palette = style.PALETTES[theme]
    for status, colour in palette.status.items():
        assert contrast(colour, palette.background) >= 3.0, (theme, status)


@pytest.mark.parametrize("theme", style.THEMES)
def test_text_colours_meet_aa_on_their_background(theme) -> None:
    palette = style.PALETTES[theme]
    assert contrast(palette.ink, palette.background) >= 7
    assert contrast(palette.muted, palette.background) >= 4.5


@pytest.mark.parametrize("vision", VISION)
@pytest.mark.parametrize("theme", style.THEMES)
def test_status_colours_stay_distinct_under_colour_blindness(theme, vision) -> None:
    simulated = {s: lab(VISION[vision] @ linear_rgb(c)) for s, c in style.PALETTES[theme].status.items()}
    for (a, lab_a), (b, lab_b) in itertools.combinations(simulated.items(), 2):
        assert delta_e2000(lab_a, lab_b) >= MIN_DELTA_E, f"{theme}/{vision}: {a} and {b} look alike"


def test_the_old_claimed_orange_fails_the_contrast_check() -> None:
    """The check can fail: Okabe–Ito orange, the CLAIMED colour before, is 2.25:1 on white."""
    assert contrast("#E69F00", "#ffffff") < 3


def test_status_is_never_told_by_colour_alone() -> None:
    for table in (style.STATUS_SYMBOL, style.STATUS_GLYPH, style.STATUS_LABELS):
        assert len(set(table.values())) == len(Status)
    assert {style.STATUS_DASH[s] for s in (Status.REPORTED, Status.ANTICIPATED, Status.DERIVED)} == {
        "solid",
        "dash",
        "dot",
    }
    assert len(set(style.STATUS_PATTERN.values())) == len(Status)


def test_templates_are_registered_for_both_themes() -> None:
    for theme in style.THEMES:
        registered = pio.templates[f"kursk_{theme}"]
        assert registered.layout.font.size == 20 and registered.layout.title.font.size == 36
        assert registered.layout.paper_bgcolor == style.PALETTES[theme].background
        assert list(registered.layout.colorway) == list(style.PALETTES[theme].status.values())


@pytest.mark.parametrize(
    ("width", "height", "title", "text", "footer"),
    [(1920, 1080, 36, 20, 16), (1600, 900, 30, 16.67, 14), (1240, 877, 26.07, 14.48, 14)],
)
def test_type_scales_with_the_canvas(width, height, title, text, footer) -> None:
    look = style.Look.for_output(width, height)
    assert look.title_px == pytest.approx(title, abs=0.01)
    assert look.text_px == pytest.approx(text, abs=0.01)
    assert look.footer_px == pytest.approx(footer, abs=0.01)


def test_screen_type_is_at_least_14_px() -> None:
    look = style.SCREEN
    assert min(look.title_px, look.text_px, look.footer_px) >= 14


def test_camera_button_gives_the_1920_export_its_type() -> None:
    """The modebar renders the on-screen figure at 1920×1080 × scale, then enlarges it: type lands on 36/20 px."""
    options = style.plotly_config("x")["toImageButtonOptions"]
    factor = options["scale"]
    assert (options["width"] * factor, options["height"] * factor) == pytest.approx((1920, 1080))
    assert style.SCREEN.title_px * factor == pytest.approx(36)
    assert style.SCREEN.text_px * factor == pytest.approx(20)
    # The camera's canvas is at least the size the screen layout was made for, so nothing collides there either.
    assert options["width"] >= style.SCREEN.width and options["height"] >= style.SCREEN.height
