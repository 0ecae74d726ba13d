"""No code names a row of the data: the brief with every id renamed reads exactly as the original.

Every id in every table (sources, actors, places, facts, events, quotes, the brief's settings) and the fingerprint
file get a prefix (`tests/renamed.py`); with the prefix taken out, every page, chart, Present slide, pack file and
deck slide says what the original says, word for word (the ledger), and every chart reads the same at every size.
A literal id in code (once `kursk_region`, `china`, `russia`) breaks this: the map crashed, or emptied silently.
"""

from __future__ import annotations

import pytest

from kursk_brief.app.ledger import LEDGER_PATH, build, figure_texts, plain_text
from kursk_brief.charts.registry import registry
from kursk_brief.data.load import DATA_DIR_ENV, load_brief
from kursk_brief.out import export
from tests.paths import DATA
from tests.renamed import PREFIX, rename_ids, unrenamed

LOOKS = [size.look() for size in (*export.SIZES, export.SLIDE_PICTURE)]


@pytest.fixture(scope="module")
def renamed_data(tmp_path_factory):
    return rename_ids(DATA, tmp_path_factory.mktemp("renamed") / "data")


@pytest.fixture(scope="module")
def renamed_brief(renamed_data):
    return load_brief(renamed_data)


def test_every_id_is_renamed(renamed_brief, brief) -> None:
    """The rename reaches every table, so the comparisons below compare something."""
    for table in ("sources", "actors", "places", "facts", "events", "quotes", "settings"):
        ids = getattr(renamed_brief, table).iloc[:, 0]
        assert ids.str.startswith(PREFIX).all(), table
        assert list(ids.map(unrenamed)) == list(getattr(brief, table).iloc[:, 0]), table


def test_every_composed_text_reads_the_same_with_every_id_renamed(renamed_data, renamed_brief, monkeypatch) -> None:
    """Pages (through the real entry point), charts and their views, slides, the pack and the deck: the ledger."""
    monkeypatch.setenv(DATA_DIR_ENV, str(renamed_data))
    try:
        ledger = build(renamed_brief)
    finally:
        export.stop()
    assert PREFIX in ledger, "the renamed ids are in the ledger's tags"
    assert unrenamed(ledger) == LEDGER_PATH.read_text(encoding="utf-8")


@pytest.mark.parametrize("spec", registry(), ids=lambda spec: spec.key)
def test_every_chart_reads_the_same_at_every_size_with_every_id_renamed(renamed_brief, brief, spec) -> None:
    for look in LOOKS:
        original = [plain_text(text) for text in figure_texts(spec.build(brief, look=look))]
        renamed = [unrenamed(plain_text(text)) for text in figure_texts(spec.build(renamed_brief, look=look))]
        assert renamed == original, (spec.key, look.width, look.height)
