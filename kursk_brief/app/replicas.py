"""`make serve-replicas`: several app processes behind Debian's nginx on loopback, each user kept on one process.

Why a launcher: Streamlit keeps a session, its widgets and its deferred downloads in the memory of the process that
serves it, so a second process helps only if every request of a user reaches the same one (session affinity).
- **Sticky by cookie.** nginx gives each browser a random `kb_replica` cookie on its first request and picks the
  process by a consistent hash of it, so a user's page, websocket and downloads all reach one process, and taking a
  process out moves only that process's users. (Open-source nginx has no `sticky` directive; `ip_hash` would put every
  user of one machine or proxy on one process.)
- **Websockets** pass through with HTTP/1.1, the `Upgrade` and `Connection` headers, and a day's read timeout.
- **Health checks.** This launcher asks every process for `/_stcore/health` each second. One that does not answer is
  taken out of nginx's list (the configuration rewritten, `nginx -s reload`) and put back once it answers again. Its
  users' browsers lose their websocket, Streamlit shows its reconnecting notice, and the browser reconnects, with the
  same cookie, to a live process, where the page runs afresh: a new session, the URL (and so the view) kept.
- **The gate** (`serve.LoopbackGate`) of each process accepts the proxy's address as its Host, since nginx passes the
  browser's Host on (`KURSK_BRIEF_PUBLIC_PORT`).
Responses are streamed, not buffered to disk (`proxy_buffering off`): nginx's workers need no writable folder.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kursk_brief.app.serve import PUBLIC_PORT_ENV, port_from_env, port_is_free

REPLICAS_ENV = "KURSK_BRIEF_REPLICAS"
STATE_ENV = "KURSK_BRIEF_REPLICAS_DIR"
COOKIE = "kb_replica"
CHECK_SECONDS = 1.0
START_SECONDS = 90
ACCESS_LOG = "access.log"
STATE_FILE = "replicas.json"
LOG_FORMAT = "$msec|$kb_route|$upstream_addr|$status|$request_method|$uri"
"""One line per request: when, the user's route (cookie), the processes tried (`a, b` when the first failed and the
second answered), and what was asked."""


def nginx_config(listen: int, upstreams: list[int], state: Path) -> str:
    """The proxy for `upstreams` (ports of live app processes) on `127.0.0.1:listen`, its files kept in `state`."""
    servers = "\n".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=2s;" for port in upstreams)
    return f"""daemon off;
worker_processes 1;
pid {state}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
  log_format kb '{LOG_FORMAT}';
  access_log {state}/{ACCESS_LOG} kb;
  error_log {state}/error.log warn;
  client_body_temp_path {state}/client_body;
  proxy_temp_path {state}/proxy;
  fastcgi_temp_path {state}/fastcgi;
  uwsgi_temp_path {state}/uwsgi;
  scgi_temp_path {state}/scgi;
  # A browser without the cookie is given one, its request id: random, and the key it is routed by from then on.
  map $cookie_{COOKIE} $kb_route {{ "" $request_id; default $cookie_{COOKIE}; }}
  map $cookie_{COOKIE} $kb_new_cookie {{ "" "{COOKIE}=$request_id; Path=/; HttpOnly; SameSite=Strict"; default ""; }}
  map $http_upgrade $kb_connection {{ default upgrade; "" close; }}
  upstream kursk_brief {{
    hash $kb_route consistent;
{servers}
  }}
  server {{
    listen 127.0.0.1:{listen};
    location / {{
      proxy_pass http://kursk_brief;
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $kb_connection;
      proxy_read_timeout 1d;
      proxy_send_timeout 1d;
      proxy_buffering off;
      proxy_request_buffering off;
      proxy_next_upstream error timeout;
      add_header Set-Cookie $kb_new_cookie always;
    }}
  }}
}}
"""


def nginx_binary() -> str | None:
    """Debian puts nginx in /usr/sbin, which a user's PATH may lack."""
    return shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@dataclass
class Replica:
    port: int
    process: subprocess.Popen


