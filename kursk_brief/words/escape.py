"""The one escaping boundary: data text becomes Streamlit markdown, HTML, Plotly text or export text only through here.

Every cell of the data is written by a curator and may hold anything, so no view trusts it. Each target has its own
rules and one function here:

- `escape_markdown`: Streamlit markdown (`st.markdown`, captions, alerts, labels). Every character that can start or
  end Markdown is backslash-escaped (no emphasis, link, image, heading, table, HTML tag, entity, colour directive or
  LaTeX), line breaks become spaces (a blank line would end the paragraph around it), and a word joiner (U+2060,
  invisible) is put after every `:`, before every `@` and between `www` and `.`: Streamlit finds GFM autolinks,
  emoji and icon shortcodes in the text *after* escapes are resolved, so only a character between the parts stops
  them (checked in Chromium: backslash escapes alone leave URLs, `www.` and e-mail addresses live).
- `code_span`: a value shown as inline code (URL parameters, ids), with a backtick fence longer than any run inside.
- `escape_plotly`: Plotly labels, hovers, trace names, titles and annotations. Plotly renders a subset of HTML
  (`<a href>`, `<span style>`, `<b>`, `<br>`) and typesets text between `$` signs as LaTeX where MathJax is
  loaded (kaleido loads it), so `&`, `<`, `>` and `$` become entities; Plotly shows them as the characters.
  Our own markup (`<b>`, `<br>`) is added around the escaped text, never inside it.
- `escape_html`: text inside HTML the app writes itself (`st.html`: the Present view's slides, the actor cards). `&`,
  `<`, `>` and both quotes become entities, so a data cell can open no tag, attribute or entity; Streamlit sanitises
  `st.html` as well, but that is a second line, not the boundary.
- `html_link`: a link to one of the app's own pages inside that HTML: the label escaped, the address refused unless it
  is a relative path with a percent-encoded query (nothing that could leave the app or end the attribute).
- `export_cell` / `export_frame`: CSV and XLSX cells. A text cell that begins with `=`, `+`, `-`, `@`, tab or carriage
  return would be read as a formula by a spreadsheet; it gets a leading `'` (OWASP CSV-injection guidance).
- `clean_svg`: an exported SVG keeps only references inside itself (`#id`) or to embedded `data:image/` content;
  any other `href`/`xlink:href` or `url(...)` is dropped, so an image opened in a browser or pasted into a document
  fetches nothing.
- `label_svg`: an exported SVG's `<title>` and `<desc>` (the chart's title and alt text), set as XML text so that the
  serialiser escapes them; characters XML cannot hold are dropped rather than failing the export.

Markdown files written into the briefing pack use `escape_markdown` too: they are read in Markdown viewers with the
same autolink rules.
"""

from __future__ import annotations

import html
import re

import pandas as pd
from lxml import etree

WORD_JOINER = "\u2060"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Every character that can open or close Markdown syntax (CommonMark, GFM tables and strikethrough, Streamlit's
# colour directives and LaTeX); commas, quotes, slashes and the like never do and stay readable in a .md file.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~=$&:^])")
# Where an autolink or a `:shortcode:` would start: after a colon, before an at sign, between `www` and its dot.
_LINK_SEAMS = re.compile(r"(?<=:)|(?=@)|(?i:(?<=www)(?=\.))")
_BACKTICKS = re.compile(r"`+")
# A sibling page's path and a percent-encoded query (`urlencode(..., quote_via=quote)`): no space, bracket or quote.
_PAGE_HREF = re.compile(r"[a-z0-9_-]+(?:\?[A-Za-z0-9_.~%&=-]*)?")

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# What an SVG may point at: an element of its own (`#id`) or an image embedded in it.
_SVG_INSIDE = re.compile(r"""\s*(?:#|data:image/)""", re.IGNORECASE)
_SVG_NS = "http://www.w3.org/2000/svg"
# Characters XML 1.0 cannot carry in text, even escaped (C0 controls other than tab and line ends, lone surrogates).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CSS_URL = re.compile(r"""url\(\s*(?P<target>(?:"[^"]*"|'[^']*'|[^)'"]*))\s*\)""", re.IGNORECASE)


def escape_markdown(text: str) -> str:
    """Data shown through Streamlit markdown reads literally: no markup, no link, no image, no autolink."""
    flat = _LINE_BREAK.sub(" ", str(text))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _LINK_SEAMS.sub(WORD_JOINER, flat))


