"""The Present view's keys: a clicker's presses counted in the browser, so that N presses move N slides.

With one button per key (`st.button(shortcut=...)`), each press asked the server for "one more"; presses that came
while a run was still going were folded into one request, and three PageDown presses 80 ms apart landed on slide 2.
Here the browser keeps the slide it is heading for and sends that number, with a count of the presses sent: a press
that arrives mid-run changes the number the next run goes to, so none is lost, and a slide reached by the pagination
(a click on its numbers) becomes the starting point once every press has been taken.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

STEPS = {"ArrowRight": 1, "PageDown": 1, " ": 1, "ArrowLeft": -1, "PageUp": -1}
"""Key (`KeyboardEvent.key`) -> slides moved; Home and End go to the first and last. A clicker sends PageDown and
PageUp (some send the arrows)."""

_KEYS_JS = """
let state = null;
export default function ({ data, setStateValue }) {
  const { slide, total, taken, steps } = data;
  if (!state) {
    state = { mount: Math.random().toString(36).slice(2), target: slide, sent: 0 };
  }
  // Every press this mount sent has been taken by a run: the slide shown is where to go on from.
  if (state.sent === 0 || (taken && taken.mount === state.mount && taken.sent >= state.sent)) state.target = slide;
  state.total = total;
  const listening = new AbortController();
  state.listening?.abort();
  state.listening = listening;
  const press = (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
    const target = event.target instanceof Element ? event.target : null;
    if (target && target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']")) return;
    let next;
    if (event.key in steps) next = state.target + steps[event.key];
    else if (event.key === "Home") next = 1;
    else if (event.key === "End") next = state.total;
    else return;
    event.preventDefault();
    state.target = Math.min(Math.max(next, 1), state.total);
    state.sent += 1;
    setStateValue("target", { slide: state.target, mount: state.mount, sent: state.sent });
  };
  document.addEventListener("keydown", press, { capture: true, signal: listening.signal });
  return () => { listening.abort(); state = null; };
}
"""
_keys = st.components.v2.component("kursk_brief.slide_keys", js=_KEYS_JS)
KEY = "kb-keys-listener"
_TAKEN = "kb-keys-taken"
"""Session-state key: the mount and press count of the last target a run took, echoed to the browser."""


def slide_keys(container: DeltaGenerator, slide: int, total: int, go_to: Callable[[int], None]) -> None:
    """Listen for the slide keys on the whole page; each change of the target calls `go_to` before the next run draws
    the pagination. `slide` is the slide shown; the browser starts from it once it has no press outstanding."""

    def take() -> None:
        target = st.session_state[KEY].get("target") or {}
        if isinstance(target.get("slide"), int):
            st.session_state[_TAKEN] = {"mount": target.get("mount"), "sent": target.get("sent")}
            go_to(target["slide"])

    with container:
        _keys(
            key=KEY,
            data={"slide": slide, "total": total, "taken": st.session_state.get(_TAKEN), "steps": STEPS},
            on_target_change=take,
        )
