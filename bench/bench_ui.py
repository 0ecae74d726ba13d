"""Speed as a user meets it, as ratios to a bare Streamlit page measured in the same run (`make bench`).

Two servers run side by side: the app, started as `make run` starts it, and `bench/bare_app.py` (a title and one
Plotly chart per page). Headless Chromium opens both, alternating, and for every page in `kursk_brief.site.PAGES`
measures:

- cold: a fresh browser context opens the page's deep link; time from navigation start to the page's title and
  first chart (or, on a page without one, its first content: a metric, the facts table, a download button);
  compared with the bare app opened the same way: its root for the app's root, its deep link /two for a deep link
  (see `counterpart`); the ratio to the bare root is written as well;
- warm: in a session that has seen every page, a sidebar click; time from the click to the same point;
- p95 under load: 5, 10 and 20 fresh sessions open the page at once; the 95th percentile of their cold times;
- server memory: resident set size idle and with 20 sessions open, per session.

The moment a page is ready is recorded inside the page (a MutationObserver and `performance.now()`), so polling
from Python does not add to the figures. Results go to bench/results/<label>.json and .md (label from
BENCH_LABEL, default "ui"). Goals from issue 15: cold <= 1.2x bare on every page, warm switch <= 0.3 s,
20-session p95 <= 1.5x bare.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.async_api import Browser, BrowserContext, async_playwright  # noqa: E402
from playwright.async_api import TimeoutError as PlaywrightTimeout  # noqa: E402

from kursk_brief.app.site import PAGES  # noqa: E402
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, Server, start_server, stop_server  # noqa: E402

RESULTS = ROOT / "bench" / "results"
BARE_APP = "bench/bare_app.py"
CHART = '[data-testid="stPlotlyChart"] .main-svg'
# The first content of a page that draws no chart; every other page is ready at its first chart.
FIRST_CONTENT = {
    "overview": '[data-testid="stMetric"]',
    "facts": '[data-testid="stDataFrame"]',
    "export": '[data-testid="stDownloadButton"]',
    "present": ".kb-footer",
}
COLD_RUNS = int(os.environ.get("BENCH_COLD_RUNS", "7"))  # 3 moved a page by up to 0.1x between runs
WARM_RUNS = int(os.environ.get("BENCH_WARM_RUNS", "9"))  # 3 moved Actors' median from 0.175 to 0.358 s between runs
LEVELS = tuple(int(n) for n in os.environ.get("BENCH_LEVELS", "5,10,20").split(","))
TIMEOUT_MS = 180_000
LABEL = os.environ.get("BENCH_LABEL", "ui")
GOALS = {"cold_ratio": 1.2, "warm_switch_s": 0.3, "p95_ratio_at_20": 1.5}

# Records in the page the first moment its title and target are both drawn and not stale.
WATCHER = """
(target) => {
  window.__kbTarget = target;
  window.__kbDone = null;
  const live = (el) => {
    const box = el.closest('[data-testid="stElementContainer"]');
    return !box || box.getAttribute('data-stale') !== 'true';
  };
  const ready = () => {
    const t = window.__kbTarget;
    if (!t) return false;
    // Streamlit's title (its text in a data-heading-text span) or an h1 a page writes itself (a Present slide).
    const titled = [...document.querySelectorAll('h1')]
      .some((h) => live(h) && (h.querySelector('[data-heading-text]') || h).textContent.trim() === t.title);
    return titled && [...document.querySelectorAll(t.selector)].some(live);
  };
  const check = () => { if (window.__kbDone === null && ready()) window.__kbDone = performance.now(); };
  new MutationObserver(check).observe(document, {childList: true, subtree: true, attributes: true});
}
"""


@dataclass(frozen=True)
class Target:
    """One page of one server: where it lives, its title, what marks it as drawn, and its sidebar label."""

    path: str
    title: str
    selector: str
    link: str


def app_targets() -> list[Target]:
    targets = []
    for spec in PAGES:
        heading = spec.heading or spec.title  # the Overview and the first Present slide open on the app's name
        path = "" if spec.default else spec.url_path
        targets.append(Target(path, heading, FIRST_CONTENT.get(spec.url_path, CHART), spec.title))
    return targets


BARE = (
    Target("", "Bare one", f".st-key-bare-one {CHART}", "Bare one"),
    Target("two", "Bare two", f".st-key-bare-two {CHART}", "Bare two"),
)


def counterpart(target: Target) -> Target:
    """The bare page a page is compared with: the root for the app's root, a deep link for a deep link.

    Streamlit's frontend, opened at a deep link such as /map, first asks for /map/_stcore/health and host-config
    (404) before the root's: a round trip every deep link pays, a bare app's too. Compared with the bare root, each
    app page but the Overview was charged for it; the root ratio is still written (`cold_ratio_to_bare_root`).
    """
    return BARE[0] if target.path == "" else BARE[1]


async def fresh_context(browser: Browser, target: Target) -> BrowserContext:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    await context.add_init_script(f"({WATCHER})({json.dumps(vars(target))})")
    return context


async def wait_done(page) -> float:
    handle = await page.wait_for_function("() => window.__kbDone", timeout=TIMEOUT_MS, polling=100)
    return float(await handle.json_value())


async def cold(browser: Browser, server: Server, target: Target) -> tuple[float, BrowserContext]:
    """Milliseconds from navigation start to the target drawn, in a fresh context (left open for the caller).

    A page not drawn within the time-out counts as the time-out (math.inf would hide how many there were; the
    count of such pages is kept apart by the caller).
    """
    context = await fresh_context(browser, target)
    page = await context.new_page()
    try:
        await page.goto(f"{server.url}/{target.path}", wait_until="commit", timeout=TIMEOUT_MS)
        return await wait_done(page), context
    except PlaywrightTimeout:
        return float(TIMEOUT_MS), context


async def cold_once(browser: Browser, server: Server, target: Target) -> float:
    elapsed, context = await cold(browser, server, target)
    await context.close()
    return elapsed


async def concurrent(browser: Browser, server: Server, target: Target, sessions: int) -> tuple[list[float], int]:
    """Cold times of `sessions` fresh sessions opening the page at once, and server RSS while all are open."""
    results = await asyncio.gather(*(cold(browser, server, target) for _ in range(sessions)))
    rss = rss_kib(server.process.pid)
    await asyncio.gather(*(context.close() for _, context in results))
    return [elapsed for elapsed, _ in results], rss


async def switches(browser: Browser, server: Server, start: Target, target: Target, runs: int) -> list[float]:
    """Milliseconds from a sidebar click on `target` to it drawn, starting each time from `start`."""
    context = await fresh_context(browser, start)
    page = await context.new_page()
    await page.goto(f"{server.url}/{start.path}", wait_until="commit", timeout=TIMEOUT_MS)
    await wait_done(page)
    times = []
    for _ in range(runs + 1):  # the first switch loads the page once in this session; it is not counted
        for goal in (target, start):
            clicked_at = await page.evaluate(
                """([target, label]) => {
                    window.__kbTarget = target; window.__kbDone = null;
                    const link = [...document.querySelectorAll('[data-testid="stSidebarNavLink"]')]
                        .find((a) => a.textContent.trim() === label);
                    const at = performance.now();
                    link.click();
                    return at;
                }""",
                [vars(goal), goal.link],
            )
            done = await wait_done(page)
            if goal is target:
                times.append(done - clicked_at)
    await context.close()
    return times[1:]


def rss_kib(pid: int) -> int:
    """Resident memory of a process and its children (Kaleido's Chromium, if export started it), in KiB."""
    total = 0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except (OSError, StopIteration):
            continue
        pids.extend(int(child) for child in children)
    return total


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=20, method="inclusive")[18]


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    ram_kib = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal:"))
    return {
        "cores": os.cpu_count(),
        "cpu_model": model or platform.processor(),
        "ram_gib": round(ram_kib / 2**20, 1),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
        "orjson_importable": importable("orjson"),
    }


