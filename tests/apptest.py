"""Run a page of the app through Streamlit's AppTest, from the real entry point, with optional URL parameters."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from kursk_brief.text import WORD_JOINER
from tests.conftest import ROOT

TIMEOUT = 180
"""Generous: a page run on a loaded 2-core machine can take a minute; speed is measured by `make bench`, not here."""


def run_page(script: str, **params: str) -> AppTest:
    """Start at app.py (navigation, data check) and switch to `script`, as a user following a link would."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if script != "pages/overview.py":
        at.switch_page(script).run()
    return at


def open_expanders(at: AppTest) -> AppTest:
    """Open every expander whose content is sent only once it is open, as a reader would, and run the page again.

    Such an expander is keyed (`on_change="rerun"`), and only a keyed one has an id: `$$ID-<hash>-<key>`.
    """
    keys = [expander.proto.id.split("-", 2)[2] for expander in at.expander if expander.proto.id]
    for key in keys:
        at.session_state[key] = True
    return at.run() if keys else at


def as_read(markdown: str) -> str:
    """What a reader sees of escaped markdown: backslash escapes resolved, the invisible word joiners dropped."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")