def html_link(label: str, href: str) -> str:
    """A link to another page of the app inside HTML the app writes, its label escaped.

    `href` comes from the app (`urls.PageLink.href`), never from data; it is checked all the same, so that no address
    can leave the app: only a page path with a percent-encoded query (no colon, slash, space, quote or bracket).
    """
    if not _PAGE_HREF.fullmatch(href):
        raise ValueError(f"not a relative page address: {href!r}")
    return f'<a href="{escape_html(href)}">{escape_html(label)}</a>'


def code_span(text: str) -> str:
    """A value shown as inline code, exactly: the fence is longer than any backtick run in it, so it cannot close early.

    Line breaks become spaces, because a line break can end a paragraph (and so the code span) before the fence does.
    An empty value gives an empty string. The span must not touch another backtick (the fences would merge).
    """
    flat = _LINE_BREAK.sub(" ", str(text))
    if not flat:
        return ""
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(flat)), default=0) + 1)
    pad = " " if flat[0] in "` " or flat[-1] in "` " else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def escape_plotly(text: str) -> str:
    """Data inside a Plotly label, hover, name or annotation, shown literally: no tag, no link, no style, no LaTeX."""
    return html.escape(str(text), quote=False).replace("$", "&#36;")


def escape_html(text: str) -> str:
    """Data inside HTML the app writes (slides, actor cards), shown literally: no tag, attribute or entity."""
    return html.escape(str(text), quote=True)


def export_cell(value: object) -> object:
    """A spreadsheet cell that cannot run as a formula: text starting with a formula trigger gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return f"'{value}"
    return value


def export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell of a table made safe for CSV and XLSX; numbers and other values unchanged."""
    return frame.map(export_cell)


def clean_svg(svg: bytes) -> bytes:
    """An SVG with no reference outside itself: a link or image source elsewhere is removed, a CSS `url()` emptied.

    Attributes and `<style>` text are rewritten; text content is left alone (words about a URL fetch nothing).
    """
    root = etree.fromstring(svg, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in list(element.attrib.items()):
            if etree.QName(name).localname == "href" and not _SVG_INSIDE.match(value):
                del element.attrib[name]
            elif "url(" in value.lower():
                element.attrib[name] = _CSS_URL.sub(_inside_only, value)
        if etree.QName(element).localname == "style" and element.text:
            element.text = _CSS_URL.sub(_inside_only, element.text)
    return etree.tostring(root, xml_declaration=svg.lstrip().startswith(b"<?xml"), encoding="utf-8")


def label_svg(svg: bytes, title: str, description: str) -> bytes:
    """An SVG that names itself: `<title>` and `<desc>` first inside the root, where file browsers, editors and screen
    readers look for an image's name and description (SVG 2, 5.9), with `role="img"` so it is announced as one picture.

    Any `<title>`/`<desc>` already directly under the root is replaced, so labelling twice leaves one of each.
    """
    root = etree.fromstring(svg, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    for old in root.findall(f"{{{_SVG_NS}}}title") + root.findall(f"{{{_SVG_NS}}}desc"):
        root.remove(old)
    for index, (tag, text) in enumerate((("title", title), ("desc", description))):
        element = etree.Element(f"{{{_SVG_NS}}}{tag}")
        element.text = _NOT_XML.sub("", str(text))
        root.insert(index, element)
    root.set("role", "img")
    return etree.tostring(root, xml_declaration=svg.lstrip().startswith(b"<?xml"), encoding="utf-8")


def _inside_only(match: re.Match) -> str:
    """A CSS `url()` kept when it points inside the document, else `none` (which every url()-taking property accepts)."""
    return match.group(0) if _SVG_INSIDE.match(match.group("target").strip("'\"")) else "none"
