"""The Present view in a real browser, driven as a briefer drives it: keyboard only, no first click.

Every slide is stepped through in both themes at 1920×1080 and 1280×720; on each, the rendered type is measured
(titles ≥ 40 px, body ≥ 28 px, chart text ≥ 22 px), nothing may overflow the screen or its box, and a screenshot is
kept under artifacts/screenshots/present/. axe-core, injected from the vendored npm file (never from a CDN), must find
no serious or critical violation on any slide in either theme.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page

from kursk_brief.briefing.present import BODY_PX, CHART_TEXT_PX, TITLE_PX
from kursk_brief.briefing.story import story
from kursk_brief.data.load import load_brief
from tests.browser.watch import ARTIFACTS, RUN_FINISHED, exception_boxes, settled
from tests.paths import DATA

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SCREENS = [(1920, 1080), (1280, 720)]
THEMES = ["light", "dark"]
FORWARD = ["PageDown", "ArrowRight", "Space"]
SLIDES = story(load_brief(DATA))

MEASURE = """() => {
  const slide = document.querySelector('.st-key-kb-slide');
  const sizes = {title: [], body: [], chart: []};
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const element = node.parentElement;
    const box = element.getBoundingClientRect();
    if (!node.textContent.trim() || box.width === 0 || box.height === 0) continue;
    const kind = element.closest('.js-plotly-plot') ? 'chart' : element.closest('.kb-title') ? 'title' : 'body';
    sizes[kind].push([parseFloat(getComputedStyle(element).fontSize), node.textContent.trim().slice(0, 40)]);
  }
  const problems = [];
  const main = document.querySelector('[data-testid="stMain"]');
  if (main.scrollHeight > main.clientHeight + 1) problems.push(`page scrolls: ${main.scrollHeight} > ${main.clientHeight}`);
  if (main.scrollWidth > main.clientWidth + 1) problems.push(`page scrolls sideways: ${main.scrollWidth}`);
  const inside = (box, frame) => box.left >= frame.left - 1 && box.right <= frame.right + 1
    && box.top >= frame.top - 1 && box.bottom <= frame.bottom + 1;
  const screen = {left: 0, top: 0, right: innerWidth, bottom: innerHeight};
  for (const element of document.querySelectorAll('.kb-slide, .kb-slide *, .st-key-kb-controls')) {
    const box = element.getBoundingClientRect();
    if (box.width === 0) continue;
    if (!inside(box, screen)) problems.push(`off screen: ${element.className || element.tagName} ${element.textContent.slice(0, 40)}`);
    const display = getComputedStyle(element).display;
    if (['block', 'flex', 'list-item'].includes(display) && element.scrollWidth > element.clientWidth + 1)
      problems.push(`wider than its box: ${element.textContent.slice(0, 40)}`);
  }
  for (const plot of slide.querySelectorAll('.js-plotly-plot')) {
    const frame = plot.getBoundingClientRect();
    const labels = [...plot.querySelectorAll('text')].map(t => [t, t.getBoundingClientRect()])
      .filter(([t, box]) => box.width > 0 && t.textContent.trim());
    for (const [text, box] of labels)
      if (!inside(box, frame)) problems.push(`chart text clipped: ${text.textContent.slice(0, 40)}`);
    labels.forEach(([a, p], i) => labels.slice(i + 1).forEach(([b, q]) => {
      const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
      const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
      if (w > 2 && h > 2 && !a.contains(b) && !b.contains(a))
        problems.push(`chart labels overlap: ${a.textContent.slice(0, 30)} / ${b.textContent.slice(0, 30)}`);
    }));
  }
  return {sizes, problems, counter: document.querySelector('.kb-counter').textContent.replace(/\\s/g, '')};
}"""


def wait_for_slide(page: Page, number: int) -> None:
    """Until the counter shows `number`, the script has finished, and a chart on the slide is drawn."""
    expected = f"{number}/{len(SLIDES)}"
    page.wait_for_function(
        "(expected) => document.querySelector('.kb-counter')?.textContent.replace(/\\s/g, '') === expected",
        arg=expected,
        timeout=60_000,
    )
    page.locator(RUN_FINISHED).wait_for(state="attached", timeout=60_000)  # the counter is drawn: this run's end
    if SLIDES[number - 1].chart:
        page.locator(".st-key-kb-slide .js-plotly-plot .main-svg").first.wait_for(timeout=60_000)
    settled(page, timeout_ms=60_000)


FINITE_ANIMATIONS_DONE = """() => Promise.all(document.getAnimations()
    .filter(animation => animation.effect && animation.effect.getComputedTiming().endTime !== Infinity)
    .map(animation => animation.finished.catch(() => null)))"""
"""Resolves when every transition and finite animation on the page has ended (a spinner's endless one is left out)."""


def serious_violations(page: Page) -> list[dict]:
    """axe-core's serious and critical findings on the page; it must have checked text contrast to count."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    # Colours as they end up: the pagination button left a moment ago fades from the current page's colours to its
    # own (a CSS transition), and axe once measured it halfway, at a contrast neither end has.
    page.evaluate(FINITE_ANIMATIONS_DONE)
    result = page.evaluate("async () => await axe.run(document)")
    checked = {rule["id"] for group in ("passes", "violations", "incomplete") for rule in result[group]}
    assert {"color-contrast", "document-title", "html-has-lang"} <= checked, "axe did not run its rules"
    return [
        {"rule": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("width", "height"), SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def test_every_slide_by_keyboard_is_legible_fits_and_passes_axe(server, browser, theme, width, height) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    shots = ARTIFACTS / "present"
    shots.mkdir(parents=True, exist_ok=True)
    report = []
    query = "?theme=dark" if theme == "dark" else ""
    page.goto(f"{server.url}/present{query}", wait_until="domcontentloaded")
    wait_for_slide(page, 1)
    focused = page.evaluate("() => document.activeElement.tagName")
    assert focused in ("BODY", "MAIN", "SECTION"), f"focus must be on the page content, not {focused}"
    for number in range(1, len(SLIDES) + 1):
        if number > 1:
            page.keyboard.press(FORWARD[number % len(FORWARD)])
            wait_for_slide(page, number)
        measured = page.evaluate(MEASURE)
        page.screenshot(path=str(shots / f"{theme}-{width}x{height}-{number:02d}.png"))
        smallest = {kind: min(sizes, default=None) for kind, sizes in measured["sizes"].items()}
        report.append({"slide": number, "title": SLIDES[number - 1].title, **smallest})
        where = f"slide {number} ({SLIDES[number - 1].title}), {theme}, {width}×{height}"
        assert measured["problems"] == [], where
        assert smallest["title"][0] >= TITLE_PX, where
        assert smallest["body"][0] >= BODY_PX, where
        if SLIDES[number - 1].chart:
            assert smallest["chart"][0] >= CHART_TEXT_PX, where
        if theme == "light" and width == 1920:
            assert page.get_by_role("heading", level=1).inner_text() == SLIDES[number - 1].title
        if width == 1280:  # axe on every slide once per theme, at the size where space is tightest
            violations = serious_violations(page)
            report[-1]["axe"] = violations
            assert violations == [], where
    (shots / f"sizes-{theme}-{width}x{height}.json").write_text(json.dumps(report, indent=1))

    for key, number in (("ArrowRight", len(SLIDES)), ("Home", 1), ("ArrowLeft", 1), ("End", len(SLIDES))):
        page.keyboard.press(key)
        wait_for_slide(page, number)
    page.keyboard.press("PageUp")
    wait_for_slide(page, len(SLIDES) - 1)
    assert f"slide={len(SLIDES) - 1}" in page.url
    assert exception_boxes(page) == 0 and errors == []
    context.close()


def test_a_bad_slide_number_gets_a_notice_and_slide_one(server, browser_page) -> None:
    page, watch = browser_page
    for bad in ("99", "0", "abc", "-2"):
        page.goto(f"{server.url}/present?slide={bad}", wait_until="domcontentloaded")
        wait_for_slide(page, 1)
        notice = page.locator(".kb-notice").inner_text()
        assert f"slide={bad}" in notice and "showing slide 1" in notice
    assert exception_boxes(page) == 0 and watch.external == []


def test_a_clicker_works_after_a_mouse_click_too(server, browser_page) -> None:
    page, _ = browser_page
    page.goto(f"{server.url}/present?slide=3", wait_until="domcontentloaded")
    wait_for_slide(page, 3)
    page.locator('[data-testid="stPagination"] button', has_text="5").first.click()
    wait_for_slide(page, 5)
    page.keyboard.press("Space")
    wait_for_slide(page, 6)
    page.keyboard.press("PageUp")
    wait_for_slide(page, 5)


# Ten PageDown key events 50 ms apart, dispatched by the page's own clock (a clicker's burst, as the issue measured it).
SPACED_PRESSES = """([key, count, gap]) => new Promise(done => {
  let sent = 0;
  const press = () => {
    document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true, cancelable: true}));
    if (++sent === count) done(); else setTimeout(press, gap);
  };
  press();
})"""


def test_no_clicker_press_is_lost_however_close_together(server, browser_page) -> None:
    """A press that arrives while the last one's run is still going used to be folded into it (three presses 80 ms
    apart landed on slide 2). Each burst must move exactly as many slides as it has presses."""
    page, watch = browser_page
    page.goto(f"{server.url}/present", wait_until="domcontentloaded")
    wait_for_slide(page, 1)
    page.evaluate(SPACED_PRESSES, ["PageDown", 10, 50])
    wait_for_slide(page, 11)
    for _ in range(5):  # real key presses through the browser's input, back to back
        page.keyboard.press("PageDown")
    wait_for_slide(page, 16)
    page.evaluate(SPACED_PRESSES, ["PageUp", 3, 80])
    wait_for_slide(page, 13)
    assert "slide=13" in page.url, "the link still reproduces the view"
    page.evaluate(SPACED_PRESSES, ["PageDown", 30, 20])  # past the end: it stops at the last slide
    wait_for_slide(page, len(SLIDES))
    page.keyboard.press("Home")
    wait_for_slide(page, 1)
    assert exception_boxes(page) == 0 and watch.external == []


def test_speaker_notes_list_the_rows_and_paragraphs_behind_the_slide(server, browser_page) -> None:
    page, _ = browser_page
    figure = next(n for n, s in enumerate(SLIDES, start=1) if s.fact_ids)
    page.goto(f"{server.url}/present?slide={figure}&notes=1", wait_until="domcontentloaded")
    wait_for_slide(page, figure)
    notes = page.locator(".kb-notes").inner_text()
    for fact_id in SLIDES[figure - 1].fact_ids:
        assert fact_id in notes
    assert "¶" in notes
    page.goto(f"{server.url}/present?slide={figure}", wait_until="domcontentloaded")
    wait_for_slide(page, figure)
    assert page.locator(".kb-notes").count() == 0


def test_the_axe_check_would_catch_unreadable_text(server, browser_page) -> None:
    page, _ = browser_page
    page.goto(f"{server.url}/present", wait_until="domcontentloaded")
    wait_for_slide(page, 1)
    page.evaluate("() => { document.querySelector('.kb-title').style.color = '#f4f4f4'; }")
    assert "color-contrast" in [v["rule"] for v in serious_violations(page)]
