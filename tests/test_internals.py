"""Each use of Streamlit beyond its documented API (`kursk_brief/app/internals.py`), checked against the installed
Streamlit: an upgrade that renames or removes what the app relies on fails here, by name."""

from __future__ import annotations

import importlib.util
import inspect
import re
from pathlib import Path

import streamlit
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from kursk_brief.app import internals
from kursk_brief.app.serve import ADMIN_MESSAGES

FRONTEND = Path(streamlit.__file__).parent / "static" / "static" / "js"


def test_the_uses_were_read_from_the_installed_streamlit() -> None:
    assert streamlit.__version__ == internals.READ_FROM, (
        f"Streamlit {streamlit.__version__} is installed; internals.py was read from {internals.READ_FROM}: "
        "re-read each use against the new sources, then update READ_FROM"
    )


def test_download_pinning_calls_the_media_file_manager_as_it_is() -> None:
    parameters = list(inspect.signature(MediaFileManager.add).parameters)
    assert parameters[:5] == ["self", "path_or_data", "mimetype", "coordinates", "file_name"], parameters
    assert "is_for_static_download" in parameters
    assert hasattr(MediaFileManager, "execute_deferred") and hasattr(MediaFileManager, "remove_orphaned_files"), (
        "the deferred download and orphan sweep that make pinning necessary have changed: is it still needed?"
    )
    assert importlib.util.find_spec(internals.SCRIPT_RUN_CONTEXT_LOGGER) is not None


def test_the_gate_reads_admin_messages_from_the_back_message_protobuf() -> None:
    kinds = {field.name for field in BackMsg.DESCRIPTOR.oneofs_by_name["type"].fields}
    assert set(ADMIN_MESSAGES) <= kinds, kinds
    for kind in ADMIN_MESSAGES:
        assert internals.back_message_kind(BackMsg(**{kind: True}).SerializeToString()) == kind
    assert internals.back_message_kind(BackMsg(rerun_script={}).SerializeToString()) == "rerun_script"
    assert internals.back_message_kind(b"\xff\xff not a message") is None


def test_the_present_chrome_names_markup_streamlit_still_draws() -> None:
    """Each test id and class the Present rules name appears in Streamlit's frontend code: a renamed one would leave
    the sidebar or header on the room screen without any error."""
    bundle = "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in FRONTEND.glob("*.js"))
    quoted = set(re.findall(r"[`\"']([A-Za-z]+)[`\"' ]", bundle))
    missing = [name for name in (*internals.CHROME_TEST_IDS, *internals.CHROME_CLASSES) if name not in quoted]
    assert missing == [], f"not in Streamlit {streamlit.__version__}'s frontend: {missing}"
    css = internals.present_chrome_css("#ffffff", "#000000")
    assert all(name in css for name in (*internals.CHROME_TEST_IDS, *internals.CHROME_CLASSES))


def test_an_expander_that_loads_when_opened_has_the_id_the_harness_reads() -> None:
    at = AppTest.from_string(
        'import streamlit as st\nwith st.expander("Lazy", key="lazy-one", on_change="rerun"):\n    st.write("x")\n'
        'with st.expander("Plain"):\n    st.write("y")\n'
    ).run()
    assert [internals.lazy_expander_key(e.proto.id) for e in at.expander] == ["lazy-one", None]