def importable(module: str) -> bool:
    """Whether the servers (same interpreter and environment) can import `module`."""
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


async def measure(app: Server, bare: Server) -> dict:
    targets = app_targets()
    pages: dict[str, dict] = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for target in (*targets, *BARE):  # warm-up: imports, first script runs, caches
            await cold_once(browser, bare if target in BARE else app, target)
        idle = {"app": rss_kib(app.process.pid), "bare": rss_kib(bare.process.pid)}
        for target in targets:
            bare_target = counterpart(target)
            app_cold, bare_cold, bare_root = [], [], []
            for _ in range(COLD_RUNS):  # alternating, so that a noisy neighbour hits both alike
                bare_cold.append(await cold_once(browser, bare, bare_target))
                app_cold.append(await cold_once(browser, app, target))
                if bare_target != BARE[0]:
                    bare_root.append(await cold_once(browser, bare, BARE[0]))
            bare_root = bare_root or bare_cold
            origin = targets[1] if target == targets[0] else targets[0]
            bare_warm = await switches(browser, bare, BARE[0], BARE[1], WARM_RUNS)
            app_warm = await switches(browser, app, origin, target, WARM_RUNS)
            levels = {}
            for sessions in LEVELS:
                bare_times, bare_rss = await concurrent(browser, bare, bare_target, sessions)
                app_times, app_rss = await concurrent(browser, app, target, sessions)
                levels[str(sessions)] = {
                    "timeouts": sum(t >= TIMEOUT_MS for t in app_times + bare_times),
                    "app_p95_ms": round(p95(app_times)),
                    "bare_p95_ms": round(p95(bare_times)),
                    "ratio": round(p95(app_times) / p95(bare_times), 2),
                    "app_rss_mib": round(app_rss / 1024, 1),
                    "bare_rss_mib": round(bare_rss / 1024, 1),
                }
            pages[target.link] = {
                "path": f"/{target.path}",
                "ready_when": target.selector,
                "compared_with": f"/{bare_target.path}",
                "cold_ms": {
                    "app": round(statistics.median(app_cold)),
                    "bare": round(statistics.median(bare_cold)),
                    "bare_root": round(statistics.median(bare_root)),
                },
                "cold_ratio": round(statistics.median(app_cold) / statistics.median(bare_cold), 2),
                "cold_ratio_to_bare_root": round(statistics.median(app_cold) / statistics.median(bare_root), 2),
                "warm_switch_s": {
                    "app": round(statistics.median(app_warm) / 1000, 3),
                    "bare": round(statistics.median(bare_warm) / 1000, 3),
                },
                "warm_switch_ratio": round(statistics.median(app_warm) / statistics.median(bare_warm), 2),
                "concurrent": levels,
                "samples_ms": {
                    "cold_app": [round(x) for x in app_cold],
                    "cold_bare": [round(x) for x in bare_cold],
                    "cold_bare_root": [round(x) for x in bare_root],
                    "warm_app": [round(x) for x in app_warm],
                    "warm_bare": [round(x) for x in bare_warm],
                },
            }
            print(f"  {target.link}: cold {pages[target.link]['cold_ratio']}x", flush=True)
            (RESULTS / f"{LABEL}.partial.json").write_text(json.dumps(pages, indent=1), encoding="utf-8")
        await browser.close()
    top = str(max(LEVELS))
    memory = {}
    for name in ("app", "bare"):
        loaded = max(page["concurrent"][top][f"{name}_rss_mib"] for page in pages.values())
        memory[name] = {
            "idle_mib": round(idle[name] / 1024, 1),
            f"with_{top}_sessions_mib": loaded,
            "per_session_mib": round((loaded - idle[name] / 1024) / int(top), 2),
        }
    return {"pages": pages, "server_memory": memory}


