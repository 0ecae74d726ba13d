"""The hostile-text fixture and the checks that say whether hostile text stayed text.

`write_hostile_data` copies the real data and replaces every free-text cell with text from every injection family
below, each family leading some cells (a spreadsheet formula only runs from the start of a cell). Ids, enums, dates,
numbers and other validated columns keep their values, so the brief still loads and every view is drawn from it.

The checks read what the app produced (markdown source, HTML it wrote, Plotly figure JSON, SVG, spreadsheet cells)
and list every place where data text would act instead of being shown: a link, an image, a tag, an autolink, a
formula.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import lxml.html
from lxml import etree

from kursk_brief.app.site import PAGES, PageSpec
from kursk_brief.data.brief import Brief
from kursk_brief.data.fingerprint import fingerprint_path, fingerprint_text
from kursk_brief.data.queries import actor_names, place_names
from kursk_brief.schema.tables import TABLES
from kursk_brief.words.escape import FORMULA_TRIGGERS, WORD_JOINER
from tests.paths import DATA, ROOT

EVIL_HOST = "evil.example"
# One payload per injection family; every script payload sets `window.__pwned`, which must stay undefined.
FAMILIES: dict[str, str] = {
    "formula": '=HYPERLINK("http://evil.example/f","Click for the full brief")',
    "formula_plus": "+1+cmd|' /C calc'!A0",
    "formula_minus": "-2+3+cmd|' /C calc'!A0",
    "formula_at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "markdown_image": "![x](http://evil.example/md.png)",
    "markdown_link": "[Official warning: re-enter your password](http://evil.example/phish)",
    "javascript_link": "[open](javascript:window.__pwned=1)",
    "link_definition": "[evil]: http://evil.example/def [evil]",
    "angle_autolink": "<http://evil.example/auto>",
    "raw_html": '<script>window.__pwned=1</script><img src="http://evil.example/img.png" onerror="window.__pwned=1">',
    "style_tag": "<style>*{background:url(http://evil.example/css.png)}</style>",
    "svg_image": '<svg><image href="http://evil.example/svg.png"/></svg>',
    "entities": "&lt;b&gt;entity&lt;/b&gt; &#60;i&#62;",
    "backticks": "`` ` `` ` ![tick](http://evil.example/tick.png) `",
    "plotly_link": '<a href="http://evil.example/plotly">plotly link</a>',
    "plotly_style": '<span style="background:url(http://evil.example/bg.png);color:red">styled</span>',
    "plotly_markup": "<b>bold</b><br><i>italic</i><sup>up</sup><sub>down</sub>",
    "plotly_template": "%{x} %{customdata[0]}",
    "bare_url": "see http://evil.example/bare and https://evil.example/secure",
    "www": "www.evil.example/w",
    "email": "phish@evil.example",
    "streamlit_directives": ":red[ALERT] :red-background[x] :material/warning: :smile:",
    "latex": r"$\href{http://evil.example/tex}{tex}$ $$x^2$$",
    "markdown_structure": "# Heading **bold** _em_ ~~del~~ > quote | a | b | --- 1. item",
}
# A shared link built to break out of the notice's code span and show an image and a phishing link.
HOSTILE_URL_VALUE = (
    "x`` ![i](http://evil.example/u.png) [Your session expired: sign in](http://evil.example/p)"
    "\n\n![n](http://evil.example/n.png) `"
)
URL_CASES = {
    "hostile-url": {"actor": HOSTILE_URL_VALUE, "place": HOSTILE_URL_VALUE.replace("x``", "y`")},
    # Filtered views name the chosen actor and place; a link names them as the pickers show them (`url_params`).
    "valid-names": {"actor": "lavrov", "place": "moscow"},
}


def url_params(case: str, brief: Brief) -> dict[str, str]:
    """A case's URL parameters. Pickers are bound to the URL by the names they show, so a valid link carries the
    actor's and place's names from the data (hostile text here), not their ids."""
    params = URL_CASES[case]
    if case == "hostile-url":
        return params
    return {"actor": actor_names(brief)[params["actor"]], "place": place_names(brief)[params["place"]]}


def filters(spec: PageSpec) -> bool:
    """Whether a page has the shared `?actor=` / `?place=` pickers (widgets bound to those URL parameters)."""
    return 'key="actor"' in (ROOT / spec.script).read_text()


# Every page with the hostile link (unknown values: the notice, then everything); filtered pages also with valid ids.
PAGE_CASES = [(spec, case) for spec in PAGES for case in URL_CASES if case == "hostile-url" or filters(spec)]
# Columns whose content validation constrains: kept as they are.
CONSTRAINED = {"published", "date", "iso_code"}
NAMED_PRECISIONS = {"weekday", "month"}  # their `date_text` must be a weekday or month name


def hostile_text(start: int, cell: int = 0) -> str:
    """Every family, led by family number `start`, then a cell number so that names stay distinct."""
    payloads = list(FAMILIES.values())
    start %= len(payloads)
    return " ".join([*payloads[start:], *payloads[:start], f"cell {cell}"])


def free_text_columns(stem: str) -> set[str]:
    """Text columns a curator writes freely: plain `str` fields with no pattern, less the validated ones."""
    model = TABLES[stem]
    return {
        name
        for name, field in model.model_fields.items()
        if field.annotation in (str, str | None)
        and not any(getattr(m, "pattern", None) for m in field.metadata)
        and name not in CONSTRAINED
    }


def write_hostile_data(target: Path) -> int:
    """A copy of the real data with every non-empty free-text cell hostile; returns how many cells were replaced.

    Down each column the leading family changes from value to value, so every family starts some cell of every column
    with enough distinct values (the first values start with the spreadsheet formulas).
    """
    shutil.copytree(DATA, target)
    cell = 0
    for stem in TABLES:
        path = target / f"{stem}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            rows, header = list(reader), reader.fieldnames
        for column in sorted(free_text_columns(stem) & set(header)):
            replacement: dict[str, str] = {}  # equal cells stay equal (a part and its whole share a unit)
            for row in rows:
                if row[column] and not (column == "date_text" and row.get("precision") in NAMED_PRECISIONS):
                    if row[column] not in replacement:
                        replacement[row[column]] = hostile_text(len(replacement), cell)
                    row[column] = replacement[row[column]]
                    cell += 1
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header)
            writer.writeheader()
            writer.writerows(rows)
    fingerprint_quotes(target)
    return cell


def fingerprint_quotes(data_dir: Path) -> None:
    """Give every report and page a fingerprint in which every quote row and claim quote is what its paragraph puts
    in quotation marks: hostile quotes are not the sources' words, and a source without a fingerprint is refused."""
    with (data_dir / "sources.csv").open(encoding="utf-8", newline="") as handle:
        sources = [row for row in csv.DictReader(handle) if row["kind"] in ("report", "page")]
    quoted: dict[tuple[str, str], list[str]] = {}
    with (data_dir / "quotes.csv").open(encoding="utf-8", newline="") as handle:
        for quote in csv.DictReader(handle):
            quoted.setdefault((quote["source_id"], quote["paragraph"]), []).append(quote["text"])
    with (data_dir / "claims.csv").open(encoding="utf-8", newline="") as handle:
        for claim in csv.DictReader(handle):
            if claim["quote"]:
                quoted.setdefault((claim["source_id"], claim["paragraphs"].split(";")[0]), []).append(claim["quote"])
    for source in sources:
        paragraphs = [
            " ".join(f"“{text}”" for text in quoted.get((source["source_id"], str(number)), [])) or "no quote"
            for number in range(1, int(source["paragraph_count"]) + 1)
        ]
        fingerprint = fingerprint_text(source["source_id"], "\n".join(paragraphs))
        fingerprint_path(data_dir, source["source_id"]).write_text(fingerprint.to_json(), encoding="utf-8")


