"""A link always reproduces the view, and a reader finds the common answers from the Overview in two clicks or fewer.

For each page: every bound widget is changed as a user would, the resulting address is opened in a fresh browser
context (no session, no cookies) and must show the same view; each widget is then cleared and its parameter must
leave the address; invalid values and unknown parameters must be named in a notice, never dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from kursk_brief.charts.timeline import PRESETS
from kursk_brief.data.load import load_brief
from kursk_brief.data.queries import actor_names
from kursk_brief.out.export import SIZES
from kursk_brief.words.escape import WORD_JOINER
from tests.browser.watch import exception_boxes, open_view, runs_ended, screenshot, settled, watched_page
from tests.browser.wsclient import Session
from tests.paths import DATA

pytestmark = pytest.mark.browser

SIZE, DEFAULT_SIZE = SIZES[1].label, SIZES[0].label
BRIEF = load_brief(DATA)
BRIEF_NAMES = actor_names(BRIEF)
MAP_ACTOR = "Actor (strategic view: their links in colour, the rest in grey)"
DOWNLOADS = "Download this chart"


@dataclass(frozen=True)
class Step:
    """One bound widget: how to set it, the URL parameter it writes, and how to clear it again."""

    kind: str
    """`choose` (selectbox or multiselect), `press` (segmented control or pills) or `type` (text input)."""
    label: str
    option: str
    param: str
    clear_to: str | None = None
    """For a widget with a default (segmented control, size): the default option, which is how a reader clears it."""
    expander: str | None = None


CHART_SIZE = Step("choose", "Image size", SIZE, "size", clear_to=DEFAULT_SIZE, expander=DOWNLOADS)
"""The image size of a page's chart download: the last step on every page with a chart."""

PAGES = {
    "map": (
        "Map",
        [
            Step("press", "View", "Strategic", "view", clear_to="Operational"),
            Step("choose", MAP_ACTOR, "Sergey Lavrov", "actor"),
            Step("choose", "Facts at place", "Moscow", "place"),
            CHART_SIZE,
        ],
    ),
    "timeline": (
        "Timeline",
        [
            Step("press", "Range", PRESETS[1], "range", clear_to=PRESETS[0]),
            Step("choose", "Actor", "Sergey Lavrov", "actor"),
            Step("choose", "Place", "Moscow", "place"),
            CHART_SIZE,
        ],
    ),
    "actors": (
        "Actors",
        [
            Step("choose", "Show one actor's card", "Sergey Lavrov", "card"),
            Step("choose", "Country", "Russia", "country"),
            Step("choose", "Kind of actor", "person", "kind"),
            Step("choose", "Topic", "partnership", "topic"),
            CHART_SIZE,
        ],
    ),
    "facts": (
        "Facts",
        [
            Step("type", "Search", "Lavrov", "q"),
            Step("choose", "Kind", "statement", "kind"),
            Step("choose", "Status", "CLAIMED", "status"),
            Step("choose", "Actor", "Sergey Lavrov", "actor"),
            Step("choose", "Place", "Moscow", "place"),
            Step("choose", "Paragraph (¶)", "11", "para"),
            Step("type", "Fact shown in full (id)", "lavrov_praise", "fact"),
        ],
    ),
    "export": ("Export", [Step("choose", "Image size", SIZE, "size", clear_to=DEFAULT_SIZE)]),
}


CHARTS = {"map": 1, "timeline": 1, "actors": 1, "facts": 0, "export": 0}

# A chart's words as a reader reads them: the lines of a wrapped label joined by spaces, labels apart.
READ_CHART = """plot => [...plot.querySelectorAll('text')].map(t => {
    const lines = [...t.querySelectorAll('tspan.line')];
    return lines.length ? lines.map(l => l.textContent).join(' ') : t.textContent;
}).join(' | ')"""


def params(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query, keep_blank_values=True)


def wait_for_param(page: Page, param: str, *, present: bool, timeout_ms: int = 30_000) -> None:
    """Streamlit rewrites the address in place (no navigation), so the address itself is watched."""
    page.wait_for_function(
        "([name, present]) => new URLSearchParams(location.search).has(name) === present",
        arg=[param, present],
        timeout=timeout_ms,
    )


def settle(page: Page, after: int | None = None) -> None:
    """Until no run is in progress, no element of an earlier run is shown and every chart is drawn; with `after`
    (`runs_ended` before an action), until the run the action started has ended too."""
    settled(page, after=after, timeout_ms=60_000)


def show(page: Page, url: str, heading: str) -> None:
    open_view(page, url, heading)
    settle(page)