def verdict(pages: dict) -> dict:
    """Each goal met or not; the load goal cannot be judged when sessions ran into the time-out."""
    top = str(max(LEVELS))
    timed_out = any(p["concurrent"][top]["timeouts"] for p in pages.values())
    return {
        "cold<=1.2x_bare_every_page": all(p["cold_ratio"] <= GOALS["cold_ratio"] for p in pages.values()),
        "warm_switch<=0.3s_every_page": all(
            p["warm_switch_s"]["app"] <= GOALS["warm_switch_s"] for p in pages.values()
        ),
        f"p95_at_{top}<=1.5x_bare_every_page": "not measurable (sessions timed out)"
        if timed_out
        else all(p["concurrent"][top]["ratio"] <= GOALS["p95_ratio_at_20"] for p in pages.values()),
    }


def table(results: dict) -> str:
    levels = [str(n) for n in LEVELS]
    head = ["page", "cold ×bare", "cold ×bare root", "warm switch s", *(f"p95 {n} ×bare" for n in levels)]
    rows = [
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    for name, page in results["pages"].items():
        cells = [
            name,
            f"{page['cold_ratio']:.2f} ({page['cold_ms']['app']} / {page['cold_ms']['bare']} ms, {page['compared_with']})",
            f"{page['cold_ratio_to_bare_root']:.2f}",
            f"{page['warm_switch_s']['app']:.3f} (bare {page['warm_switch_s']['bare']:.3f})",
            *(
                f"{page['concurrent'][n]['ratio']:.2f}"
                + (f" ({page['concurrent'][n]['timeouts']} timed out)" if page["concurrent"][n]["timeouts"] else "")
                for n in levels
            ),
        ]
        rows.append("| " + " | ".join(cells) + " |")
    memory = results["server_memory"]
    top = str(max(LEVELS))
    machine_line = results["machine"]
    return "\n".join(
        [
            f"# UI benchmark `{results['label']}` ({results['measured_at']}, commit {results['commit']})",
            "",
            f"Machine: {machine_line['cores']} cores, {machine_line['cpu_model']}, {machine_line['ram_gib']} GiB RAM, "
            f"load average at start {machine_line['load_average_at_start']}; orjson importable: "
            f"{machine_line['orjson_importable']}. Runs: cold {COLD_RUNS}, warm {WARM_RUNS} per page.",
            "",
            *rows,
            "",
            f"Server RSS: app {memory['app']['idle_mib']} MiB idle, {memory['app'][f'with_{top}_sessions_mib']} MiB "
            f"with {top} sessions ({memory['app']['per_session_mib']} MiB per session); bare "
            f"{memory['bare']['idle_mib']} MiB idle, {memory['bare'][f'with_{top}_sessions_mib']} MiB "
            f"({memory['bare']['per_session_mib']} MiB per session).",
            "",
            "Goals met: "
            + ", ".join(
                f"{goal}: {met if isinstance(met, str) else 'yes' if met else 'NO'}"
                for goal, met in results["goals_met"].items()
            ),
            "",
        ]
    )


def main() -> dict:
    label = LABEL
    started = machine()
    RESULTS.mkdir(parents=True, exist_ok=True)
    started_at = time.perf_counter()
    app = start_server()
    bare = start_server(app=BARE_APP)
    try:
        measured = asyncio.run(measure(app, bare))
    finally:
        stop_server(app)
        stop_server(bare)
    results = {
        "label": label,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit(),
        "machine": {**started, "load_average_at_end": [round(x, 2) for x in os.getloadavg()]},
        "duration_s": round(time.perf_counter() - started_at),
        "runs": {"cold": COLD_RUNS, "warm": WARM_RUNS, "levels": list(LEVELS)},
        "goals": GOALS,
        **measured,
    }
    results["goals_met"] = verdict(results["pages"])
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{label}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (RESULTS / f"{label}.md").write_text(table(results), encoding="utf-8")
    (RESULTS / f"{label}.partial.json").unlink(missing_ok=True)
    return results


if __name__ == "__main__":
    print(table(main()))
