"""Run a page of the app through Streamlit's AppTest, from the real entry point, with optional URL parameters.

In the app stage, not in `tests/`, because `make ledger` reads every page through it as the tests do.
"""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from kursk_brief.app.internals import lazy_expander_key
from kursk_brief.app.site import PAGES
from kursk_brief.words.escape import WORD_JOINER

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SCRIPT = next(page.script for page in PAGES if page.default)

TIMEOUT = 180
"""Generous: a page run on a loaded 2-core machine can take a minute; speed is measured by `make bench`, not here."""


def run_page(script: str, **params: str) -> AppTest:
    """Start at app.py (navigation, data check) and switch to `script`, as a user following a link would."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if script != DEFAULT_SCRIPT:
        at.switch_page(script).run()
    return at


def lazy_expander_keys(at: AppTest) -> list[str]:
    """The keys of the page's expanders whose content is sent only once they are open (`on_change="rerun"`).

    Such an expander has an id, `$$ID-<hash>-<key>`; a plain one has none.
    """
    return [key for expander in at.expander if (key := lazy_expander_key(expander.proto.id))]


def open_expanders(at: AppTest) -> AppTest:
    """Open every expander whose content is sent only once it is open, as a reader would, and run the page again.

    One without a key could not be opened from here, and its content would silently go unread: that fails, as does
    one left empty.
    """
    keys = lazy_expander_keys(at)
    assert "None" not in keys, "an expander filled only once opened needs a key, to be opened by the tests and ledger"
    for key in keys:
        at.session_state[key] = True
    if keys:
        at.run()
        assert all(expander.children for expander in at.expander if expander.proto.id), "an opened expander is empty"
    return at


def as_read(markdown: str) -> str:
    """What a reader sees of escaped markdown: backslash escapes resolved, the invisible word joiners dropped."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")
