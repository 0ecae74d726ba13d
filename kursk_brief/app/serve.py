"""`make run`: check the port and the dependencies, then serve the app to this machine's own browser and nobody else.

Why a launcher: a busy port or a missing package should cost the user one clear sentence, not a traceback; and the
server is started through `st.App` so that one middleware (`LoopbackGate`) stands in front of every request.

What the gate is for (Streamlit 1.67 behaviour it works around, found in the installed sources):
- A websocket handshake whose Origin is not the page's own is checked by `server_util.is_url_from_allowed_origins`
  (web/server/server_util.py:58), which calls `net_util.get_external_ip` (net_util.py:34): a blocking HTTP GET to
  checkip.amazonaws.com, with HTTPS as fallback, 1 s each, never cached on failure, run on the event loop by
  `starlette_websocket._websocket_endpoint`. Any web page the user visits could make the offline server call out and
  freeze every session for about 2 s per attempt. The gate refuses such a handshake before Streamlit sees it, so that
  code never runs. (The other caller, the start-up banner in bootstrap.py `_print_url`, is skipped because
  `server.address` is set.)
- `server.allowedHosts` guards only the websocket and the agent API; the gate refuses every request, HTTP included,
  whose Host header is not this server's loopback name (DNS rebinding).
- Streamlit sets no framing policy; the gate adds `X-Frame-Options: DENY` and `frame-ancestors 'none'`.
- `client.toolbarMode = "viewer"` only hides the "Clear cache" menu item and hotkey; the server still obeys a
  `clear_cache` message from any websocket client (runtime/app_session.py `handle_backmsg`), which empties the cache of
  every user. The gate drops `clear_cache` and `set_run_on_save` messages from the browser.

One more setting of the running server: Streamlit runs every deferred download and every lazy table chunk on the event
loop's default thread pool (runtime/backend_operation_handler.py, `asyncio.to_thread`), which Python sizes to the CPU
count plus four: six threads here. Six users waiting for the image renderer would hold them all, and a seventh user's
CSV, or a table page, would wait behind them. `_lifespan` gives the loop `WORKER_THREADS` instead.
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import os
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from kursk_brief.app.process import PROCESS_PATH, PROCESS_TOKEN

REQUIRED = ("streamlit", "plotly", "pandas", "geopandas", "pydantic", "openpyxl")
ROOT = Path(__file__).resolve().parents[2]
LOOPBACK_NAMES = ("127.0.0.1", "localhost")
WORKER_THREADS = 32
PUBLIC_PORT_ENV = "KURSK_BRIEF_PUBLIC_PORT"
"""Behind a proxy on this machine (`make serve-replicas`): the proxy's port, whose address the browser sends as Host."""
ADMIN_MESSAGES = frozenset({"clear_cache", "set_run_on_save"})
STREAMLIT_PREFIXES = ("/_stcore/", "/media/", "/component/", "/static/", "/auth/")
"""Where Streamlit's own routes and the frontend's files live; any other path of two segments or more is no page."""
SECURITY_HEADERS = (
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_LOG = logging.getLogger("kursk_brief.app.serve")


def problem() -> str | None:
    """The first reason the app cannot start, as a sentence; None when it can."""
    missing = [name for name in REQUIRED if importlib.util.find_spec(name) is None]
    if missing:
        return f"Missing Python package(s) {', '.join(missing)}: run `make run` (it installs requirements.txt)."
    port = port_from_env()
    if port is None:
        return f"PORT={os.environ['PORT']!r} is not a port number between 1 and 65535."
    if not port_is_free(port):
        return f"Port {port} is already in use: stop the other server or run `PORT=8502 make run`."
    return None


def port_is_free(port: int) -> bool:
    """Whether the server could bind the port. SO_REUSEADDR, as the server's own socket uses it: a connection left in
    TIME_WAIT by a stopped server does not keep the port, while a listening server still does (Linux refuses the bind).
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def port_from_env(name: str = "PORT", default: str | None = "8501") -> int | None:
    raw = os.environ.get(name, default)
    return int(raw) if raw and raw.isascii() and raw.isdigit() and 0 < int(raw) < 65536 else None


class LoopbackGate:
    """ASGI middleware: this server answers only pages it served itself, under a loopback name.

    - Host must be `127.0.0.1:<port>` or `localhost:<port>` (or the port of the proxy in front, `public_port`), for
      HTTP and websocket alike; anything else gets 403.
    - An Origin header, when present, must be `http://<that host>`: other sites, other local ports and `null` get 403,
      before Streamlit's own origin check (which would look up the external IP) can run.
    - Every HTTP response forbids framing.
    - Websocket messages asking to clear the server's cache or to toggle run-on-save are dropped.
    """

    def __init__(
        self, app: Callable[[Scope, Receive, Send], Awaitable[None]], port: int, public_port: int | None = None
    ) -> None:
        self.app = app
        ports = (port,) if public_port is None else (port, public_port)
        self.hosts = frozenset(f"{name}:{number}" for name in LOOPBACK_NAMES for number in ports)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        host, origin = headers.get("host"), headers.get("origin")
        if host not in self.hosts or (origin is not None and origin != f"http://{host}"):
            _LOG.warning("Refused %s %s: Host %r, Origin %r", scope["type"], scope.get("path"), host, origin)
            await _refuse(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await self.app(scope, _without_admin_messages(receive), send)
        elif scope.get("path") == PROCESS_PATH:
            await _answer(send, 200, b"text/plain; charset=utf-8", PROCESS_TOKEN.encode())
        elif _is_no_page(scope.get("path", "/")):
            await _no_such_page(scope, send)
        else:
            await self.app(scope, receive, _with_security_headers(send))


def _is_no_page(path: str) -> bool:
    """A path of two segments or more (`/facts/x`) outside Streamlit's routes. Its static fallback would answer with the
    app's page, whose frontend then takes `/facts` for the server's base path and draws nothing: a blank page. A
    one-segment path is left to Streamlit, which names an unknown page and shows the default one."""
    return "/" in path.strip("/") and not path.startswith(STREAMLIT_PREFIXES)


async def _no_such_page(scope: Scope, send: Send) -> None:
    """The app's own 404: the path asked for (escaped) and a link to each page."""
    from kursk_brief.app.site import PAGES
    from kursk_brief.words.escape import escape_html

    links = "".join(
        f'<li><a href="/{"" if page.default else page.url_path}">{escape_html(page.title)}</a></li>' for page in PAGES
    )
    body = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>No such page - Kursk Brief</title></head>'
        f"<body><h1>No such page</h1><p>Kursk Brief has no page at <code>{escape_html(scope.get('path', ''))}</code>."
        f" Its pages:</p><ul>{links}</ul></body></html>"
    ).encode()
    await _answer(send, 404, b"text/html; charset=utf-8", body if scope.get("method") != "HEAD" else b"")