def start_replica(port: int, public_port: int) -> Replica:
    env = {**os.environ, "PORT": str(port), PUBLIC_PORT_ENV: str(public_port)}
    process = subprocess.Popen(
        [sys.executable, "-m", "kursk_brief.app.serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    return Replica(port, process)


def free_ports(count: int, exclude: int) -> list[int]:
    """Ports the replicas listen on: the proxy's port plus 1, 2, ... where free."""
    ports, candidate = [], exclude + 1
    while len(ports) < count and candidate < 65536:
        if port_is_free(candidate):
            ports.append(candidate)
        candidate += 1
    return ports


class Proxy:
    """nginx in front of the replicas; `route(live)` points it at the processes that answer."""

    def __init__(self, binary: str, listen: int, state: Path) -> None:
        self.binary, self.listen, self.state = binary, listen, state
        self.config = state / "nginx.conf"
        self.live: list[int] = []
        self.process: subprocess.Popen | None = None

    def route(self, live: list[int]) -> None:
        if live == self.live or not live:  # with none live, keep the last list: nginx answers 502, not nothing
            return
        self.config.write_text(nginx_config(self.listen, live, self.state), encoding="utf-8")
        self.live = live
        command = [self.binary, "-p", str(self.state), "-e", str(self.state / "error.log"), "-c", str(self.config)]
        if self.process is None:
            self.process = subprocess.Popen(command)
        else:
            subprocess.run([*command, "-s", "reload"], check=True)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)


def write_state(state: Path, proxy: Proxy, replicas: list[Replica]) -> None:
    """What a test or an operator needs: the proxy's address and process, each replica's port, process and health."""
    document = {
        "url": f"http://127.0.0.1:{proxy.listen}",
        "nginx_pid": proxy.process.pid if proxy.process else None,
        "access_log": str(state / ACCESS_LOG),
        "replicas": [{"port": r.port, "pid": r.process.pid, "live": r.port in proxy.live} for r in replicas],
    }
    staged = state / f"{STATE_FILE}.new"
    staged.write_text(json.dumps(document, indent=1), encoding="utf-8")
    staged.replace(state / STATE_FILE)


def problem(count_text: str, port: int | None, binary: str | None) -> str | None:
    if not (count_text.isascii() and count_text.isdigit() and 1 <= int(count_text) <= 16):
        return f"{REPLICAS_ENV}={count_text!r} is not a number of processes from 1 to 16."
    if port is None:
        return f"PORT={os.environ['PORT']!r} is not a port number between 1 and 65535."
    if binary is None:
        return "nginx is not installed: run `make nginx` (apt-get install -y nginx)."
    if not port_is_free(port):
        return f"Port {port} is already in use: stop the other server or run `PORT=8502 make serve-replicas`."
    return None


def main() -> int:
    count_text, port, binary = os.environ.get(REPLICAS_ENV, "2"), port_from_env(), nginx_binary()
    reason = problem(count_text, port, binary)
    if reason:
        print(f"Kursk Brief cannot start its replicas. {reason}", file=sys.stderr)
        return 1
    state = Path(os.environ.get(STATE_ENV) or tempfile.mkdtemp(prefix="kursk-brief-replicas-"))
    state.mkdir(parents=True, exist_ok=True)
    replicas = [start_replica(p, port) for p in free_ports(int(count_text), port)]
    proxy = Proxy(binary, port, state)
    stopping: list[int] = []
    signal.signal(signal.SIGTERM, lambda number, frame: stopping.append(number))
    try:
        deadline = time.monotonic() + START_SECONDS
        while not all(healthy(r.port) for r in replicas):
            if time.monotonic() > deadline or any(r.process.poll() is not None for r in replicas):
                print("Kursk Brief: a replica did not start; see `make run` for its reason.", file=sys.stderr)
                return 1
            time.sleep(0.2)  # a process starting up: nothing to wait on but its answer
        proxy.route([r.port for r in replicas])
        while not healthy(port):  # nginx binding its port
            if proxy.process.poll() is not None or time.monotonic() > deadline:
                print(f"Kursk Brief: nginx did not start; see {state / 'error.log'}.", file=sys.stderr)
                return 1
            time.sleep(0.1)
        write_state(state, proxy, replicas)
        print(f"Kursk Brief: http://127.0.0.1:{port} ({len(replicas)} processes behind nginx; {state})", flush=True)
        while not stopping:
            time.sleep(CHECK_SECONDS)  # the health check's period
            live = [r.port for r in replicas if r.process.poll() is None and healthy(r.port)]
            if live != proxy.live and live:
                proxy.route(live)
                write_state(state, proxy, replicas)
                print(f"Kursk Brief: serving from {', '.join(map(str, live))}", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        proxy.stop()
        for replica in replicas:
            replica.process.terminate()
        for replica in replicas:
            replica.process.wait(timeout=20)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
