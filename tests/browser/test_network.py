"""Nothing leaves the machine, nobody else drives the server.

The server runs as `make run` starts it, but with every proxy variable pointing at a local listener that records each
connection and never answers, as an unreachable host would: any outbound HTTP(S) request the server makes, on any code
path, lands there. Streamlit 1.67 answers a refused cross-origin websocket by asking checkip.amazonaws.com for the
machine's external IP, synchronously, 1 s per attempt over HTTP then HTTPS; against this listener that costs 2 s per
handshake and shows up as two recorded requests.
"""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from kursk_brief.charts.registry import registry
from kursk_brief.data.load import load_brief
from kursk_brief.out import export
from tests.browser.server import Server, start_server, stop_server
from tests.browser.watch import exception_boxes, next_frames, open_view, settled
from tests.browser.wsclient import Session
from tests.paths import DATA

pytestmark = pytest.mark.browser

HOSTILE_ORIGINS = (
    "http://evil.example",
    "https://attacker.test:8443",
    "http://localhost:9999",  # another local web app
    "http://192.168.1.10",
    "http://127.0.0.1.nip.io",
    "null",  # sandboxed frames, file:// pages
)
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


class Listener:
    """A TCP listener that records the first bytes of every connection and then holds it open, never answering."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.received: list[bytes] = []
        self._held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            connection.settimeout(5)
            self._held.append(connection)
            try:
                self.received.append(connection.recv(300) or b"(connected, sent nothing)")
            except OSError:
                self.received.append(b"(connected, sent nothing)")

    def close(self) -> None:
        for connection in [*self._held, self.socket]:
            connection.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    recorder = Listener()
    yield recorder
    recorder.close()


@pytest.fixture(scope="module")
def guarded(listener: Listener) -> Iterator[Server]:
    """The app with every proxy variable pointing at the listener (and nothing exempt from the proxy)."""
    env = dict.fromkeys(PROXY_VARIABLES, listener.url) | {"NO_PROXY": "", "no_proxy": ""}
    server = start_server(env)
    try:
        yield server
    finally:
        stop_server(server)


def health_seconds(server: Server) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=30) as response:
        response.read()
    return time.perf_counter() - start


def handshake_status(server: Server, headers: dict[str, str]) -> int:
    """Status of a raw websocket handshake with exactly these Host/Origin headers (101 = accepted)."""
    port = int(server.url.rsplit(":", 1)[1])
    lines = [
        "GET /_stcore/stream HTTP/1.1",
        *(f"{name}: {value}" for name, value in headers.items()),
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}",
        "Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Protocol: streamlit",
    ]
    with closing(socket.create_connection(("127.0.0.1", port), timeout=30)) as raw:
        raw.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        status_line = raw.recv(200).split(b"\r\n", 1)[0].decode("latin-1")
    return int(status_line.split()[1])


def http_status_and_headers(server: Server, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(f"{server.url}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}


def test_hostile_websockets_are_refused_at_once_and_nothing_calls_out(guarded: Server, listener: Listener) -> None:
    latencies: list[float] = []
    done = threading.Event()

    def poll_health() -> None:
        while not done.is_set():
            latencies.append(health_seconds(guarded))
            time.sleep(0.05)

    poller = threading.Thread(target=poll_health)
    poller.start()
    refusals: dict[str, float] = {}
    try:
        for origin in HOSTILE_ORIGINS:
            start = time.perf_counter()
            with pytest.raises(InvalidStatus) as refused:
                connect(guarded.url.replace("http", "ws") + "/_stcore/stream", origin=origin, open_timeout=30)
            refusals[origin] = time.perf_counter() - start
            assert refused.value.response.status_code == 403, origin
    finally:
        done.set()
        poller.join()
    print(f"refusal seconds {refusals}; health max {max(latencies):.3f} s over {len(latencies)} polls")
    assert listener.received == [], "the server made an outbound request"
    # Each refusal used to cost 2 s (two 1 s lookups); a refusal now costs no lookup at all.
    assert sum(refusals.values()) < 2.0, refusals
    assert max(latencies) < 1.0, latencies

    # The app's own page still connects, under either loopback name, and runs.
    session = Session(guarded.url, origin=guarded.url)
    try:
        run = session.open("")
        assert run.exceptions == [] and run.markdown
    finally:
        session.close()
    port = guarded.url.rsplit(":", 1)[1]
    assert handshake_status(guarded, {"Host": f"localhost:{port}", "Origin": f"http://localhost:{port}"}) == 101
    assert listener.received == []


def test_only_loopback_host_names_are_answered(guarded: Server) -> None:
    """DNS rebinding: a foreign name that resolves to 127.0.0.1 gets nothing, not even the page or a media file."""
    port = guarded.url.rsplit(":", 1)[1]
    for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1.nip.io:{port}", f"127.0.0.1:{int(port) + 1}"):
        for path in ("/", "/_stcore/health", "/_stcore/host-config", "/media/x.png"):
            status, _ = http_status_and_headers(guarded, path, {"Host": host})
            assert status == 403, (host, path)
        assert handshake_status(guarded, {"Host": host}) == 403, host
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        assert http_status_and_headers(guarded, "/_stcore/health", {"Host": host})[0] == 200
        assert handshake_status(guarded, {"Host": host}) == 101


def test_no_page_can_frame_the_app_or_drive_it_by_message(guarded: Server) -> None:
    for path in ("/", "/facts", "/_stcore/health", "/_stcore/host-config"):
        status, headers = http_status_and_headers(guarded, path, {})
        assert status == 200, path
        assert headers["x-frame-options"] == "DENY", path
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
    with urllib.request.urlopen(f"{guarded.url}/_stcore/host-config", timeout=30) as response:
        assert json.load(response)["allowedOrigins"] == [], "no other window may send the app commands"


def test_a_path_of_two_segments_gets_the_apps_no_such_page_answer(guarded: Server, browser) -> None:
    """`/facts/x` used to get the app's page, which then took `/facts` for its base path and drew nothing at all."""
    for path in ("/facts/x", "/present/3", "/a/b/c", "/map/%3Cscript%3Ealert(1)%3C/script%3E"):
        request = urllib.request.Request(f"{guarded.url}{path}")
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(request, timeout=30)
        assert answer.value.code == 404, path
        assert answer.value.headers["x-frame-options"] == "DENY"
        body = answer.value.read().decode()
        assert "No such page" in body and '<a href="/facts">Facts</a>' in body, path
        assert "<script>" not in body, "the path is shown escaped"
    with urllib.request.urlopen(f"{guarded.url}/_kb/process", timeout=30) as answer:  # the gate's own: which process
        assert answer.read().decode().startswith(f"{guarded.process.pid}-")
    for path in ("/facts/", "/_stcore/health", "/favicon.png"):  # one segment, Streamlit's routes and files: served
        assert http_status_and_headers(guarded, path, {})[0] == 200, path
    page = browser.new_page()
    try:
        page.goto(f"{guarded.url}/facts/x")
        page.get_by_role("heading", name="No such page").wait_for(timeout=30_000)
        page.get_by_role("link", name="Facts").click()
        page.get_by_role("heading", name="Facts", exact=True).wait_for(timeout=120_000)
    finally:
        page.close()