# ---- markdown -------------------------------------------------------------------------------------------------

AUTOLINK = re.compile(r"(?i)https?://|www\.|[\w.+-]@[\w-]+\.\w")
ESCAPABLE = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
SHORTCODE = re.compile(r":[\w/-]+(:|\[)")


def live_markdown(markdown: str) -> tuple[str, str]:
    """Split markdown source into what the renderer interprets as syntax (`live`) and the text it shows (`text`).

    A backslash-escaped character is text; a code span is neither (shown as it is, no autolink or shortcode in it).
    """
    live, text, i = [], [], 0
    while i < len(markdown):
        char = markdown[i]
        if char == "\\" and i + 1 < len(markdown) and markdown[i + 1] in ESCAPABLE:
            text.append(markdown[i + 1])
            live.append(" ")
            i += 2
            continue
        if char == "`":
            run = re.match(r"`+", markdown[i:]).group(0)
            close = re.compile(rf"(?<!`){run}(?!`)").search(markdown, i + len(run))
            if close:
                live.append(" ")
                text.append(" ")
                i = close.end()
                continue
        live.append(char)
        text.append(char)
        i += 1
    return "".join(live), "".join(text)


def markdown_problems(markdown: str) -> list[str]:
    """Whatever in a markdown string would render as a link, image, tag, autolink or Streamlit directive."""
    live, text = live_markdown(markdown)
    problems = [f"live {token!r}" for token in ("![", "](", "]:", "<", "$") if token in live]
    # Autolinks and shortcodes are found in the text after escapes are resolved: escaping alone does not stop them.
    problems += [f"autolink {m.group(0)!r}" for m in AUTOLINK.finditer(text)]
    problems += [f"shortcode {m.group(0)!r}" for m in SHORTCODE.finditer(text)]
    return [f"{p} in {markdown[:120]!r}" for p in problems]