async def _answer(send: Send, status: int, content_type: bytes, body: bytes) -> None:
    """A response of the gate's own, with the security headers every response carries."""
    headers = [(b"content-type", content_type), *SECURITY_HEADERS]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _headers(scope: Scope) -> dict[str, str]:
    """Request headers by lower-case name; a repeated Host or Origin keeps its first value (never merged)."""
    found: dict[str, str] = {}
    for name, value in scope.get("headers", []):
        found.setdefault(name.decode("latin-1").lower(), value.decode("latin-1"))
    return found


async def _refuse(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "websocket":
        await receive()  # websocket.connect
        await send({"type": "websocket.close", "code": 1008})  # before accept: the client sees HTTP 403
        return
    body = b"Forbidden: this server answers only its own pages at 127.0.0.1 or localhost.\n"
    await _answer(send, 403, b"text/plain; charset=utf-8", body)


def _with_security_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            names = {name.lower() for name, _ in message.get("headers", [])}
            extra = [(name, value) for name, value in SECURITY_HEADERS if name not in names]
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return sending


def _without_admin_messages(receive: Receive) -> Receive:
    from kursk_brief.app.internals import back_message_kind

    async def receiving() -> Message:
        while True:
            message = await receive()
            data = message.get("bytes") if message["type"] == "websocket.receive" else None
            kind = None if data is None else back_message_kind(data)
            if kind not in ADMIN_MESSAGES:
                return message
            _LOG.warning("Dropped a %s message from a browser session", kind)

    return receiving


@asynccontextmanager
async def _lifespan(app: object) -> AsyncIterator[None]:
    """Run when the server starts: enough worker threads that no user's download waits for another's render."""
    asyncio.get_running_loop().set_default_executor(
        ThreadPoolExecutor(WORKER_THREADS, thread_name_prefix="kursk-brief-worker")
    )
    yield


def main() -> int:
    reason = problem()
    if reason:
        print(f"Kursk Brief cannot start. {reason}", file=sys.stderr)
        return 1
    port = port_from_env()
    assert port is not None  # problem() checked it
    print(f"Kursk Brief: http://127.0.0.1:{port}", flush=True)
    os.chdir(ROOT)
    import streamlit as st
    from starlette.middleware import Middleware

    sys.argv = [str(ROOT / "app.py")]  # App.run() anchors config and sys.path at argv[0], as `streamlit run app.py`
    gate = Middleware(LoopbackGate, port=port, public_port=port_from_env(PUBLIC_PORT_ENV, None))
    app = st.App(ROOT / "app.py", lifespan=_lifespan, middleware=[gate])
    app.run(config={"server.port": port, "server.address": "127.0.0.1"})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
