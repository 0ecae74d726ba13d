"""The view lives in the URL: widgets bound to query parameters, notices for values no widget can take, a copy link.

Streamlit 1.67 binds a widget to the URL with `bind="query-params"`: its key is the parameter name, the label it
shows is the parameter value, a default value leaves the URL, and a value that is not an option is dropped from
the URL. Dropping silently would leave a colleague looking at another view than the sender meant, so every bound
widget goes through `UrlView.bind`, which first names any such value and lists the valid ones.

One Streamlit rule shapes the parameter names: a link to another page loses every parameter that the page it starts
from binds (Streamlit drops parameters bound on other pages during a page switch). A page therefore never binds a
name its own links carry; the Actors page picks its card with `card`, and its links carry `actor`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

import streamlit as st

from kursk_brief.app.site import PAGES
from kursk_brief.charts.geography import VIEWS
from kursk_brief.data.phrases import ALT_TEXT_LIMIT
from kursk_brief.words.escape import code_span, html_link

BIND = "query-params"
T = TypeVar("T")

_COPY_HTML = (
    '<div class="link"><button type="button" title="Copies the address of this page with its filters">'
    'Copy link to this view</button><output aria-live="polite"></output></div>'
)
_COPY_CSS = """
.link { display: flex; flex-direction: column; gap: 0.35rem; font-family: var(--st-font); }
button {
  font: inherit; font-size: 0.95rem; padding: 0.35rem 0.75rem; cursor: pointer; align-self: flex-start;
  color: var(--st-text-color); background: var(--st-background-color);
  border: 1px solid var(--st-border-color); border-radius: var(--st-button-radius, 0.5rem);
}
button:hover, button:focus-visible { border-color: var(--st-primary-color); color: var(--st-primary-color); }
output { font-size: 0.8rem; color: var(--st-text-color); overflow-wrap: anywhere; }
"""
# The address is read when the button is pressed, so it holds whatever the widgets last wrote into it. The
# clipboard API needs a secure context (localhost is one); elsewhere the address is shown selected for Ctrl+C.
_COPY_JS = """
export default function (component) {
  const { parentElement } = component;
  const button = parentElement.querySelector("button");
  const output = parentElement.querySelector("output");
  button.onclick = async () => {
    const url = window.location.href;
    try {
      await navigator.clipboard.writeText(url);
      output.textContent = "Copied: " + url;
    } catch (error) {
      output.textContent = url;
      const range = document.createRange();
      range.selectNodeContents(output);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      output.insertAdjacentText("afterbegin", "Press Ctrl+C to copy: ");
    }
  };
}
"""
_copy_link = st.components.v2.component("kursk_brief.copy_link", html=_COPY_HTML, css=_COPY_CSS, js=_COPY_JS)


def link_to_this_view() -> None:
    """A button that copies the page's current address, filters included (no script from any other host)."""
    _copy_link(key="copy-link", height="content")


_SCRIPTS = {page.url_path: page.script for page in PAGES}


@dataclass(frozen=True)
class PageLink:
    """A link to another page of the app with the parameters that set its view."""

    label: str
    url_path: str
    params: tuple[tuple[str, str], ...]

    @property
    def href(self) -> str:
        """The address relative to the page it is on (pages are siblings), percent-encoded: `timeline?actor=A%20B`."""
        return f"{self.url_path}?{urlencode(self.params, quote_via=quote)}"

    @property
    def script(self) -> str:
        """The page's script, which `st.switch_page` takes (a KeyError names a path `site.PAGES` does not have)."""
        return _SCRIPTS[self.url_path]


def actor_links(name: str) -> tuple[PageLink, ...]:
    """Where an actor is elsewhere: their events on the Timeline, their links on the strategic Map, their fact rows."""
    return (
        PageLink("Timeline", "timeline", (("actor", name),)),
        PageLink("Strategic map", "map", (("view", VIEWS[1]), ("actor", name))),
        PageLink("Facts", "facts", (("actor", name),)),
    )


def links_html(links: Sequence[PageLink]) -> str:
    """Links as one line of HTML: part of the card they end, where `st.page_link` would be one element each."""
    return " · ".join(html_link(link.label, link.href) for link in links)


# A plain link loads the app anew, as a new session. This listener turns a plain click on one of the page's own links
# (their addresses are its `data`) into a trigger, and Python switches page in this session; a click with a modifier
# key, a middle click or a link it was not given keeps the browser's own behaviour.
# Streamlit calls the function again when `data` changes (a filter) without the cleanup it returned, which only runs
# when the component leaves the page; so each call first ends the listener the last call added.
_FOLLOW_JS = """
let current;
export default function ({ data, setTriggerValue }) {
  current?.abort();
  const listening = new AbortController();
  current = listening;
  const hrefs = new Set(data);
  const follow = (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    if (!link || !hrefs.has(link.getAttribute("href"))) return;
    event.preventDefault();
    setTriggerValue("followed", link.getAttribute("href"));
  };
  document.addEventListener("click", follow, { capture: true, signal: listening.signal });
  return () => listening.abort();
}
"""
_follow = st.components.v2.component("kursk_brief.follow_links", js=_FOLLOW_JS)


