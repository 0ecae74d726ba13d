"""Concurrency, nothing lost: many users switching pages and exporting at once, every requested file delivered whole.

Each simulated user is a websocket session speaking Streamlit's protocol (`wsclient.Session`), so that twenty of them
fit on a small machine beside the server. A user keeps choosing: open a page, or go to Export, pick image sizes and ask
for one chart as PNG, SVG or PDF, the briefing pack or the deck, or the Facts page's CSV or XLSX; then fetches the URL
after a random pause of up to two seconds, as a slow browser might. Meanwhile the server's memory is sampled.

`make test` runs a short soak (KB_SOAK_SESSIONS=6, KB_SOAK_SECONDS=20); `make soak` runs 20 users for 3 minutes and
writes its figures to artifacts/soak.json.
"""

from __future__ import annotations

import io
import json
import math
import os
import random
import statistics
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PIL import Image

from kursk_brief.charts.registry import registry
from kursk_brief.out import export
from tests.browser.server import ROOT, Replicas, Server, serving_replicas
from tests.browser.wsclient import Session, file_problem

pytestmark = pytest.mark.browser

SESSIONS = int(os.environ.get("KB_SOAK_SESSIONS", "6"))
SECONDS = float(os.environ.get("KB_SOAK_SECONDS", "20"))
REPLICAS = int(os.environ.get("KB_SOAK_REPLICAS", "0"))
"""0: the test server itself; N: N processes behind nginx, as `make serve-replicas` runs them (`make soak-replicas`)."""
REPORT = ROOT / "artifacts" / ("soak-replicas.json" if REPLICAS else "soak.json")
BROWSE_PAGES = ("", "map", "timeline", "actors", "facts")
SIZE_BY_LABEL = {size.label: size for size in export.SIZES}
RSS_LIMIT_MB = 1500
"""Server process (Python) resident memory that would mean something grows without bound."""


