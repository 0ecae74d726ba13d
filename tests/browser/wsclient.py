"""A Streamlit session driven over its websocket, as the browser drives it, for tests that need many users cheaply.

It speaks the same protobuf messages as the frontend: `rerun_script` to open a page, `backend_operation_request`
to run a deferred download, then an HTTP GET of the URL the server hands back, as the browser's click does.
"""

from __future__ import annotations

import itertools
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import ClientConnection, connect


@dataclass
class Download:
    label: str
    file_name_hint: str
    deferred_file_id: str
    url: str


@dataclass
class Run:
    """What one script run showed: its download buttons, headings and whether it raised."""

    downloads: list[Download] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    markdown: list[str] = field(default_factory=list)


class Session:
    """One user: a websocket to `/_stcore/stream` with Streamlit's protocol on top."""

    def __init__(self, base_url: str, origin: str | None = None, timeout: float = 120) -> None:
        self.base_url = base_url
        self.timeout = timeout
        self._requests = itertools.count(1)
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.session_id = ""
        self.run_on_save: bool | None = None
        self.socket: ClientConnection = connect(
            base_url.replace("http://", "ws://") + "/_stcore/stream",
            subprotocols=["streamlit"],
            origin=origin,
            open_timeout=timeout,
            max_size=None,
            legacy=True,  # a plain connection object, closed by close()
        )

    def close(self) -> None:
        self.socket.close()

    def send(self, message: BackMsg) -> None:
        self.socket.send(message.SerializeToString())

    def receive(self) -> ForwardMsg:
        return ForwardMsg.FromString(self.socket.recv(timeout=self.timeout))

    def open(self, page: str = "") -> Run:
        """Run the app at `/<page>` (the default page for ""), as a link or a navigation click does."""
        message = BackMsg()
        message.rerun_script.query_string = ""
        message.rerun_script.page_name = page
        if page in self.pages:
            message.rerun_script.page_script_hash = self.pages[page]
        self.send(message)
        return self._until_finished()

    def _until_finished(self) -> Run:
        run = Run()
        while True:
            reply = self.receive()
            kind = reply.WhichOneof("type")
            if kind == "new_session":
                self.session_id = reply.new_session.initialize.session_id
                self.run_on_save = reply.new_session.initialize.session_status.run_on_save
            elif kind == "session_status_changed":
                self.run_on_save = reply.session_status_changed.run_on_save
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in reply.navigation.app_pages}
            elif kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                element = reply.delta.new_element
                which = element.WhichOneof("type")
                if which == "download_button":
                    button = element.download_button
                    run.downloads.append(Download(button.label, button.id, button.deferred_file_id, button.url))
                elif which == "exception":
                    run.exceptions.append(element.exception.message)
                elif which == "markdown":
                    run.markdown.append(element.markdown.body)
            elif kind == "script_finished":
                return run

    def deferred_url(self, download: Download) -> str:
        """Ask the server to build a deferred download; it answers with the URL the browser would fetch."""
        request_id = f"kb-{next(self._requests)}"
        message = BackMsg()
        message.backend_operation_request.request_id = request_id
        message.backend_operation_request.session_id = self.session_id
        message.backend_operation_request.deferred_file.file_id = download.deferred_file_id
        self.send(message)
        while True:
            reply = self.receive()
            if reply.WhichOneof("type") != "backend_operation_response":
                continue
            response = reply.backend_operation_response
            if response.request_id != request_id:
                continue
            if response.error_msg:
                raise RuntimeError(f"deferred download failed: {response.error_msg}")
            return response.deferred_file.url

    def fetch(self, url: str) -> tuple[int, bytes]:
        """GET a media URL as the browser does after a click: (status, body)."""
        try:
            with urllib.request.urlopen(self.base_url + url, timeout=self.timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, b""

    def send_admin(self, kind: str) -> None:
        """Send a developer message (`clear_cache`, `set_run_on_save`) as a hostile page script could."""
        message = BackMsg()
        if kind == "set_run_on_save":
            message.set_run_on_save = True
        else:
            setattr(message, kind, True)
        self.send(message)
