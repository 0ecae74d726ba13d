"""After a lost connection, load the page again: the view comes back from its URL on whichever process now serves it.

Streamlit's frontend, once its websocket is back, asks for a script run only on its first connection. Behind
`make serve-replicas`, a user whose process died reconnects to another process, which has no session for them: the
page stayed on screen, frozen, until the next click, and a download button then asked for a file the new process
never made. The same holds after `make run` is restarted. A reload gives a new session that runs the page from its
URL (filters, slide, theme), so the user sees a short reconnect and the same view. What lives outside the URL (an
open expander, a picked Facts row) starts afresh, as after any reload.
"""

from __future__ import annotations

import streamlit as st

_RELOAD_JS = """
export default function () {
  if (window.__kbReloadOnReconnect) return;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return;
  window.__kbReloadOnReconnect = true;
  let lost = false;
  new MutationObserver(() => {
    const state = app.dataset.testConnectionState;
    if (state !== "CONNECTED") lost = true;
    else if (lost) window.location.reload();
  }).observe(app, { attributes: true, attributeFilter: ["data-test-connection-state"] });
}
"""
_reload = st.components.v2.component("kursk_brief.reload_on_reconnect", js=_RELOAD_JS)


def reload_on_reconnect() -> None:
    """Mount the watcher (it draws nothing; in the sidebar, where its empty slot opens no gap in the page)."""
    with st.sidebar:
        _reload(key="reload-on-reconnect")
