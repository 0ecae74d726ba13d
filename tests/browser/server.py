"""Starting and stopping the app's server and finding the system Chromium: shared by the browser tests and `make bench`.

A module of its own (not a conftest) so that the benchmark imports the same launcher the tests use.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kursk_brief.data.load import DATA_DIR_ENV

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen


def start_server(env_extra: dict[str, str] | None = None, app: str | None = None) -> Server:
    """Start `streamlit run app.py` on a free port, as `make run` would, and wait until it answers.

    `app` serves another script with the same config instead (the benchmark's bare page).
    """
    port = free_port()
    env = {**os.environ, "PORT": str(port), **(env_extra or {})}
    launcher = (
        ["-m", "kursk_brief.app.serve"] if app is None else ["-m", "streamlit", "run", app, "--server.port", str(port)]
    )
    process = subprocess.Popen(
        [sys.executable, *launcher],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {process.stdout.read().decode()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return Server(url, process)
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("server did not answer within 60 s")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


@contextmanager
def serving(data_dir: Path | None = None) -> Iterator[Server]:
    """The app on its embedded data, or on another data folder (fixtures: broken or hostile data)."""
    running = start_server({DATA_DIR_ENV: str(data_dir)} if data_dir else None)
    try:
        yield running
    finally:
        stop_server(running)


@dataclass
class Replicas:
    """`make serve-replicas` running: the proxy's address, the launcher's process, and its state folder."""

    url: str
    process: subprocess.Popen
    state: Path

    def status(self) -> dict:
        """The launcher's state file: each replica's port, process id and whether the proxy sends users to it."""
        return json.loads((self.state / "replicas.json").read_text(encoding="utf-8"))

    def routes(self) -> dict[str, set[str]]:
        """From the proxy's access log: each user's route (cookie) and the processes that answered its requests."""
        found: dict[str, set[str]] = {}
        for line in (self.state / "access.log").read_text(encoding="utf-8").splitlines():
            _, route, tried, *_ = line.split("|")
            found.setdefault(route, set()).add(tried.split(", ")[-1])  # the last process tried is the one that answered
        return found

    def pids(self) -> list[int]:
        return [replica["pid"] for replica in self.status()["replicas"]]


@contextmanager
def serving_replicas(state: Path, count: int = 2) -> Iterator[Replicas]:
    """The app as `make serve-replicas` starts it: `count` processes behind nginx, on a free port."""
    port = free_port()
    env = {**os.environ, "PORT": str(port), "KURSK_BRIEF_REPLICAS": str(count), "KURSK_BRIEF_REPLICAS_DIR": str(state)}
    process = subprocess.Popen(
        [sys.executable, "-m", "kursk_brief.app.replicas"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        ready = process.stdout.readline()  # the launcher prints its address once every process answers
        assert ready.startswith(f"Kursk Brief: http://127.0.0.1:{port}"), f"the replicas did not start: {ready!r}"
        yield Replicas(f"http://127.0.0.1:{port}", process, state)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