def follow_links(links: Sequence[PageLink]) -> None:
    """Let the page's links to `links` open in this tab, with a page switch (fast, session kept).

    Call it before the links are drawn: on the run a click starts, the switch happens here. Only an address the page
    passed in is followed; anything else a browser might send is ignored. The listener draws nothing; it is mounted
    in the sidebar, where its empty slot opens no gap in the page.
    """
    with st.sidebar:
        hrefs = sorted({link.href for link in links})
        result = _follow(key="follow-links", data=hrefs, on_followed_change=_ignore)
    link = followed_link(links, result.followed)
    if link:
        st.switch_page(link.script, query_params=dict(link.params))


def followed_link(links: Sequence[PageLink], value: object) -> PageLink | None:
    """The link a click sent, if `value` is the address of one of `links`; a value from anywhere else gives None."""
    return next((link for link in links if isinstance(value, str) and value == link.href), None)


def _ignore() -> None:
    """A trigger needs a callback to be recorded; the value is read after the mount instead."""


def _forget_other_pages_value(key: str, options: Sequence[Any], many: bool) -> None:
    """Drop a value another page's widget left under this key when this widget cannot hold it.

    Pages share parameter names (`actor` is a single pick on the Timeline and the Map, a list on Facts; `kind` lists
    fact kinds on Facts and actor kinds on Actors), and Streamlit hands the new page's widget the value the last
    page's widget of that key had: a `None` where a list is due raised an error on Facts after the Timeline.
    """
    if key not in st.session_state:
        return
    value = st.session_state[key]
    if many:
        fits = isinstance(value, list) and all(v in options for v in value)
    else:
        fits = not isinstance(value, list) and (value is None or value in options)
    if not fits:
        del st.session_state[key]


class UrlView:
    """The URL parameters of one page: binds its widgets and shows, under the title, what in the URL was not used."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self._notices = st.container()

    def bind(
        self,
        widget: Callable[..., T],
        label: str,
        options: Sequence[Any],
        *,
        key: str,
        what: str,
        format_func: Callable[[Any], str] = str,
        **kwargs: Any,
    ) -> T:
        """A choice widget bound to `?key=`; a URL value that is none of its options gets a notice first.

        `widget` is any of `st.selectbox`, `st.multiselect`, `st.segmented_control`, `st.pills` (or a column's).
        """
        labels = [format_func(option) for option in options]
        invalid = [value for value in st.query_params.get_all(key) if value and value not in labels]
        if invalid:
            self.notice(key, invalid, f"names no {what} known here", labels)
        self.keys.append(key)
        _forget_other_pages_value(key, options, many=getattr(widget, "__name__", "") == "multiselect")
        return widget(label, options, key=key, bind=BIND, format_func=format_func, **kwargs)

    def pick_one(
        self, container: Any, label: str, names: Mapping[str, str], *, key: str, what: str, placeholder: str
    ) -> str | None:
        """An optional choice of one of `names` (id to display name) in a selectbox of `container` (`st` or a
        column), bound to `?key=` by display name, as an actor or place picker is on every page: the id, or None."""
        return self.bind(
            container.selectbox,
            label,
            list(names),
            key=key,
            what=what,
            format_func=names.__getitem__,
            index=None,
            placeholder=placeholder,
        )

    def text(self, widget: Callable[..., T], label: str, *, key: str, **kwargs: Any) -> T:
        """A free-text widget bound to `?key=`: any text is a valid value."""
        self.keys.append(key)
        return widget(label, key=key, bind=BIND, **kwargs)

    def day(self, widget: Callable[..., T], label: str, *, key: str, **kwargs: Any) -> T:
        """A date widget bound to `?key=`: a URL value that is not an ISO date (or lies past `max_value`) gets a
        notice naming it, and the widget its default, rather than being dropped unseen."""
        latest = kwargs.get("max_value")
        for value in st.query_params.get_all(key):
            try:
                day = date.fromisoformat(value)
            except ValueError:
                self.notice(key, [value], "is not a date (YYYY-MM-DD)", [])
                st.query_params.pop(key, None)
                continue
            if latest is not None and day > latest:
                self.notice(key, [value], f"is after the latest day the data has ({latest:%Y-%m-%d})", [])
                st.query_params.pop(key, None)
        return self.text(widget, label, key=key, format="YYYY-MM-DD", **kwargs)

    def reads(self, key: str) -> None:
        """`?key=` is read on this page though its widget is not drawn in this run (it is in a closed expander)."""
        self.keys.append(key)

    def notice(self, key: str, values: list[str], problem: str, valid: Sequence[str]) -> None:
        """A warning under the title naming the parameter, the values it could not use, and the valid values (the
        first `ALT_TEXT_LIMIT` of them, then how many more: a generated table may have thousands)."""
        shown = ", ".join(code_span(v) for v in values)
        listing = ", ".join(code_span(v) for v in valid[:ALT_TEXT_LIMIT])
        if len(valid) > ALT_TEXT_LIMIT:
            listing += f" and {len(valid) - ALT_TEXT_LIMIT:,} more"
        valid_values = f" Valid values: {listing}." if valid else ""
        self._notices.warning(
            f"URL parameter {code_span(key)}: {shown} {problem}; it is ignored.{valid_values}",
            icon=":material/link_off:",
        )

    def finish(self) -> None:
        """Name every URL parameter this page does not read, so a mistyped or misplaced one is never silently lost."""
        unknown = [key for key in st.query_params if key not in self.keys]
        if unknown:
            names = ", ".join(code_span(key) for key in unknown)
            pages = ", ".join(code_span(key) for key in self.keys) or "none"
            self._notices.warning(
                f"URL parameter {names} is not used on this page and is ignored. This page reads: {pages}.",
                icon=":material/link_off:",
            )