def reads_hostile(markdown: str) -> bool:
    """True when the text shows hostile data (the checks above are then not passing on empty pages)."""
    return EVIL_HOST in markdown.replace("\\", "").replace(WORD_JOINER, "")


# ---- HTML the app writes (st.html: the Present view, the actor cards) ----------------------------------------

HTML_TAGS = {"section", "h1", "h3", "h4", "div", "p", "ul", "li", "span", "strong", "blockquote", "footer", "code", "a"}
HTML_ATTRIBUTES = {"class", "role", "aria-label", "aria-roledescription"}
# Links the app writes itself (`text.html_link`): relative links to its own pages with a percent-encoded query, e.g.
# `<a href="timeline?actor=Sergey%20Lavrov">Timeline</a>`, with the labels `urls.actor_links` gives and no other
# attribute (an `aria-label` would give a screen reader another name than the one shown).
APP_LINK_LABELS = {"Timeline", "Strategic map", "Facts"}
APP_HREF = re.compile(rf"(?:{'|'.join(spec.url_path for spec in PAGES)})(\?[A-Za-z0-9_.~%&=-]+)?")


def html_problems(body: str) -> list[str]:
    """Elements or attributes in HTML the app wrote that the app never writes itself: data text that became markup."""
    root = lxml.html.fragment_fromstring(body, create_parent="div")
    problems = []
    for element in root.iterdescendants():
        if not isinstance(element.tag, str):
            problems.append("comment or processing instruction")
            continue
        if element.tag not in HTML_TAGS:
            problems.append(f"<{element.tag}> element")
        if element.tag == "a":
            own = element.text_content() in APP_LINK_LABELS and len(element) == 0 and set(element.attrib) == {"href"}
            if not (own and APP_HREF.fullmatch(element.get("href"))):
                problems.append(f"link {lxml.html.tostring(element, encoding='unicode')[:120]!r}")
            continue
        problems += [f"{name} attribute on <{element.tag}>" for name in element.attrib if name not in HTML_ATTRIBUTES]
    return problems


def html_text(body: str) -> str:
    """What an HTML fragment shows as text."""
    return lxml.html.fragment_fromstring(body, create_parent="div").text_content()


# ---- Plotly ---------------------------------------------------------------------------------------------------

# The only markup the app adds to Plotly text: bold, italic, line breaks and the status legend's colour swatches.
OWN_TAGS = re.compile(r"</?(b|i)>|<br>|<span style='color:#[0-9A-Fa-f]{6}'>|</span>")


def strings(value: object) -> list[str]:
    """Every string in a figure's JSON, wherever it sits (titles, names, text, hovertext, annotations)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return []


def plotly_problems(figure: dict) -> list[str]:
    """Tags other than the app's own, and `$…$` pairs that MathJax would typeset, in any text of a figure."""
    problems = []
    for text in strings(figure):
        rest = OWN_TAGS.sub("", text)
        if "<" in rest or ">" in rest:
            problems.append(f"markup in {text[:160]!r}")
        if text.count("$") >= 2:
            problems.append(f"TeX in {text[:160]!r}")
    return problems


# ---- files ----------------------------------------------------------------------------------------------------

CSS_URL = re.compile(r"""(?i)url\(\s*(?!["']?#)""")


def svg_problems(svg: str) -> list[str]:
    """What in an SVG points outside it or acts: links, scripts, handlers, external `href`s and CSS `url()`s.

    Attributes and `<style>` are read, not text content: words about a URL drawn as a label fetch nothing.
    """
    problems = []
    for element in etree.fromstring(svg.encode("utf-8"), etree.XMLParser(huge_tree=True)).iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname
        if tag in ("a", "script", "foreignObject"):
            problems.append(f"<{tag}> element")
        if tag == "style" and CSS_URL.search(element.text or ""):
            problems.append(f"url() in <style>: {element.text[:120]!r}")
        for name, value in element.attrib.items():
            local = etree.QName(name).localname
            if (
                (local == "href" and not value.startswith(("#", "data:image/")))
                or local.startswith("on")
                or CSS_URL.search(value)
            ):
                problems.append(f"<{tag} {local}={value[:80]!r}>")
    return problems


def formula_cells(cells: list[object]) -> list[str]:
    """Spreadsheet cells a spreadsheet program would run as a formula."""
    return [repr(c)[:80] for c in cells if isinstance(c, str) and c.startswith(FORMULA_TRIGGERS)]
