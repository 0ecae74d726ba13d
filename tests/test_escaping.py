"""The escaping boundary: hostile text in every free-text cell stays text on every page and in every export.

The fixture (tests/hostile.py) replaces every free-text cell of a copy of the data with every injection family.
Each check is shown to fail on unescaped input first (the `*_catches_*` tests), so a pass means something.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote

import lxml.html
import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from kursk_brief.app.harness import as_read, lazy_expander_keys, open_expanders, run_page
from kursk_brief.app.urls import actor_links, followed_link, links_html
from kursk_brief.charts.look import SCREEN
from kursk_brief.charts.registry import registry
from kursk_brief.data.brief import Brief
from kursk_brief.data.load import DATA_DIR_ENV, load_brief
from kursk_brief.data.queries import facts_view
from kursk_brief.out import export
from kursk_brief.words.escape import (
    FORMULA_TRIGGERS,
    WORD_JOINER,
    clean_svg,
    code_span,
    escape_html,
    escape_markdown,
    escape_plotly,
    export_cell,
    export_frame,
    html_link,
)
from tests.hostile import (
    EVIL_HOST,
    FAMILIES,
    HOSTILE_URL_VALUE,
    PAGE_CASES,
    filters,
    formula_cells,
    free_text_columns,
    hostile_text,
    html_problems,
    html_text,
    live_markdown,
    markdown_problems,
    plotly_problems,
    reads_hostile,
    strings,
    svg_problems,
    url_params,
    write_hostile_data,
)

PAYLOADS = list(FAMILIES.values())


# ---- the boundary's functions, family by family -----------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS, ids=list(FAMILIES))
def test_escaped_markdown_renders_nothing_live(payload) -> None:
    escaped = escape_markdown(payload)
    assert markdown_problems(escaped) == []
    assert as_read(escaped) == payload, "the reader sees the data exactly, nothing added but invisible joiners"


def test_markdown_check_catches_escaping_that_leaves_autolinks() -> None:
    """Backslash escapes alone (the app's former escaping) still let URLs, e-mails and shortcodes through."""
    backslashed = re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", hostile_text(0))
    found = " ".join(markdown_problems(backslashed))
    assert "autolink 'http://'" in found and "autolink 'www.'" in found and "h@evil.e" in found
    assert "shortcode ':smile:'" in found
    assert markdown_problems(hostile_text(0)), "raw data is caught"


def test_line_breaks_cannot_end_a_paragraph_or_a_code_span() -> None:
    assert "\n" not in escape_markdown("a\n\n# b\r\n- c\rd")
    span = code_span("a\n\n![i](http://evil.example/i.png)")
    assert "\n" not in span and markdown_problems(span) == []
    assert code_span("") == "", "an empty value is no code span (two backticks alone would show)"


@pytest.mark.parametrize(
    "value", ["plain", "a`b", "``x``", "`", " lead", "trail ", "actor=" + HOSTILE_URL_VALUE], ids=repr
)
def test_code_span_shows_the_value_and_cannot_be_closed_early(value) -> None:
    span = code_span(value)
    live, _ = live_markdown(f"before {span} after")
    assert live.split() == ["before", "after"], "everything between the fences is inside the span"
    fence = re.match(r"`+", span).group(0)
    inner = span[len(fence) : -len(fence)]
    shown = inner[1:-1] if inner.startswith(" ") and inner.endswith(" ") and inner.strip() else inner
    assert shown == value.replace("\n", " ")


@pytest.mark.parametrize("payload", PAYLOADS, ids=list(FAMILIES))
def test_links_to_a_hostile_actor_are_three_links_to_the_app_and_nothing_else(payload) -> None:
    line = links_html(actor_links(payload))
    assert html_problems(line) == []
    links = lxml.html.fragment_fromstring(line, create_parent="p").findall("a")
    assert [link.text for link in links] == ["Timeline", "Strategic map", "Facts"]
    assert [link.get("href").split("?")[0] for link in links] == ["timeline", "map", "facts"]
    assert [unquote(link.get("href").rsplit("actor=", 1)[1]) for link in links] == [payload] * 3
    assert [link.params[-1] for link in actor_links(payload)] == [("actor", payload)] * 3, "the name, unchanged"


@pytest.mark.parametrize(
    "href", ["http://evil.example/x", "//evil.example", "timeline?actor=a b", "timeline?actor=a)", "javascript:x", ""]
)
def test_a_link_to_anything_but_a_page_of_the_app_is_refused(href) -> None:
    with pytest.raises(ValueError, match="not a relative page address"):
        html_link("Timeline", href)


def test_only_an_address_the_page_gave_is_followed() -> None:
    links = actor_links("Sergey Lavrov")
    assert followed_link(links, "map?view=Strategic&actor=Sergey%20Lavrov") == links[1]
    for sent in (None, "", "map?view=Strategic&actor=Kim", "overview", ["timeline?actor=Sergey%20Lavrov"], 3):
        assert followed_link(links, sent) is None, sent


@pytest.mark.parametrize("payload", PAYLOADS, ids=list(FAMILIES))
def test_escaped_html_text_is_no_markup_and_reads_as_given(payload) -> None:
    body = f'<li class="x">{escape_html(payload)}</li>'
    assert html_problems(body) == [] and html_text(body) == payload


@pytest.mark.parametrize(
    "link",
    [
        '<a href="http://evil.example/x">Timeline</a>',
        '<a href="timeline?actor=x">Re-enter your password</a>',
        '<a href="timeline?actor=x" onclick="x()">Facts</a>',
        '<a href="timeline?actor=x"><strong>Facts</strong></a>',
        "<a>Facts</a>",
        '<a href="phish?x=1">Facts</a>',
        '<a href="timeline?actor=x" aria-label="Session expired: sign in again">Timeline</a>',
        '<a href="timeline?actor=x" class="kb-card">Timeline</a>',
    ],
)
def test_html_check_catches_any_link_but_the_apps_own(link) -> None:
    assert html_problems(f"<p>{link}</p>")
    assert html_problems('<p><a href="map?view=Strategic&amp;actor=A%20B">Strategic map</a></p>') == []


def test_html_check_catches_raw_markup() -> None:
    assert html_problems(f"<li>{FAMILIES['raw_html']}</li>") == [
        "<script> element",
        "<img> element",
        "src attribute on <img>",
        "onerror attribute on <img>",
    ]


@pytest.mark.parametrize("payload", PAYLOADS, ids=list(FAMILIES))
def test_escaped_plotly_text_has_no_markup_and_no_tex(payload) -> None:
    assert plotly_problems({"text": escape_plotly(payload)}) == []


def test_plotly_check_catches_raw_markup_and_tex() -> None:
    assert plotly_problems({"text": FAMILIES["plotly_link"]}) and plotly_problems({"text": FAMILIES["latex"]})
    assert plotly_problems({"text": "<b>ok</b><br><i>ok</i>"}) == []


@pytest.mark.parametrize("trigger", FORMULA_TRIGGERS, ids=repr)
def test_a_cell_starting_with_a_formula_trigger_gets_a_quote(trigger) -> None:
    assert export_cell(f"{trigger}1+1") == f"'{trigger}1+1"
    assert formula_cells([export_cell(f"{trigger}1+1")]) == []


def test_other_cells_are_unchanged() -> None:
    assert [export_cell(v) for v in ("Kursk", " =1", "", 8000, None, 1.5)] == ["Kursk", " =1", "", 8000, None, 1.5]


def test_clean_svg_drops_references_outside_the_file() -> None:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<style>.a{background:url("http://evil.example/s.png")}</style>'
        b'<a xlink:href="http://evil.example/a"><text style="fill:url(http://evil.example/f)">url(http://x)</text></a>'
        b'<image href="https://evil.example/i.png"/><use xlink:href="#keep"/><rect clip-path="url(#clip1)" '
        b'fill="url(\'#grad\')"/><image href="data:image/png;base64,AAAA"/></svg>'
    )
    cleaned = clean_svg(svg).decode()
    assert EVIL_HOST not in cleaned.replace("url(http://x)", "")
    assert 'xlink:href="#keep"' in cleaned and 'clip-path="url(#clip1)"' in cleaned and "url('#grad')" in cleaned
    assert "data:image/png;base64,AAAA" in cleaned and ">url(http://x)</text>" in cleaned, "text content is kept"
    assert len(svg_problems(svg.decode())) == 5
    assert svg_problems(cleaned) == ["<a> element"], "the link element stays, inert: it has no target left"