def cache_entries(server: Server) -> dict[str, float]:
    """Bytes held per cached function, from Streamlit's metrics endpoint."""
    with urllib.request.urlopen(f"{server.url}/_stcore/metrics", timeout=30) as response:
        text = response.read().decode()
    pattern = r'^cache_memory_bytes\{cache_type="st_cache_\w+",cache="([^"]+)"\} (\S+)$'
    return {name: float(value) for name, value in re.findall(pattern, text, re.MULTILINE)}


def test_a_viewer_cannot_clear_the_cache_or_turn_on_run_on_save(guarded: Server) -> None:
    session = Session(guarded.url, origin=guarded.url)
    try:
        session.open("")
        before = cache_entries(guarded)
        assert any(size > 0 for size in before.values()), before
        session.send_admin("clear_cache")
        session.send_admin("set_run_on_save")
        session.open("")
        assert cache_entries(guarded).keys() >= before.keys()
        assert all(cache_entries(guarded)[name] > 0 for name in before)
        assert session.run_on_save is False
    finally:
        session.close()


def test_viewer_toolbar_offers_no_cache_clearing(guarded: Server, browser_page) -> None:
    page, watch = browser_page
    open_view(page, f"{guarded.url}/facts", "Facts")
    page.get_by_test_id("stMainMenuButton").click()
    menu = page.get_by_role("menu").first
    menu.wait_for()
    items = menu.inner_text()
    assert "Clear cache" not in items and "Rerun" not in items and "Settings" not in items, items
    page.keyboard.press("Escape")
    page.get_by_role("heading", name="Facts", exact=True).first.click()
    page.keyboard.press("c")
    next_frames(page)  # Streamlit's shortcut would open its dialog on the key press itself
    settled(page)
    assert page.get_by_text("Clear caches").count() == 0
    assert watch.external == [] and exception_boxes(page) == 0


def netlog_events(path: Path) -> list[tuple[str, dict]]:
    log = json.loads(path.read_text())
    names = {number: name for name, number in log["constants"]["logEventTypes"].items()}
    return [(names[event["type"]], event.get("params", {})) for event in log["events"]]


def test_the_image_renderer_reaches_no_host(tmp_path, monkeypatch, listener: Listener) -> None:
    """Kaleido's chromium, as the app starts it, with its own network log: no name resolved, no connection made.

    Without `export.RENDERER_FLAGS` it loads MathJax from a CDN and calls Google (updates, accounts, time) and the
    default search engine; the proxy variables make chromium send those to the listener as well.
    """
    for name in PROXY_VARIABLES:
        monkeypatch.setenv(name, listener.url)
    netlog = tmp_path / "netlog.json"
    monkeypatch.setattr(export, "RENDERER_FLAGS", (*export.RENDERER_FLAGS, f"--log-net-log={netlog}"))
    export.stop()
    received_before = len(listener.received)
    try:
        figure = registry()[0].build(load_brief(DATA))
        for fmt in export.FORMATS:
            assert export.render(figure, fmt, export.SIZES[0])
        time.sleep(3)  # chromium's start-up requests come a moment after launch
    finally:
        export.stop()
    events = netlog_events(netlog)
    assert events, "chromium wrote no network log"
    connects = [params for name, params in events if name in ("TCP_CONNECT_ATTEMPT", "SSL_CONNECT")]
    resolved = [
        params
        for name, params in events
        if name in ("HOST_RESOLVER_SYSTEM_TASK", "DNS_TRANSACTION", "HOST_RESOLVER_DNS_TASK")
    ]
    sent = [params for name, params in events if name in ("UDP_BYTES_SENT", "SOCKET_BYTES_SENT")]
    assert connects == [] and resolved == [] and sent == [], (connects, resolved, sent)
    assert listener.received[received_before:] == []
