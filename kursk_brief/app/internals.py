"""Every use of Streamlit beyond its documented API, in one module, each with the reason and the version it was read
from (Streamlit 1.67.0, the version requirements.txt pins).

Where Streamlit offers a public way, the app uses it; these are the places where it does not. `tests/test_internals.py`
checks each one against the installed Streamlit, so an upgrade that changes one fails there, by name, rather than
silently in a page (a lost download, an admin message let through, a sidebar shown on the room screen).
"""

from __future__ import annotations

import logging
import threading

from streamlit import runtime

READ_FROM = "1.67.0"
"""The Streamlit version whose sources these uses were read from; the test fails on another one until re-read."""

# 1. Downloads that outlive other sessions' runs (no public API keeps a deferred download's file alive).
_pinning = threading.local()
SCRIPT_RUN_CONTEXT_LOGGER = "streamlit.runtime.scriptrunner_utils.script_run_context"
logging.getLogger(SCRIPT_RUN_CONTEXT_LOGGER).addFilter(lambda record: not getattr(_pinning, "active", False))


def pin_download(data: bytes, mime: str, slot: str, file_name: str) -> None:
    """Give the file Streamlit is about to serve for a deferred download a reference that outlives other sessions' runs.

    Streamlit 1.67 stores a deferred download's result with no session referencing it
    (runtime/media_file_manager.py `execute_deferred`), and the orphan sweep that follows every script run of any
    session (`remove_orphaned_files`, called from script_runner.py `_on_script_finished`) marks such a file on its
    first pass and deletes it on the second, often before the browser fetches it: with 10 to 20 users, one export in
    five came back as a 404. A stored file is identified by its bytes, type and name
    (memory_media_file_storage.py `_calculate_file_id`), so adding the same bytes under `slot` (the caller takes one
    of a fixed number in turn) references the very file Streamlit then hands out, until the slot is reused.
    The call runs outside any script run, as a deferred download does: the "missing ScriptRunContext" warning it
    would log is filtered while it runs.
    """
    if not runtime.exists():
        return
    _pinning.active = True
    try:
        runtime.get_instance().media_file_mgr.add(data, mime, slot, file_name, is_for_static_download=True)
    finally:
        _pinning.active = False


# 2. What a browser's websocket message asks for (the server gate drops the admin ones; Streamlit has no hook).
def back_message_kind(data: bytes) -> str | None:
    """The kind of a browser-to-server message (`rerun_script`, `clear_cache`, ...), from Streamlit's `BackMsg`
    protobuf (proto/BackMsg_pb2, its `type` oneof); None when the bytes are not one."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    try:
        return BackMsg.FromString(data).WhichOneof("type")
    except Exception:  # not ours to judge: Streamlit reports malformed messages itself
        return None


# 3. Streamlit's page chrome, hidden or restyled on the room screen (no public option hides the header and sidebar
#    of one page only). `data-testid` values and the `st*` classes are Streamlit's markup, not an API.
CHROME_TEST_IDS = (
    "stAppViewContainer",
    "stMain",
    "stHeader",
    "stSidebar",
    "stExpandSidebarButton",
    "stToolbar",
    "stMainBlockContainer",
    "stPagination",
)
CHROME_CLASSES = ("stApp", "stElementContainer", "stVerticalBlock")


def present_chrome_css(background: str, ink: str) -> str:
    """The Present page's rules for Streamlit's own markup: no header, sidebar or toolbar, the slide on the whole
    screen in the theme's colours, the footer at the bottom, the pagination in the theme's ink."""
    return f"""<style>
.stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] {{ background: {background}; color: {ink}; }}
[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stExpandSidebarButton"], [data-testid="stToolbar"],
div:has(> .st-key-kb-keys) {{ display: none !important; }}
[data-testid="stMainBlockContainer"] {{ padding: 12px 40px 8px; max-width: none; }}
.st-key-kb-slide > .stElementContainer:has(.kb-footer) {{ margin-top: auto; }}
div.stVerticalBlock.st-key-kb-chart {{ flex: 0 0 auto; height: calc(100vh - 230px); min-height: 300px; }}
[data-testid="stPagination"], [data-testid="stPagination"] * {{ color: {ink}; }}
[data-testid="stPagination"] button {{ font-size: 22px; }}
[data-testid="stPagination"] button[aria-current="page"] {{ background: {ink}; }}
[data-testid="stPagination"] button[aria-current="page"], [data-testid="stPagination"] button[aria-current="page"] * {{
  color: {background}; }}
[data-testid="stPagination"] svg {{ fill: {ink}; color: {ink}; }}
</style>"""


# 4. AppTest: which expanders send their content only once opened (AppTest exposes no such property).
def lazy_expander_key(element_id: str) -> str | None:
    """The key of an expander whose content is sent only once it is open (`on_change="rerun"`), from its element id
    `$$ID-<hash>-<key>` (elements/lib/utils.py `compute_and_register_element_id`); None for a plain expander, which
    has no id."""
    return element_id.split("-", 2)[2] if element_id else None