def view_state(page: Page, charts: int) -> dict:
    """What the reader sees: the page's text (charts' SVG text included) and every widget's shown value.

    Left out of the text: expanders (whether one is open is not part of the view) and tables (a table draws only the
    cells in sight, at column widths fitted to the rows it first showed); the line above each table counts its rows.
    """
    page.wait_for_function(
        "n => document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg .gtitle').length === n",
        arg=charts,
        timeout=60_000,
    )
    settle(page)
    return page.evaluate(
        """() => {
        const main = document.querySelector('[data-testid="stMain"]');
        const inputs = [...main.querySelectorAll('input[aria-label]')].map(i => [i.getAttribute('aria-label'), i.value]);
        const pressed = [...main.querySelectorAll('[role=radio][aria-checked=true]')].map(
            r => [r.closest('[role=radiogroup]').getAttribute('aria-label'), r.innerText]);
        const copy = main.cloneNode(true);
        copy.querySelectorAll('[data-testid="stExpander"], [data-testid="stDataFrame"], style, script')
            .forEach(e => e.remove());
        return {text: copy.textContent, inputs, pressed};
    }"""
    )


def open_expander(page: Page, title: str) -> None:
    expander = page.locator('[data-testid="stExpander"] details', has_text=title).first
    if expander.get_attribute("open") is None:
        expander.locator("summary").click()
        expander.locator('[data-testid="stExpanderDetails"] [data-testid="stElementContainer"]').first.wait_for()
        settle(page)


def field(page: Page, label: str):
    """The selectbox or multiselect whose input carries `label`."""
    return page.locator('[data-testid="stSelectbox"], [data-testid="stMultiSelect"]').filter(
        has=page.get_by_role("combobox", name=label, exact=True)
    )


def apply(page: Page, step: Step) -> None:
    if step.expander:
        open_expander(page, step.expander)
    before = runs_ended(page)
    if step.kind == "choose":
        pick(page, step.label, step.option, step.param)
    elif step.kind == "press":
        page.get_by_role("radiogroup", name=step.label).get_by_role("radio", name=step.option, exact=True).click()
    else:
        box = page.get_by_role("textbox", name=step.label, exact=True)
        box.fill(step.option)
        box.press("Enter")
    wait_for_param(page, step.param, present=True)
    settle(page, before)


def pick(page: Page, label: str, option: str, param: str, *, present: bool = True, attempts: int = 3) -> None:
    """Open a selectbox or multiselect and click the option; a rerun still drawing can close the list, so retry."""
    for attempt in range(attempts):
        box = page.get_by_role("combobox", name=label, exact=True)
        box.click()
        if box.get_attribute("aria-expanded") != "true":
            box.press("ArrowDown")  # the list sometimes stays shut after a click; the keyboard opens it
        box.fill(option)  # typing filters the list, so an option below the fold of a long list is drawn
        page.get_by_role("option", name=option, exact=True).click(timeout=10_000)
        if field(page, label).get_attribute("data-testid") == "stMultiSelect":
            box.press("Escape")  # a multiselect's list stays open after a pick; a selectbox's closes by itself
        try:
            wait_for_param(page, param, present=present, timeout_ms=10_000)
            return
        except PlaywrightTimeoutError:
            if attempt == attempts - 1:
                raise
            settle(page)


def clear(page: Page, step: Step) -> None:
    """Undo a step as a reader would: the clear button, the default option, or the chosen pill pressed again."""
    if step.expander:
        open_expander(page, step.expander)
    before = runs_ended(page)
    if step.kind == "choose" and step.clear_to:
        pick(page, step.label, step.clear_to, step.param, present=False)
    elif step.kind == "choose":
        field(page, step.label).get_by_role("button", name=re.compile("^Clear (value|all)$")).click()
    elif step.kind == "press":
        target = step.clear_to or step.option
        page.get_by_role("radiogroup", name=step.label).get_by_role("radio", name=target, exact=True).click()
    else:
        box = page.get_by_role("textbox", name=step.label, exact=True)
        box.fill("")
        box.press("Enter")
    wait_for_param(page, step.param, present=False)
    settle(page, before)