# ---- the fixture ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("hostile") / "data"
    assert write_hostile_data(target) > 100
    return target


@pytest.fixture(scope="module")
def hostile(hostile_dir) -> Brief:
    return load_brief(hostile_dir)


def test_every_free_text_column_is_hostile_and_the_brief_still_loads(hostile) -> None:
    tables = {
        "sources": pd.concat([hostile.sources, hostile.pages]),
        "actors": hostile.actors,
        "places": hostile.places,
    }
    tables |= {
        "facts": hostile.facts[hostile.facts["line"].notna()],
        "events": hostile.events,
        "quotes": hostile.quotes,
        "measures": hostile.measures,
        "claims": hostile.claims,
    }
    for stem, table in tables.items():
        for column in free_text_columns(stem):
            cells = [c for c in table[column] if c]
            named = stem == "events" and column == "date_text"
            assert named or (cells and all(EVIL_HOST in c for c in cells)), f"{stem}.{column} is not all hostile"
    leading = {text.split(" ")[0] for text in hostile.facts["summary"]}
    assert {'=HYPERLINK("http://evil.example/f","Click', "+1+cmd|'", "-2+3+cmd|'", "@SUM(1+1)*cmd|'"} <= leading


# ---- every page (AppTest) ---------------------------------------------------------------------------------------


