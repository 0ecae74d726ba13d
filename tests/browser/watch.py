"""A browser page that records every request to another host, and waits on the page's own state, never on a clock.

Views need no harness of their own: every page in `kursk_brief.app.site.PAGES` is opened by `test_pages.py`, and a
view's own browser test asks for the `browser_page` fixture and calls `open_view(...)`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Browser, Page

from tests.browser.server import ROOT

ARTIFACTS = ROOT / "artifacts" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
BASE_PATH_PROBE = re.compile(r"^http://127\.0\.0\.1:\d+/[a-z_]+/_stcore/(health|host-config)$")


@dataclass
class Watch:
    """What the browser did that a user would not want: reach another host, log an error."""

    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)
    requests: int = 0

    def unexpected_failures(self) -> list[str]:
        """Failed responses, less Streamlit's own base-path probe on a deep link (`/<page>/_stcore/...` 404s)."""
        return [url for url in self.failed_responses if not BASE_PATH_PROBE.search(url)]

    def real_console_errors(self) -> list[str]:
        """Console errors, less one "Failed to load resource" line per tolerated base-path probe."""
        tolerated = len(self.failed_responses) - len(self.unexpected_failures())
        errors = []
        for text in self.console_errors:
            if text.startswith("Failed to load resource") and tolerated > 0:
                tolerated -= 1
            else:
                errors.append(text)
        return errors


@contextmanager
def watched_page(browser: Browser, **context_options: object) -> Iterator[tuple[Page, Watch]]:
    """A page in a fresh browser context (no cookies, no session), whose every request to another host is recorded
    and aborted."""
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **context_options})
    context.add_init_script(RUN_COUNTER)
    page = context.new_page()
    watch = Watch()

    def guard(route, request) -> None:
        watch.requests += 1
        host = urlparse(request.url).hostname
        if request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            watch.external.append(request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("console", lambda msg: watch.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: watch.console_errors.append(str(exc)))
    page.on("response", lambda r: watch.failed_responses.append(r.url) if r.status >= 400 else None)
    try:
        yield page, watch
    finally:
        context.close()


# The app root says how the session's script run stands: "initial" before the first run, then "running" and
# "notRunning". The running indicator (stStatusWidget) is no such sign: Streamlit shows it only 500 ms into a run, so
# its absence right after the title is drawn says nothing about whether the rest of the page has been sent.
RUN_FINISHED = '[data-testid="stApp"][data-test-script-state="notRunning"]'


SETTLED = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
    return app?.dataset.testScriptState === 'notRunning'
        && !document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]')
        && charts.every(chart => chart.querySelector('.main-svg'));
}"""
"""The page as the script left it: no run in progress, no element of an earlier run still shown (Streamlit marks
those `data-stale` until the run that replaces them ends), and every chart drawn: a chart is a skeleton while
Plotly's code loads (on a cold page up to 2 s after the run has ended), then a container until Plotly has drawn."""


RUN_COUNTER = """(() => {
    window.__kbRunsEnded = 0;
    const watch = () => {
        const app = document.querySelector('[data-testid="stApp"]');
        if (!app) return false;
        // One callback may carry several changes (running, then notRunning, in one task): each record's old value
        // and the next one's (or the current value) give every transition, so no run's end is missed.
        new MutationObserver(records => {
            records.forEach((record, i) => {
                const now = i + 1 < records.length ? records[i + 1].oldValue : app.dataset.testScriptState;
                if (now === 'notRunning' && record.oldValue === 'running') window.__kbRunsEnded += 1;
            });
        }).observe(app, {attributes: true, attributeOldValue: true, attributeFilter: ['data-test-script-state']});
        return true;
    };
    if (!watch()) {
        new MutationObserver((_, observer) => { if (watch()) observer.disconnect(); })
            .observe(document, {childList: true, subtree: true});
    }
})()"""
"""Counts the script runs the page has seen end (`watched_page` installs it in every page), so that a test can wait
for the run its own click started rather than guess how long the server takes to begin it."""


def runs_ended(page: Page) -> int:
    """How many script runs this page has seen end so far; pass it to `settled` before an action that reruns."""
    return page.evaluate("() => window.__kbRunsEnded ?? 0")


def settled(page: Page, *, after: int | None = None, timeout_ms: int = 120_000) -> None:
    """Wait, on the page's own state rather than a clock, until `SETTLED` holds and, with `after` (a `runs_ended`
    count taken before an action), until a run has ended since."""
    page.wait_for_function(
        f"(after) => (after === null || (window.__kbRunsEnded ?? 0) > after) && ({SETTLED})()",
        arg=after,
        timeout=timeout_ms,
    )


def next_frames(page: Page) -> None:
    """Until the browser has drawn two more frames: what a key press or pointer move changes is on screen by then."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def open_view(page: Page, url: str, heading: str, timeout_ms: int = 120_000) -> None:
    """Open a view and wait until its title is drawn, Streamlit has finished running the script and the page shows
    that run's elements only, every chart drawn."""
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_role("heading", name=heading, exact=True).first.wait_for(timeout=timeout_ms)
    page.locator(RUN_FINISHED).wait_for(state="attached", timeout=timeout_ms)
    settled(page, timeout_ms=timeout_ms)


def screenshot(page: Page, name: str, max_height: int = 8000) -> Path:
    """A full-page screenshot. Streamlit scrolls inside its main container, so the viewport is stretched to fit it."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    viewport = page.viewport_size
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight ?? 0")
    if viewport and height > viewport["height"]:
        page.set_viewport_size({"width": viewport["width"], "height": min(height, max_height)})
        next_frames(page)  # laid out again at the new height
        settled(page)  # and redrawn: charts re-render to their new size
    page.screenshot(path=str(path), full_page=True, timeout=120_000)  # a busy shared machine paints slowly
    if viewport:
        page.set_viewport_size(viewport)
    return path


def exception_boxes(page: Page) -> int:
    return page.locator('[data-testid="stException"]').count()
