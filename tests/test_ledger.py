"""The committed ledger of composed sentences is current, and it shows the wording rules hold across the app."""

from __future__ import annotations

import lxml.html
import pytest

from kursk_brief.app.harness import run_page
from kursk_brief.app.ledger import LEDGER_PATH, _html_texts, build
from kursk_brief.data.load import load_brief
from kursk_brief.out import export
from tests.paths import DATA


@pytest.fixture(scope="module")
def ledger() -> str:
    try:
        return build(load_brief(DATA))
    finally:
        export.stop()


def test_committed_ledger_is_current(ledger) -> None:
    assert LEDGER_PATH.read_text(encoding="utf-8") == ledger, "wording changed: run `make ledger` and review the diff"


# Sentences the report does not support, found in review (issue 11); none may come back anywhere in the app.
NEVER = [
    "North Korean troops sent to Russia, approximately 8,000",  # a count labelled with the wrong group
    "warned Ukraine",
    "warned North Korean troops",
    "warned North Korea",
    "warned China",
    "warned Russia",
    "announced Ukraine",
    "because Russia",
    "in their view",
    "package",
    "6 meetings",
    "north Korean",
    "(troops_to_russia)",
    "Broadcaster",
    "bordering Ukraine",
    " her ",
    "Beijing said",
    "hover the marker",
]


@pytest.mark.parametrize("phrase", NEVER)
def test_no_unsupported_phrase_anywhere(ledger, phrase) -> None:
    assert phrase not in ledger


def test_the_ledger_covers_every_view_and_export(ledger) -> None:
    for heading in (
        "## Page: Overview",
        "## Page: Actors",
        "## Chart: ",
        "## Briefing pack: README.txt",
        "## Deck: slide",
    ):
        assert heading in ledger
    assert "approximately 8,000 North Korean troops in the Kursk region" in ledger
    assert "Volodymyr Zelensky urged South Korea" in ledger
    assert "“provocative actions”" in ledger


@pytest.mark.parametrize("script", ["kursk_brief/app/pages/actors.py", "kursk_brief/app/pages/present.py"])
def test_the_ledger_reads_every_word_of_the_html_a_page_writes(script) -> None:
    """HTML is listed block by block (`ledger._html_texts`); a word outside every block would be missed silently."""
    bodies = [element.proto.body for element in run_page(script).get("html")]
    assert any("<h4>" in body or "<h1" in body for body in bodies)
    for body in bodies:
        whole = lxml.html.fragment_fromstring(body, create_parent="div")
        for style in whole.iter("style"):
            style.drop_tree()
        assert "".join("".join(_html_texts(body)).split()) == "".join(whole.text_content().split()), "as read"
