"""The committed ledger of composed sentences is current, and it shows the wording rules hold across the app."""

from __future__ import annotations

import pytest

from kursk_brief import export
from kursk_brief.facts import load_brief
from kursk_brief.ledger import LEDGER_PATH, build
from tests.conftest import DATA


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
        "## Briefing pack: README.md",
        "## Deck: slide",
    ):
        assert heading in ledger
    assert "approximately 8,000 North Korean troops in the Kursk region" in ledger
    assert "Volodymyr Zelensky urged South Korea" in ledger
    assert "“provocative actions”" in ledger