@dataclass
class Tally:
    """What all users asked for and got; shared by the user threads under one lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    requested: Counter = field(default_factory=Counter)
    delivered: Counter = field(default_factory=Counter)
    valid: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    seconds: dict[str, list[tuple[float, float]]] = field(default_factory=dict)  # kind -> (started at, seconds)
    page_runs: int = 0

    def add(self, kind: str, counter: Counter) -> None:
        with self.lock:
            counter[kind] += 1

    def fail(self, text: str) -> None:
        with self.lock:
            self.failures.append(text)

    def ran(self, runs: int = 1) -> None:
        with self.lock:
            self.page_runs += runs

    def timed(self, kind: str, start: float) -> None:
        with self.lock:
            self.seconds.setdefault(kind, []).append((start, time.monotonic() - start))


def memory_mb(pid: int, field_name: str) -> float:
    """`VmRSS` from /proc/<pid>/status, or `Pss` (shared pages divided among their users) from smaps_rollup."""
    source = "status" if field_name == "VmRSS" else "smaps_rollup"
    for line in Path(f"/proc/{pid}/{source}").read_text().splitlines():
        if line.startswith(f"{field_name}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def sample_memory(pids: list[int], stop: threading.Event, samples: list[tuple[float, float]]) -> None:
    """(the largest server process's Python RSS, renderer chromium processes' summed PSS) in MB, every second."""
    while not stop.wait(1.0):
        try:
            renderer = 0.0
            for child in [child for pid in pids for child in descendants(pid)]:
                try:
                    renderer += memory_mb(child, "Pss")
                except OSError:
                    continue
            samples.append((max(memory_mb(pid, "VmRSS") for pid in pids), renderer))
        except OSError:
            return


def check_file(kind: str, fetched, expected_suffix: str, size: export.Size | None) -> str | None:
    if not fetched.file_name.endswith(f".{expected_suffix}"):
        return f"{kind}: got {fetched.file_name!r}"
    problem = file_problem(fetched.file_name, fetched.body)
    if problem:
        return f"{kind}: {problem}"
    if size and expected_suffix == "png":
        shape = Image.open(io.BytesIO(fetched.body)).size
        if shape != (size.width, size.height):
            return f"{kind}: {shape} instead of {size.width}x{size.height}"
    return None


def user(server: Server, number: int, deadline: float, tally: Tally) -> None:
    """One user until the deadline; every failure is recorded, none stops the others."""
    rng = random.Random(number)
    charts = registry()
    pickers: dict[str, list[str]] = {}
    try:
        session = Session(server.url, origin=server.url, timeout=240)
    except Exception as error:
        tally.fail(f"user {number} could not connect: {error!r}")
        return
    try:
        session.open("")
        while time.monotonic() < deadline:
            roll = rng.random()
            if roll < 0.3:
                start = time.monotonic()
                run = session.open(rng.choice(BROWSE_PAGES))
                tally.timed("page", start)
                tally.ran()
                if run.exceptions:
                    tally.fail(f"user {number}: page raised {run.exceptions}")
                continue
            if roll < 0.4:
                run = session.open("facts")
                tally.ran()
                download = rng.choice(run.downloads)
                kind = "xlsx" if "XLSX" in download.label else "csv"
                request(session, tally, kind, download, kind, None)
                continue
            if not pickers:  # the size picker's id is stable: learn it once
                pickers.update(session.open("export").selectboxes)
                tally.ran()
            picks = {widget: rng.choice(options) for widget, options in pickers.items()}
            run = session.open("export", picks)
            tally.ran()
            if run.exceptions:
                tally.fail(f"user {number}: export page raised {run.exceptions}")
                continue
            target = rng.random()
            if target < 0.15:
                request(session, tally, "pack", run.downloads[0], "zip", None)
            elif target < 0.3:
                request(session, tally, "deck", run.downloads[1], "pptx", None)
            else:
                index = rng.randrange(len(charts) * len(export.FORMATS))
                fmt = index % len(export.FORMATS)
                (label,) = picks.values()  # one size picker sets the size of every chart on the page
                size = SIZE_BY_LABEL[label]
                fmt_name = export.FORMATS[fmt]
                request(session, tally, fmt_name, run.downloads[2 + index], fmt_name, size, rng)
    except Exception as error:
        tally.fail(f"user {number}: {error!r}")
    finally:
        session.close()


def request(session, tally: Tally, kind, download, suffix, size, rng: random.Random | None = None) -> None:
    tally.add(kind, tally.requested)
    start = time.monotonic()
    try:
        url = session.deferred_url(download)
    except Exception as error:
        tally.fail(f"{kind}: no URL: {error!r}")
        return
    time.sleep((rng or random).uniform(0, 2.0))
    fetched = session.fetch(url)
    tally.timed(kind, start)
    if fetched.status != 200:
        tally.fail(f"{kind}: HTTP {fetched.status} for {url}")
        return
    tally.add(kind, tally.delivered)
    problem = check_file(kind, fetched, suffix, size)
    if problem:
        tally.fail(problem)
    else:
        tally.add(kind, tally.valid)


def spread(seconds: list[float]) -> list[float] | None:
    """Median, 95th percentile (nearest rank) and maximum, rounded; None when nothing was timed."""
    if not seconds:
        return None
    ordered = sorted(seconds)
    return [
        round(statistics.median(ordered), 2),
        round(ordered[math.ceil(0.95 * len(ordered)) - 1], 2),
        round(ordered[-1], 2),
    ]


def health_seconds(server: Server) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=60) as response:
        response.read()
    return time.perf_counter() - start


@pytest.fixture(scope="module")
def target(request, tmp_path_factory) -> Iterator[tuple[Server, list[int], Replicas | None]]:
    """What the users talk to, with the server processes whose memory is sampled."""
    if not REPLICAS:
        server = request.getfixturevalue("server")
        yield server, [server.process.pid], None
        return
    with serving_replicas(tmp_path_factory.mktemp("soak-replicas"), REPLICAS) as replicas:
        yield Server(replicas.url, replicas.process), replicas.pids(), replicas


def test_many_users_exporting_at_once_lose_nothing(target) -> None:
    server, pids, replicas = target
    tally, samples, stop = Tally(), [], threading.Event()
    sampler = threading.Thread(target=sample_memory, args=(pids, stop, samples), daemon=True)
    sampler.start()
    started = time.monotonic()
    deadline = started + SECONDS
    users = [threading.Thread(target=user, args=(server, n, deadline, tally), daemon=True) for n in range(SESSIONS)]
    for thread in users:
        thread.start()
    for thread in users:
        thread.join(timeout=SECONDS + 600)
    stuck = sum(thread.is_alive() for thread in users)
    health = health_seconds(server)
    stop.set()
    sampler.join()
    after = Session(server.url)
    try:
        assert after.open("export").downloads, "the server still serves a new user"
    finally:
        after.close()
    report = {
        "sessions": SESSIONS,
        "seconds": SECONDS,
        "wall_seconds": round(time.monotonic() - started, 1),
        "page_runs": tally.page_runs,
        "requested": dict(tally.requested),
        "delivered": dict(tally.delivered),
        "valid": dict(tally.valid),
        "requested_total": sum(tally.requested.values()),
        "delivered_total": sum(tally.delivered.values()),
        "valid_total": sum(tally.valid.values()),
        "failures": tally.failures,
        "stuck_sessions": stuck,
        "health_after_s": round(health, 3),
        "seconds_p50_p95_max": {kind: spread([s for _, s in v]) for kind, v in tally.seconds.items()},
        "second_half_seconds_p50_p95_max": {
            kind: spread([s for at, s in v if at >= started + SECONDS / 2]) for kind, v in tally.seconds.items()
        },
        "server_rss_mb": {
            "start": round(samples[0][0]) if samples else None,
            "max": round(max(s[0] for s in samples)) if samples else None,
            "end": round(samples[-1][0]) if samples else None,
        },
        "renderer_pss_mb_max": round(max(s[1] for s in samples)) if samples else None,
    }
    if replicas:
        routes = replicas.routes()
        report["replicas"] = {
            "processes": len(pids),
            "routes_per_process": dict(Counter(next(iter(found)) for found in routes.values() if len(found) == 1)),
            "routes_moved_between_processes": sum(len(found) > 1 for found in routes.values()),
            "proxy_configuration": str(replicas.state / "nginx.conf"),
        }
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    assert stuck == 0, "a session never finished: deadlock or a request that never returned"
    assert tally.failures == [], tally.failures
    assert report["requested_total"] >= SESSIONS, "the soak exported almost nothing"
    assert report["requested_total"] == report["delivered_total"] == report["valid_total"]
    assert report["server_rss_mb"]["max"] < RSS_LIMIT_MB
    if replicas:
        assert report["replicas"]["routes_moved_between_processes"] == 0, "a session's requests reached two processes"
