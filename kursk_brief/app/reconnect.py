"""After a lost connection, load the page again: the view comes back from its URL on whichever process now serves it.

Streamlit's frontend, once its websocket is back, asks for a script run only on its first connection. Behind
`make serve-replicas`, a user whose process died reconnects to another process, which has no session for them: the
page stayed on screen, frozen, until the next click, and a download button then asked for a file the new process
never made. The same holds after `make run` is restarted. A reload gives a new session that runs the page from its
URL (filters, slide, theme), so the user sees a short reconnect and the same view. What lives outside the URL (an
open expander, a picked Facts row) starts afresh, as after any reload. A reconnect to the same process (a network
blip, a busy machine) keeps its session, so the page asks the server which process it reached (`process.PROCESS_PATH`)
and reloads only when it is another one: reloading on every reconnect lost open expanders and picks under load.
"""

from __future__ import annotations

import streamlit as st

from kursk_brief.app.process import PROCESS_PATH, PROCESS_TOKEN

_RELOAD_JS = """
let watching = null;
export default function ({ data }) {
  if (watching) return;  // one watcher per page; the process token never changes while the page is loaded
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return;
  watching = { process: data.process };
  let lost = false;
  const observer = new MutationObserver(async () => {
    const state = app.dataset.testConnectionState;
    if (state !== "CONNECTED") { lost = true; return; }
    if (!lost) return;
    lost = false;
    try {  // reconnected: to the same process (the session was kept) or to another one (it was not)
      const answer = await fetch(data.path, { cache: "no-store" });
      if (answer.ok && (await answer.text()) !== watching.process) window.location.reload();
    } catch (error) { /* no answer: leave the page as it is */ }
  });
  observer.observe(app, { attributes: true, attributeFilter: ["data-test-connection-state"] });
}
"""
_reload = st.components.v2.component("kursk_brief.reload_on_reconnect", js=_RELOAD_JS)


def reload_on_reconnect() -> None:
    """Mount the watcher with this process's token (it draws nothing; in the sidebar, where its empty slot opens no
    gap in the page)."""
    with st.sidebar:
        _reload(key="reload-on-reconnect", data={"process": PROCESS_TOKEN, "path": PROCESS_PATH})