@pytest.mark.parametrize("path", list(PAGES))
def test_each_bound_widget_reproduces_the_view_from_its_url_and_clears(server, browser, path) -> None:
    heading, steps = PAGES[path]
    with watched_page(browser) as (page, watch):
        show(page, f"{server.url}/{path}", heading)
        assert params(page) == {}
        for step in steps:
            apply(page, step)
            assert params(page)[step.param] == [step.option], step
        assert set(params(page)) == {step.param for step in steps}
        shared, seen = page.url, view_state(page, CHARTS[path])
        screenshot(page, f"url-{path}-set")

        with watched_page(browser) as (fresh, fresh_watch):
            show(fresh, shared, heading)
            assert fresh.url == shared, "opening the link must not rewrite it"
            reopened = view_state(fresh, CHARTS[path])
            assert reopened["inputs"] == seen["inputs"] and reopened["pressed"] == seen["pressed"]
            assert reopened["text"] == seen["text"]
            assert fresh_watch.external == [] and exception_boxes(fresh) == 0

        for step in steps:
            clear(page, step)
        assert params(page) == {}, "every cleared filter leaves the address"
        assert watch.external == [] and exception_boxes(page) == 0 and watch.real_console_errors() == []


INVALID = {
    "overview": ("Kursk Brief", "", {}),
    "map": ("Map", "map", {"view": "Satellite", "actor": "lavrov", "place": "Atlantis", "size": "huge"}),
    "timeline": ("Timeline", "timeline", {"range": "Last year", "actor": "lavrov", "place": "Atlantis"}),
    "actors": ("Actors", "actors", {"card": "Kim Jong Un", "country": "Mars", "kind": "robot", "topic": "weather"}),
    "facts": ("Facts", "facts", {"kind": "rumour", "status": "CONFIRMED", "actor": "kim", "place": "x", "para": "99"}),
    "export": ("Export", "export", {"size": "huge"}),
}


@pytest.mark.parametrize("name", list(INVALID))
def test_invalid_values_and_unknown_parameters_get_a_notice_listing_valid_ones(server, browser_page, name) -> None:
    page, watch = browser_page
    heading, path, bad = INVALID[name]
    query = "&".join([*(f"{key}={value.replace(' ', '+')}" for key, value in bad.items()), "colour=blue"])
    show(page, f"{server.url}/{path}?{query}", heading)
    notices = page.locator('[data-testid="stAlert"]').all_inner_texts()
    screenshot(page, f"url-{name}-invalid")
    for key, value in bad.items():
        assert any(f"URL parameter {key}: {value} names" in n and "Valid values:" in n for n in notices), (key, notices)
    assert any("URL parameter colour is not used on this page" in n for n in notices), notices
    assert set(params(page)) == {"colour"}, "invalid values leave the address; the unknown name is left and named"
    assert watch.external == [] and exception_boxes(page) == 0


def card_link(page: Page, label: str) -> Locator:
    """A link on a card, by the words it shows."""
    return page.locator(".kb-card a", has_text=label)


def mark_session(page: Page) -> None:
    """Mark this page load: a link that reloads the app (a new session) loses the mark, a page switch keeps it."""
    page.evaluate("() => { window.kbSameSession = true; }")


def same_session(page: Page) -> bool:
    return page.evaluate("() => window.kbSameSession === true")


def test_actor_links_open_where_the_actor_is_in_the_same_tab(server, browser_page) -> None:
    page, watch = browser_page
    show(page, f"{server.url}/actors?card=Sergey+Lavrov", "Actors")
    mark_session(page)
    assert [card_link(page, label).get_attribute("href") for label in ("Timeline", "Strategic map", "Facts")] == [
        "timeline?actor=Sergey%20Lavrov",
        "map?view=Strategic&actor=Sergey%20Lavrov",
        "facts?actor=Sergey%20Lavrov",
    ]

    card_link(page, "Strategic map").click()
    page.get_by_role("heading", name="Map", exact=True).wait_for()
    settle(page)
    assert len(page.context.pages) == 1, "the link opens in the same tab"
    assert same_session(page), "as a page switch in this session, not a reload"
    assert params(page) == {"view": ["Strategic"], "actor": ["Sergey Lavrov"]}
    assert page.get_by_role("combobox", name=MAP_ACTOR, exact=True).input_value() == "Sergey Lavrov"
    page.locator(".js-plotly-plot .gtitle", has_text="Who is linked to whom: Sergey Lavrov").first.wait_for()
    assert page.get_by_text("2 facts naming Sergey Lavrov").is_visible()
    screenshot(page, "url-actor-link-map")

    show(page, f"{server.url}/actors?card=Sergey+Lavrov", "Actors")
    mark_session(page)
    card_link(page, "Timeline").focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Timeline", exact=True).wait_for()
    settle(page)
    assert params(page) == {"actor": ["Sergey Lavrov"]} and len(page.context.pages) == 1
    assert same_session(page), "a link followed from the keyboard switches page too"
    assert page.get_by_text("1 of 10 events: involving Sergey Lavrov").is_visible()
    page.locator(".js-plotly-plot .gtitle", has_text="Timeline: Sergey Lavrov").first.wait_for()
    screenshot(page, "url-actor-link-timeline")
    assert watch.external == [] and exception_boxes(page) == 0


