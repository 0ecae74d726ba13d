"""Starting and stopping the app's server and finding the system Chromium: shared by the browser tests and `make bench`.

A module of its own (not a conftest) so that the benchmark imports the same launcher the tests use.
"""

from __future__ import annotations

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