def markdown_texts(at: AppTest) -> list[str]:
    """Every string of the page that Streamlit renders as markdown: text elements, alerts, and labels."""
    texts = [e.value for kind in ("markdown", "caption", "title", "header", "subheader") for e in getattr(at, kind)]
    texts += [e.value for kind in ("info", "warning", "error", "success") for e in getattr(at, kind)]
    texts += [e.label for e in at.metric] + [e.label for e in at.expander]
    for kind in ("selectbox", "multiselect", "text_input", "segmented_control", "button", "download_button"):
        texts += [e.label for e in getattr(at, kind)]
    return texts


def hostile_shown(at: AppTest) -> list[str]:
    """Check a rendered page: no markdown, label or figure text acts; return everything it shows, for non-vacuity."""
    assert not at.exception, [e.value for e in at.exception]
    texts = markdown_texts(at)
    assert [p for text in texts for p in markdown_problems(text)] == []
    figures = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert [p for figure in figures for p in plotly_problems(figure)] == []
    bodies = [element.proto.body for element in at.get("html") if not element.proto.body.startswith("<style>")]
    assert [p for body in bodies for p in html_problems(body)] == []
    texts += [html_text(body) for body in bodies]
    return [*texts, *(s for f in figures for s in strings(f)), *(frame.value.to_csv() for frame in at.dataframe)]


@pytest.mark.parametrize(("spec", "case"), PAGE_CASES, ids=[f"{s.url_path}-{c}" for s, c in PAGE_CASES])
def test_every_page_shows_hostile_data_as_text(hostile_dir, hostile, monkeypatch, spec, case) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(hostile_dir))
    at = run_page(spec.script, **url_params(case, hostile))
    shown = hostile_shown(at)
    notice = " ".join(w.value for w in at.warning)  # on opening the link; the invalid value then leaves the URL
    for index, control in enumerate(at.segmented_control):  # the page's other views (strategic map, ranges, ...)
        for option in control.options[1:]:
            at.segmented_control[index].set_value(option).run()  # of this run's tree: another may hold other options
            shown += hostile_shown(at)
    if lazy_expander_keys(at):
        shown += hostile_shown(open_expanders(at))
    assert any(reads_hostile(text) for text in shown), "the page showed none of the hostile data"
    if case == "hostile-url" and filters(spec):
        assert "names no actor" in notice and "evil.example/u.png" in notice, "the notice shows the URL value as code"
    if case == "valid-names":
        assert not notice, "names as the pickers show them are valid values, even hostile ones"


def test_every_chart_view_a_picker_offers_builds_from_hostile_data_escaped(hostile) -> None:
    """Each actor of the hostile data (names of a thousand characters) highlighted or filtered on, on screen and at
    the smallest export size: the chart is built (a title filling the canvas once divided by zero) and all its texts
    are escaped."""
    actor_ids = hostile.actors["actor_id"].tolist()
    views = [(spec, name) for spec in registry() for name in spec.view.naming("actor")]
    assert len(views) == 3, "the strategic map, the relations table and the timeline take an actor"
    for spec, name in views:
        for actor, look in [(a, SCREEN) for a in actor_ids] + [(actor_ids[0], export.SIZES[0].look())]:
            figure = spec.figure(hostile, spec.view(**{name: actor}), look=look)
            assert plotly_problems(figure.to_plotly_json()) == [], (spec.key, actor)


# ---- every export -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kaleido_server():
    yield
    export.stop()


@pytest.fixture(scope="module")
def pack(hostile, kaleido_server) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(export.briefing_pack(hostile)))