def test_an_actor_link_clicked_with_ctrl_opens_a_new_tab_at_that_view(server, browser_page) -> None:
    """A reader's own way to open a link beside the page is left alone; the address alone gives the view."""
    page, watch = browser_page
    show(page, f"{server.url}/actors?card=Sergey+Lavrov", "Actors")
    with page.context.expect_page() as opened:
        card_link(page, "Facts").click(modifiers=["Control"])
    tab = opened.value
    tab.get_by_role("heading", name="Facts", exact=True).wait_for(timeout=60_000)
    settle(tab)
    assert params(tab) == {"actor": ["Sergey Lavrov"]}
    assert page.get_by_role("heading", name="Actors", exact=True).is_visible(), "the Actors page stays where it was"
    tab.close()
    assert watch.external == [] and exception_boxes(page) == 0


def capture_click_listeners(page: Page) -> int:
    """Click listeners on the document in its capture phase: Streamlit's own, and the card links' follower."""
    cdp = page.context.new_cdp_session(page)
    document = cdp.send("Runtime.evaluate", {"expression": "document"})["result"]["objectId"]
    listeners = cdp.send("DOMDebugger.getEventListeners", {"objectId": document})["listeners"]
    cdp.detach()
    return sum(listener["type"] == "click" and listener["useCapture"] for listener in listeners)


def test_card_links_keep_one_listener_while_filtered_and_leave_none_behind(server, browser_page) -> None:
    """Each filter change hands the follower new addresses; the listener it replaces must go, or clicks multiply."""
    page, watch = browser_page
    show(page, f"{server.url}/map", "Map")
    without = capture_click_listeners(page)
    page.locator('[data-testid="stSidebarNavLink"]', has_text="Actors").click()
    page.get_by_role("heading", name="Actors", exact=True).wait_for()
    settle(page)
    assert capture_click_listeners(page) == without + 1
    for kind in ("person", "state"):
        before = runs_ended(page)
        pick(page, "Kind of actor", kind, "kind")
        settle(page, before)
        page.get_by_role("option").first.wait_for(state="detached")  # an open list listens to clicks outside it
        assert capture_click_listeners(page) == without + 1, f"after picking {kind}"
    assert params(page) == {"kind": ["person", "state"]}
    mark_session(page)
    card_link(page, "Timeline").first.click()
    page.get_by_role("heading", name="Timeline", exact=True).wait_for()
    settle(page)
    assert params(page) == {"actor": ["United States"]} and len(page.context.pages) == 1 and same_session(page)
    assert capture_click_listeners(page) == without, "leaving the page removes the follower's listener"
    assert watch.external == [] and exception_boxes(page) == 0


def test_a_row_picked_in_the_facts_table_is_shown_in_full_and_linked(server, browser_page) -> None:
    page, _ = browser_page
    show(page, f"{server.url}/facts?kind=number", "Facts")
    table = page.locator('[data-testid="stDataFrame"]').first
    box = table.bounding_box()
    before = runs_ended(page)
    page.mouse.click(box["x"] + 15, box["y"] + 35 + 17)  # the selection cell of the first row
    wait_for_param(page, "fact", present=True)
    settle(page, before)
    assert params(page)["fact"] == ["troops_in_kursk"]
    summary = (
        "Top US officials announced that roughly 8,000 North Korean soldiers are now based in Russia's Kursk region."
    )
    assert page.locator('[data-testid="stMarkdownContainer"]').get_by_text(summary, exact=True).is_visible()
    screenshot(page, "url-facts-detail")


def test_copy_link_copies_the_current_view(server, browser) -> None:
    with watched_page(browser, permissions=["clipboard-read", "clipboard-write"]) as (page, watch):
        show(page, f"{server.url}/timeline", "Timeline")
        apply(page, PAGES["timeline"][1][0])
        page.get_by_role("button", name="Copy link to this view").click()
        page.get_by_text("Copied: ").wait_for()
        assert page.evaluate("() => navigator.clipboard.readText()") == page.url
        assert "range=Around+the+announcement" in page.url
        assert watch.external == []


def as_read(text: str) -> str:
    """Text as a reader sees it: the invisible word joiners that keep escaped text from autolinking dropped."""
    return text.replace(WORD_JOINER, "")


