"""`make run`'s launcher: a busy port or a bad PORT value costs one clear sentence, not a traceback."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from kursk_brief.app.replicas import nginx_config
from tests.paths import ROOT


def run_launcher(port: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kursk_brief.app.serve"],
        cwd=ROOT,
        env={"PORT": port, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_busy_port_is_one_sentence() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_launcher(str(port))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Kursk Brief cannot start. Port {port} is already in use: stop the other server or run `PORT=8502 make run`."
    )
    assert "Traceback" not in result.stdout + result.stderr


def test_a_bad_port_value_is_one_sentence() -> None:
    result = run_launcher("eighty")
    assert result.returncode == 1
    assert result.stderr.strip() == "Kursk Brief cannot start. PORT='eighty' is not a port number between 1 and 65535."


def test_a_missing_package_is_one_sentence(monkeypatch) -> None:
    from kursk_brief.app import serve

    monkeypatch.setattr(serve, "REQUIRED", ("streamlit", "no_such_package_kb"))
    assert serve.problem() == (
        "Missing Python package(s) no_such_package_kb: run `make run` (it installs requirements.txt)."
    )


def test_a_port_left_in_time_wait_by_a_stopped_server_is_free(monkeypatch) -> None:
    """After `make run` stops, its closed connections sit in TIME_WAIT for a minute; the port is still free to bind
    with SO_REUSEADDR (as the server binds it), so the launcher must not call it busy."""
    from kursk_brief.app import serve

    with socket.socket() as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        client = socket.create_connection(("127.0.0.1", port))
        accepted, _ = server.accept()
        accepted.close()  # the server side closes first, so its end of the connection enters TIME_WAIT
        client.recv(1)
        client.close()
    with socket.socket() as plain, pytest.raises(OSError):
        plain.bind(("127.0.0.1", port))  # the state this test is about: a bind without SO_REUSEADDR fails
    monkeypatch.setenv("PORT", str(port))
    assert serve.problem() is None


def test_the_readme_shows_the_proxy_configuration_the_launcher_writes() -> None:
    """The deployment section's nginx configuration is the launcher's own, for the settings it names."""
    written = nginx_config(8501, [8502, 8503], Path("/var/lib/kursk-brief"))
    assert f"```nginx\n{written}```" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "hash $kb_route consistent;" in written and "proxy_set_header Upgrade $http_upgrade;" in written


@pytest.mark.parametrize(
    ("replicas", "words"),
    [("abc", "'abc' is not a number of processes from 1 to 16"), ("0", "'0' is not"), ("٣", "'٣' is not")],
)
def test_a_bad_replica_count_is_one_sentence(replicas: str, words: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kursk_brief.app.replicas"],
        cwd=ROOT,
        env={"PORT": "8501", "KURSK_BRIEF_REPLICAS": replicas, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Kursk Brief cannot start its replicas. ") and words in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