def spreadsheet_checks(csv_bytes: bytes, xlsx_bytes: bytes) -> tuple[list[str], set[str]]:
    """Live formulas in a CSV and an XLSX, and the first characters of their text cells (to show what was tested)."""
    rows = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"), newline=""), strict=True))
    assert len({len(row) for row in rows}) == 1, "every row has the header's cells: no cell broke its row"
    cells: list[object] = [c for row in rows for c in row]
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes))
    xlsx = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    problems = formula_cells(cells) + [f"formula cell {c.coordinate}" for c in xlsx if c.data_type == "f"]
    cells += [c.value for c in xlsx]
    problems += formula_cells([c.value for c in xlsx])
    return problems, {c[:2] for c in cells if isinstance(c, str) and c}


def test_csv_and_xlsx_of_hostile_facts_hold_no_live_formula(hostile) -> None:
    view = facts_view(hostile)
    problems, starts = spreadsheet_checks(export.facts_csv(view), export.facts_xlsx(view, hostile))
    assert problems == []
    assert {"'=", "'+", "'-", "'@"} <= starts, "the formula families reached the export, neutralised"


def test_tab_and_carriage_return_cells_are_neutralised_in_every_column(hostile) -> None:
    """Validation strips leading whitespace from data, so these are put straight into every text column of a view."""
    view = facts_view(hostile)
    view = view.assign(**{c: ["\t=1+1" if i % 2 else "\r=1+1" for i in range(len(view))] for c in view.columns})
    problems, starts = spreadsheet_checks(export.facts_csv(view), export.facts_xlsx(view, hostile))
    assert problems == [] and {"'\t", "'\r"} <= starts


def test_export_frame_keeps_numbers(hostile) -> None:
    sources = export_frame(hostile.sources)
    assert sources["paragraph_count"].tolist() == hostile.sources["paragraph_count"].tolist()


def test_pack_text_files_hold_the_hostile_text_as_it_is(pack, hostile) -> None:
    """Plain text renders nothing: the hostile cells are there verbatim, without escapes or joiners added."""
    citations = pack.read("CITATIONS.txt").decode("utf-8")
    readme = pack.read("README.txt").decode("utf-8")
    for spec in registry():
        for fact in export.chart_facts(hostile, spec).itertuples():
            assert f"- {fact.fact_id} ({fact.status}): {fact.summary} — " in citations, fact.fact_id
        assert f"Alt text: {spec.alt_text(hostile)}\n" in readme, spec.key
    assert EVIL_HOST in citations and WORD_JOINER not in citations + readme


def test_pack_spreadsheets_hold_no_live_formula(pack) -> None:
    problems, starts = spreadsheet_checks(pack.read("facts.csv"), pack.read("facts.xlsx"))
    assert problems == [] and "'=" in starts


def test_pack_svgs_have_no_external_reference_and_show_the_hostile_text(pack) -> None:
    svgs = [name for name in pack.namelist() if name.endswith(".svg")]
    assert len(svgs) == len(registry())
    for name in svgs:
        svg = pack.read(name).decode("utf-8")
        assert svg_problems(svg) == [], name
        assert "evil.example" in svg and "&lt;a href=" in svg, f"{name}: the hostile text is drawn, as text"


def test_deck_text_carries_no_hyperlink(hostile, kaleido_server) -> None:
    deck = zipfile.ZipFile(io.BytesIO(export.briefing_deck(hostile)))
    xml = {name: deck.read(name).decode("utf-8") for name in deck.namelist() if name.endswith((".xml", ".rels"))}
    assert not [n for n, x in xml.items() if "hlinkClick" in x or "hlinkHover" in x or 'TargetMode="External"' in x]
    notes = " ".join(x for n, x in xml.items() if "notesSlide" in n)
    assert EVIL_HOST in notes, "the hostile text reached the speaker notes (as plain text)"


def test_unescaped_figure_would_carry_links_in_svg(kaleido_server) -> None:
    """The export checks can fail: kaleido draws raw Plotly markup as live links; clean_svg strips them from SVG."""
    raw = go.Figure(go.Scatter(x=[0], y=[0], text=[FAMILIES["plotly_link"] + FAMILIES["plotly_style"]], mode="text"))
    raw.update_layout(title={"text": FAMILIES["plotly_link"]})
    size = export.SIZES[0]
    with export._renderer.turn(None):
        export._ensure_server()
        svg = export.kaleido.calc_fig_sync(raw, opts={"format": "svg", "width": size.width, "height": size.height})
    assert svg_problems(svg.decode()), "kaleido's SVG of raw markup has a live link"
    assert set(svg_problems(clean_svg(svg).decode())) == {"<a> element"}, "cleaned: the links point nowhere"
    safe = go.Figure(go.Scatter(x=[0], y=[0], text=[escape_plotly(FAMILIES["plotly_link"])], mode="text"))
    assert svg_problems(export.render(safe, "svg", size).decode()) == []