def click(page: Page, name: str, clicks: list[str]) -> None:
    """A counted click on the link that reads `name`, as a reader makes it."""
    links = page.locator('[data-testid="stPageLink-NavLink"]')
    label = '[data-testid="stMarkdownContainer"]'  # the link's words, without its icon's ligature name
    (link,) = [link for link in links.all() if as_read(link.locator(label).inner_text()).strip() == name]
    clicks.append(name)
    link.click()


def overview(server, page: Page) -> str:
    show(page, f"{server.url}/", "Kursk Brief")
    return as_read(page.locator('[data-testid="stMain"]').inner_text())


def test_journey_how_many_troops_in_kursk_who_says_so_how_sure(server, browser_page) -> None:
    page, _ = browser_page
    clicks: list[str] = []
    overview(server, page)
    text = as_read(
        page.locator('[data-testid="stColumn"]', has_text="North Korean troops in the Kursk region").first.inner_text()
    )
    assert "8,000" in text and "CLAIMED · approximately" in text
    assert f"Given by: {BRIEF_NAMES['us_officials']} · Alliance News, 1 Nov 2024, ¶1, ¶4" in text
    assert len(clicks) == 0


def test_journey_what_lavrov_said(server, browser_page) -> None:
    page, _ = browser_page
    clicks: list[str] = []
    overview(server, page)
    click(page, "Sergey Lavrov: 1 statement", clicks)
    page.get_by_role("heading", name="Actors", exact=True).wait_for()
    settle(page)
    main = as_read(page.locator('[data-testid="stMain"]').inner_text())
    assert "1 of 19 actors" in main and "Lavrov praised the ties between North Korea's and Russia's" in main
    assert "“very close contacts”" in main and "Alliance News, 1 Nov 2024, ¶11" in main
    screenshot(page, "journey-lavrov")
    assert len(clicks) <= 2


def test_journey_what_china_said(server, browser_page) -> None:
    page, _ = browser_page
    clicks: list[str] = []
    overview(server, page)
    click(page, "China: no statement in the report", clicks)
    page.get_by_role("heading", name="Actors", exact=True).wait_for()
    settle(page)
    main = as_read(page.locator('[data-testid="stMain"]').inner_text())
    silence = BRIEF.facts.set_index("fact_id").loc["china_silence", "summary"]
    assert "1 of 19 actors" in main and f"No statement by this actor is in the report. {silence}" in main
    assert "called on China" in main and "¶13" in main
    screenshot(page, "journey-china")
    assert len(clicks) <= 2


def test_journey_what_is_expected_next_and_when(server, browser_page) -> None:
    page, _ = browser_page
    clicks: list[str] = []
    text = overview(server, page)
    assert "The report's words: “within days” · assumed window: 31 Oct – 7 Nov 2024" in text
    assert "The report's words: “soon” · assumed window: 1 Nov – 15 Nov 2024" in text
    click(page, "See these windows on the timeline", clicks)
    page.get_by_role("heading", name="Timeline", exact=True).wait_for()
    settle(page)
    pressed = page.get_by_role("radiogroup", name="Range").get_by_role("radio", name=PRESETS[1], exact=True)
    assert pressed.get_attribute("aria-checked") == "true"
    page.wait_for_function("() => document.querySelector('.js-plotly-plot')?.layout?.xaxis?.range")
    chart = page.locator(".js-plotly-plot").first
    low, high = chart.evaluate("plot => plot.layout.xaxis.range")
    assert low[:10] <= "2024-10-31" and high[:10] >= "2024-11-16", "both windows are on the axis whole"
    text = chart.evaluate(READ_CHART)
    assert (
        "'within days': assumed 2024-10-31 to 2024-11-07" in text and "'soon': assumed 2024-11-01 to 2024-11-15" in text
    )
    screenshot(page, "journey-expected")
    assert len(clicks) <= 2


def test_a_parameter_name_shared_by_two_kinds_of_picker_survives_the_page_switch(server) -> None:
    """`actor` is a single pick on the Timeline and the Map and a list on Facts; `kind` lists actor kinds on Actors
    and fact kinds on Facts. Going from one page to the other (as the sidebar does: a rerun on the new page, over
    the websocket) must neither raise nor hand the new picker a value it cannot hold."""
    session = Session(server.url)
    try:
        for first, then in [("timeline", "facts"), ("map", "facts"), ("facts", "map"), ("actors", "facts")]:
            assert session.open(first).exceptions == []
            shown = session.open(then)
            assert shown.exceptions == [], f"{first} then {then}: {shown.exceptions}"
            assert shown.markdown, f"{first} then {then}: nothing shown"
    finally:
        session.close()
