"""A Streamlit session driven over its websocket, as the browser drives it, for tests that need many users cheaply.

It speaks the same protobuf messages as the frontend: `rerun_script` to open a page, `backend_operation_request`
to run a deferred download, then an HTTP GET of the URL the server hands back, as the browser's click does.
"""

from __future__ import annotations

import io
import itertools
import re
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass, field

import openpyxl
from pptx import Presentation
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import ClientConnection, connect


@dataclass
class Download:
    label: str
    element_id: str
    deferred_file_id: str
    url: str


@dataclass
class Fetched:
    status: int
    body: bytes
    file_name: str


@dataclass
class Run:
    """What one script run showed: its download buttons, size pickers, text and whether it raised."""

    downloads: list[Download] = field(default_factory=list)
    selectboxes: dict[str, list[str]] = field(default_factory=dict)  # widget id -> option labels
    exceptions: list[str] = field(default_factory=list)
    markdown: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)  # each Plotly chart's figure JSON


class Session:
    """One user: a websocket to `/_stcore/stream` with Streamlit's protocol on top."""

    def __init__(self, base_url: str, origin: str | None = None, timeout: float = 120) -> None:
        self.base_url = base_url
        self.timeout = timeout
        self._requests = itertools.count(1)
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.session_id = ""
        self.run_on_save: bool | None = None
        self._early: list[ForwardMsg] = []
        self.cookies = self._page_cookies()
        self.socket: ClientConnection = connect(
            base_url.replace("http://", "ws://") + "/_stcore/stream",
            subprotocols=["streamlit"],
            origin=origin,
            additional_headers={"Cookie": self.cookies} if self.cookies else None,
            open_timeout=timeout,
            max_size=None,
            proxy=None,
            legacy=True,  # a plain connection object, closed by close()
        )

    def _page_cookies(self) -> str:
        """Load the page first, as a browser does, and keep the cookies it sets: behind `make serve-replicas` the
        proxy's cookie is what keeps the websocket and the downloads on this user's process."""
        with urllib.request.urlopen(self.base_url + "/", timeout=self.timeout) as response:
            response.read()
            return "; ".join(value.split(";", 1)[0] for value in response.headers.get_all("Set-Cookie") or [])

    def close(self) -> None:
        self.socket.close()

    def send(self, message: BackMsg) -> None:
        self.socket.send(message.SerializeToString())

    def receive(self) -> ForwardMsg:
        if self._early:
            return self._early.pop(0)
        return ForwardMsg.FromString(self.socket.recv(timeout=self.timeout))

    def waiting(self) -> list[ForwardMsg]:
        """Messages that have already arrived, read without waiting; they are still handed out by `receive`."""
        while True:
            try:
                self._early.append(ForwardMsg.FromString(self.socket.recv(timeout=0)))
            except TimeoutError:
                return list(self._early)

    def open(self, page: str = "", choices: dict[str, str] | None = None, query: str = "") -> Run:
        """Run the app at `/<page>?<query>` (the default page for ""), as a link or a navigation click does;
        `choices` sets select boxes (widget id -> option label) as a user's picks would."""
        message = BackMsg()
        message.rerun_script.query_string = query
        message.rerun_script.page_name = page
        if page in self.pages:
            message.rerun_script.page_script_hash = self.pages[page]
        for widget_id, label in (choices or {}).items():
            state = message.rerun_script.widget_states.widgets.add()
            state.id = widget_id
            state.string_value = label
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
                elif which == "selectbox":
                    run.selectboxes[element.selectbox.id] = list(element.selectbox.options)
                elif which == "exception":
                    run.exceptions.append(element.exception.message)
                elif which == "markdown":
                    run.markdown.append(element.markdown.body)
                elif which == "html":
                    run.html.append(element.html.body)
                elif which == "plotly_chart":
                    run.charts.append(element.plotly_chart.spec)
            elif kind == "script_finished":
                return run

    def deferred_url(self, download: Download) -> str:
        """Ask the server to build a deferred download; it answers with the URL the browser would fetch."""
        request_id = self.request_deferred(download)
        while True:
            answered, url = self.next_deferred()
            if answered == request_id:
                return url

    def request_deferred(self, download: Download) -> str:
        """Send the click on a deferred download without waiting; returns the request id its answer will carry."""
        request_id = f"kb-{next(self._requests)}"
        message = BackMsg()
        message.backend_operation_request.request_id = request_id
        message.backend_operation_request.session_id = self.session_id
        message.backend_operation_request.deferred_file.file_id = download.deferred_file_id
        self.send(message)
        return request_id

    def next_deferred(self) -> tuple[str, str]:
        """The next answer to a deferred download: (request id, URL); raises if the server could not build it."""
        while True:
            reply = self.receive()
            if reply.WhichOneof("type") != "backend_operation_response":
                continue
            response = reply.backend_operation_response
            if response.error_msg:
                raise RuntimeError(f"deferred download failed: {response.error_msg}")
            return response.request_id, response.deferred_file.url

    def fetch(self, url: str) -> Fetched:
        """GET a media URL as the browser does after a click, with the file name the server gives it."""
        request = urllib.request.Request(self.base_url + url, headers={"Cookie": self.cookies} if self.cookies else {})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                disposition = response.headers.get("Content-Disposition", "")
                name = re.search(r'filename="?([^";]+)"?', disposition)
                return Fetched(response.status, response.read(), name.group(1) if name else "")
        except urllib.error.HTTPError as error:
            return Fetched(error.code, b"", "")

    def send_admin(self, kind: str) -> None:
        """Send a developer message (`clear_cache`, `set_run_on_save`) as a hostile page script could."""
        message = BackMsg()
        if kind == "set_run_on_save":
            message.set_run_on_save = True
        else:
            setattr(message, kind, True)
        self.send(message)


def file_problem(file_name: str, body: bytes) -> str | None:
    """Why a downloaded file is not what its name promises (signature and structure), or None when it is sound."""
    suffix = file_name.rsplit(".", 1)[-1]
    if not body:
        return "empty"
    if suffix == "png":
        return None if body.startswith(b"\x89PNG\r\n\x1a\n") else "no PNG signature"
    if suffix == "svg":
        return None if b"<svg" in body[:500] and body.rstrip().endswith(b"</svg>") else "not a whole SVG document"
    if suffix == "pdf":
        return None if body.startswith(b"%PDF") and b"%%EOF" in body[-1024:] else "not a whole PDF"
    if suffix in ("zip", "pptx", "xlsx"):
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                broken = archive.testzip()
                names = archive.namelist()
        except zipfile.BadZipFile:
            return "not a ZIP archive"
        if broken:
            return f"corrupt member {broken}"
        if suffix == "pptx":
            return None if len(Presentation(io.BytesIO(body)).slides) else "a deck without slides"
        if suffix == "xlsx":
            return None if openpyxl.load_workbook(io.BytesIO(body)).sheetnames else "a workbook without sheets"
        return None if any(name.startswith("charts/") for name in names) else "a pack without charts"
    if suffix == "csv":
        return None if body.decode("utf-8-sig").splitlines()[0].count(",") > 2 else "no CSV header"
    return f"unknown type {suffix}"
