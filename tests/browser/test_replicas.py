"""Two app processes behind nginx (`make serve-replicas`): each user stays on one, and one dying costs its users a
reconnect, not a broken page.

Two browsers are placed on different processes by the proxy's own cookie (found by asking the proxy, not guessed),
open a page and a download through it; then one process is killed. The launcher's health check takes it out of the
proxy's list, and its user's browser reconnects to the other process and runs the page again, while the other user's
session is untouched. The proxy's access log says which process answered every request of every user.
"""

from __future__ import annotations

import os
import signal
import time
import urllib.request

import pytest

from kursk_brief.schema.rows import Status
from tests.browser.server import Replicas, serving_replicas
from tests.browser.watch import open_view, runs_ended, settled, watched_page

pytestmark = pytest.mark.browser
COOKIE = "kb_replica"
FILTER = Status.ANTICIPATED.value.upper()


@pytest.fixture(scope="module")
def replicas(tmp_path_factory) -> Replicas:
    with serving_replicas(tmp_path_factory.mktemp("replicas")) as running:
        yield running


def new_route(replicas: Replicas) -> tuple[str, str]:
    """A cookie the proxy hands a new browser, and the process it routes that browser to."""
    with urllib.request.urlopen(f"{replicas.url}/_stcore/health", timeout=30) as response:
        response.read()
        pairs = [value.split(";", 1)[0].split("=", 1) for value in response.headers.get_all("Set-Cookie")]
        cookie = dict(pairs)[COOKIE]
    (upstream,) = logged(replicas, cookie)
    return cookie, upstream


def logged(replicas: Replicas, route: str, count: int = 1) -> set[str]:
    """The processes that answered `route`, once the proxy has logged at least `count` of them (nginx writes a log
    line as the response ends, so it can trail the response by a moment): polled on the file, as a condition."""
    deadline = time.monotonic() + 30
    while len(found := replicas.routes().get(route, set())) < count:
        assert time.monotonic() < deadline, f"the proxy logged no request of {route} within 30 s"
        time.sleep(0.01)
    return found


def one_route_per_process(replicas: Replicas) -> dict[str, str]:
    """Process address -> a route the proxy sends there, for every process (asked until each has one)."""
    found: dict[str, str] = {}
    for _ in range(64):  # each new route lands on either process with even odds: 64 tries miss one with p = 2**-63
        cookie, upstream = new_route(replicas)
        found.setdefault(upstream, cookie)
        if len(found) == len(replicas.status()["replicas"]):
            return found
    raise AssertionError(f"the proxy sent 64 new users to {sorted(found)} only")


def test_each_user_stays_on_one_process_and_a_dead_one_costs_a_reconnect(replicas, browser) -> None:
    routes = one_route_per_process(replicas)
    (first, first_route), (second, second_route) = sorted(routes.items())
    host = replicas.url.removeprefix("http://").split(":")[0]
    with (
        watched_page(browser, viewport={"width": 1280, "height": 900}) as (page_a, watch_a),
        watched_page(browser, viewport={"width": 1280, "height": 900}) as (page_b, watch_b),
    ):
        for page, route in ((page_a, first_route), (page_b, second_route)):
            page.context.add_cookies([{"name": COOKIE, "value": route, "domain": host, "path": "/"}])
            open_view(page, f"{replicas.url}/facts?status={FILTER}", "Facts")
        with page_b.expect_download() as download:
            page_b.get_by_role("button", name="Download selection as CSV").click()
        assert download.value.path().read_bytes().startswith("\ufeffstatus,summary,".encode()), "the file, whole"
        log = replicas.routes()
        assert log[first_route] == {first} and log[second_route] == {second}, "a user's requests reached two processes"

        b_runs = runs_ended(page_b)
        shown_before = page_a.get_by_text(" facts · pick a row").first.inner_text()
        victim = next(r for r in replicas.status()["replicas"] if first.endswith(f":{r['port']}"))
        # The browser notices the lost websocket, Streamlit retries, the health check drops the process, the retry
        # lands on the live one, and the app loads the page again (`reconnect`): the user sees the same view.
        with page_a.expect_navigation(timeout=120_000):
            os.kill(victim["pid"], signal.SIGKILL)
        page_a.get_by_role("heading", name="Facts", exact=True).wait_for(timeout=120_000)
        settled(page_a)
        assert page_a.url == f"{replicas.url}/facts?status={FILTER}", "the view came back from its URL"
        assert page_a.get_by_text(shown_before).first.is_visible(), "the same rows are shown"
        assert [r["live"] for r in replicas.status()["replicas"] if r["pid"] == victim["pid"]] == [False]
        assert logged(replicas, first_route, 2) == {first, second}, "the dead process's user moved to the live one"
        assert replicas.routes()[second_route] == {second}, "the other user never left its process"
        assert runs_ended(page_b) == b_runs, "the other user's page did not even rerun"
        assert watch_a.external == [] and watch_b.external == []
