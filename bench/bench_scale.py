"""Every page on 100,000 fact rows, in a real browser (`make bench-scale`): the issue-15 goal is under 10 s each.

The data folder comes from bench/scale_data.py (the curated rows repeated, all valid). The app is served on it as
`make run` serves it; one visit loads and validates the brief (timed apart), then each page is opened cold in a
fresh Chromium context and timed from navigation start until its title and first content are drawn and Streamlit
has finished the script run. The longest main-thread task the page caused (Long Tasks API) says whether the browser
stayed responsive. Results: bench/results/<label>.json and .md (label from BENCH_LABEL, default "scale").
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from bench.bench_ui import RESULTS, WATCHER, app_targets, commit, machine  # noqa: E402
from bench.scale_data import write_scaled_data  # noqa: E402
from kursk_brief.data.load import DATA_DIR_ENV  # noqa: E402
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server  # noqa: E402
from tests.browser.watch import RUN_FINISHED  # noqa: E402

FACT_ROWS = int(os.environ.get("BENCH_FACT_ROWS", "100000"))
CLAIM_ROWS = int(os.environ.get("BENCH_CLAIM_ROWS", "100000"))
STORY_PAGES = int(os.environ.get("BENCH_STORY_PAGES", "1000"))
WARM_GOAL_S = 1
PAGE_TIMEOUT_S = int(os.environ.get("BENCH_PAGE_TIMEOUT_S", "300"))
GOAL_S = 10
LONG_TASKS = """
() => {
  window.__kbLongest = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__kbLongest = Math.max(window.__kbLongest, entry.duration);
  }).observe({type: 'longtask', buffered: true});
}
"""


def finished_at(page: Page, deadline: float) -> float:
    """`performance.now()` when the page's first script run is over, as the app root's script state says."""
    page.locator(RUN_FINISHED).wait_for(state="attached", timeout=max(1, deadline - time.monotonic()) * 1000)
    return page.evaluate("() => performance.now()")


def measure_page(browser, url: str, target) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(f"({WATCHER})({json.dumps(vars(target))}); ({LONG_TASKS})()")
    page = context.new_page()
    deadline = time.monotonic() + PAGE_TIMEOUT_S
    result: dict = {}
    try:
        page.goto(f"{url}/{target.path}", wait_until="commit", timeout=PAGE_TIMEOUT_S * 1000)
        drawn = page.wait_for_function("() => window.__kbDone", timeout=PAGE_TIMEOUT_S * 1000, polling=100)
        result["first_content_s"] = round(float(drawn.json_value()) / 1000, 2)
        result["finished_s"] = round(finished_at(page, deadline) / 1000, 2)
        # A page that is still busy answers this late: the wait for a frame is the user's wait for a response.
        result["frame_delay_ms"] = round(
            page.evaluate(
                "() => new Promise((r) => { const t = performance.now(); "
                "requestAnimationFrame(() => r(performance.now() - t)); })"
            )
        )
        result["longest_task_ms"] = round(page.evaluate("() => window.__kbLongest"))
        result["exception_boxes"] = page.locator('[data-testid="stException"]').count()
    except Exception as error:  # a page that never finishes is a result, not a crash of the bench
        result["timeout"] = f"not finished within {PAGE_TIMEOUT_S} s ({type(error).__name__})"
    finally:
        context.close()
    return result


def main() -> dict:
    label = os.environ.get("BENCH_LABEL", "scale")
    started = machine()
    with tempfile.TemporaryDirectory() as scratch:
        data = write_scaled_data(Path(scratch) / "data", FACT_ROWS, claim_rows=CLAIM_ROWS, pages=STORY_PAGES)
        server = start_server({DATA_DIR_ENV: str(data)})
        pages = {}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                targets = app_targets()
                load_start = time.perf_counter()
                first = measure_page(browser, server.url, targets[0])  # loads and validates the brief once
                load_s = round(time.perf_counter() - load_start, 2)
                for target in targets:
                    pages[target.link] = measure_page(browser, server.url, target)
                    print(f"  {target.link}: {pages[target.link]}", flush=True)
                for target in targets:  # again: what a second visitor waits for, the server's caches warm
                    pages[target.link]["warm"] = measure_page(browser, server.url, target)
                    print(f"  {target.link} warm: {pages[target.link]['warm']}", flush=True)
                browser.close()
        finally:
            stop_server(server)
    results = {
        "label": label,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit(),
        "machine": {**started, "load_average_at_end": [round(x, 2) for x in os.getloadavg()]},
        "fact_rows": FACT_ROWS,
        "claim_rows": CLAIM_ROWS,
        "story_pages": STORY_PAGES,
        "first_visit_with_load_s": load_s,
        "first_visit": first,
        "pages": pages,
        "goal_s": GOAL_S,
        "goal_met": all(page.get("finished_s", float("inf")) < GOAL_S for page in pages.values()),
        "warm_goal_s": WARM_GOAL_S,
        "warm_goal_met": all(page["warm"].get("finished_s", float("inf")) < WARM_GOAL_S for page in pages.values()),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{label}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (RESULTS / f"{label}.md").write_text(table(results), encoding="utf-8")
    return results


def table(results: dict) -> str:
    rows = [
        "| page | first content s | finished s | longest task ms | frame delay ms | warm: finished s |",
        "|---|---|---|---|---|---|",
    ]
    for name, page in results["pages"].items():
        warm = page.get("warm", {}).get("finished_s", page.get("warm", {}).get("timeout", ""))
        if "timeout" in page:
            rows.append(f"| {name} | {page['timeout']} | | | | {warm} |")
        else:
            rows.append(
                f"| {name} | {page['first_content_s']} | {page['finished_s']} | {page['longest_task_ms']} | "
                f"{page['frame_delay_ms']} | {warm} |"
            )
    m = results["machine"]
    return "\n".join(
        [
            f"# Pages on {results['fact_rows']:,} fact rows and {results['claim_rows']:,} claims on "
            f"{results['story_pages']:,} story pages `{results['label']}` ({results['measured_at']}, "
            f"commit {results['commit']})",
            "",
            f"Machine: {m['cores']} cores, {m['cpu_model']}, {m['ram_gib']} GiB RAM, load average at start "
            f"{m['load_average_at_start']}. First visit, loading and validating the brief: "
            f"{results['first_visit_with_load_s']} s.",
            "",
            *rows,
            "",
            f"Goal (every page finished under {results['goal_s']} s): {'met' if results['goal_met'] else 'NOT met'}. "
            f"Warm (a second visit under {results['warm_goal_s']} s): "
            f"{'met' if results['warm_goal_met'] else 'NOT met'}.",
            "",
        ]
    )


if __name__ == "__main__":
    print(table(main()))
