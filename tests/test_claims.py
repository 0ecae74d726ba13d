"""The story's claims: curated in our words, compared only when comparable, echoes counted once, and a page no
code knows taken in from its rows alone. Every expectation is derived from the data, not from fixed strings."""

from __future__ import annotations

import csv
from datetime import date

from kursk_brief.app.harness import run_page
from kursk_brief.charts.claims import ClaimsView, claims_alt_text, claims_figure, statements
from kursk_brief.charts.look import SCREEN
from kursk_brief.data.claims import (
    OUTLET,
    changes,
    claims_view,
    disagreements,
    published_by,
    relay_findings,
)
from kursk_brief.data.drafting import drafts, paragraphs
from kursk_brief.data.fingerprint import copied_shingles, fingerprint_path, fingerprint_text, load_fingerprint
from kursk_brief.data.load import load_brief
from kursk_brief.schema.claims import MeasureKind
from kursk_brief.words.escape import escape_plotly
from tests.paths import DATA


def test_every_claim_and_page_title_is_in_our_own_words(brief) -> None:
    copied = {}
    for claim in brief.claims.itertuples():
        fingerprint = load_fingerprint(fingerprint_path(DATA, claim.source_id))
        found = copied_shingles(fingerprint, claim.summary)
        if found:
            copied[claim.claim_id] = sorted(found)
    for page in brief.pages.itertuples():
        found = copied_shingles(load_fingerprint(fingerprint_path(DATA, page.source_id)), page.title)
        if found:
            copied[page.source_id] = sorted(found)
    assert copied == {}, "seven words in a row from the page"
    assert len(brief.pages) >= 14, "the story follows at least 14 later reports"


def test_the_four_quantities_each_have_claims(brief) -> None:
    quantities = brief.measures.set_index("measure_id")["quantity"]
    per_quantity = brief.claims["measure_id"].map(quantities).value_counts()
    assert len(per_quantity) >= 4 and (per_quantity >= 5).all(), per_quantity.to_dict()


def test_a_figure_reads_as_its_page_gives_it(brief) -> None:
    """Hedge words before the number, verbatim; a range as a range; a vague amount as its words."""
    view = claims_view(brief)
    for row in view.itertuples():
        claim = brief.claims.set_index("claim_id").loc[row.claim_id]
        if row.bound in ("point", "lower", "upper", "range") and claim["hedge"] and ";" not in claim["hedge"]:
            assert row.figure.startswith(claim["hedge"]), row.claim_id
        if row.bound == "range":
            assert "–" in row.figure, row.claim_id
        if row.bound == "vague":
            assert row.figure == claim["hedge"], row.claim_id
    assert {"point", "lower", "upper", "range", "vague", "answer"} <= set(view["bound"])


def test_an_answer_after_another_organisations_yes_is_flagged_for_as_long_as_it_lasts(brief) -> None:
    """A yes/no disagreement holds the first organisation's yes and the other's later not-yes claims, each from the
    data; at least one lasts four weeks or more (State and the Pentagon on combat, in this data)."""
    view = claims_view(brief).set_index("claim_id")
    kinds = brief.measures.set_index("measure_id")["kind"]
    found = [d for d in disagreements(brief) if kinds[d.measure_id] == MeasureKind.YES_NO]
    assert found
    for disagreement in found:
        claims = view.loc[list(disagreement.claim_ids)]
        first = claims.iloc[0]
        assert first["answer"] == "yes" and first["speaker_org"] == disagreement.organisations[0]
        later = claims[(claims["speaker_org"] == disagreement.organisations[1]) & (claims["answer"] != "yes")]
        assert len(later) and (later["date"] >= first["date"]).all(), disagreement
    assert max((d.end - d.start).days for d in found) >= 28


def test_figures_that_cannot_both_hold_are_flagged_and_only_those(brief) -> None:
    view = claims_view(brief).set_index("claim_id")
    kinds = brief.measures.set_index("measure_id")["kind"]
    found = [d for d in disagreements(brief) if kinds[d.measure_id] == MeasureKind.COUNT]
    assert found
    for disagreement in found:
        one, other = (view.loc[c] for c in disagreement.claim_ids[:2])
        assert one["speaker_org"] != other["speaker_org"] and abs((one["date"] - other["date"]).days) <= 7
        assert one["origin_id"] != other["origin_id"], "one statement relayed never disagrees with itself"
        low = [c["value_min"] for c in (one, other)]
        high = [c["value_max"] for c in (one, other)]
        assert any(h is not None and lo is not None and h < lo for h, lo in zip(high, low[::-1], strict=True)) or (
            one["hedge"] or other["hedge"]
        ), disagreement


def test_relays_that_change_the_speaker_or_the_hedge_are_shown_as_such(brief) -> None:
    view = claims_view(brief).set_index("claim_id")
    findings = relay_findings(brief)
    speakers = [f for f in findings if "speaker" in f.differs]
    hedges = [f for f in findings if "hedge" in f.differs]
    assert speakers and hedges
    for finding in speakers:
        orgs = {view.loc[c, "speaker_org"] for c in finding.claim_ids} - {""}
        assert len(orgs) > 1 and len({view.loc[c, "origin_id"] for c in finding.claim_ids}) == 1
    for finding in hedges:
        assert len({view.loc[c, "hedge"].lower() for c in finding.claim_ids}) > 1


def test_one_statement_is_one_mark_however_many_pages_relay_it(brief) -> None:
    for measure in brief.measures["measure_id"]:
        shown, _ = statements(brief, ClaimsView(measure))
        assert not shown.duplicated(["origin_id", "status"]).any(), measure
        claims = brief.claims[brief.claims["measure_id"] == measure]
        for row in shown.itertuples():
            relays = claims[(claims["origin_id"] == row.origin_id) & (claims["status"] == row.status)]
            assert row.relays == len(relays) or row.relays <= len(relays), measure


def test_as_of_keeps_only_what_was_published_by_then(brief) -> None:
    view = claims_view(brief)
    first = published_by(view, brief.as_of)
    assert set(first["published"]) <= {p for p in view["published"] if p and date.fromisoformat(p) <= brief.as_of}
    assert set(first["claim_id"]) >= set(
        brief.claims.loc[brief.claims["source_id"] == brief.report["source_id"], "claim_id"]
    )
    later = changes(brief, brief.as_of, date(2024, 12, 31)) + changes(brief, date(2024, 11, 20), date(2024, 12, 31))
    assert {c.kind for c in later} >= {"new", "revised", "flipped"}
    for change in later:
        if change.before:
            old, new = view.set_index("claim_id").loc[[change.before, change.claim_id], "date"]
            assert old <= new


def test_every_measure_draws_and_describes_without_hover(brief) -> None:
    for measure in brief.measures["measure_id"]:
        view = ClaimsView(measure)
        figure = claims_figure(brief, view, SCREEN)
        shown, _ = statements(brief, view)
        labels = {
            a.name.removeprefix("label "): a.text
            for a in figure.layout.annotations
            if (a.name or "").startswith("label ")
        }
        assert set(labels) == set(shown["claim_id"]), measure
        for row in shown.itertuples():
            assert escape_plotly(row.figure) in labels[row.claim_id], measure
            if row.bound != "answer":  # a yes/no chart names the organisation on the row's axis, not in the label
                speaker = escape_plotly(row.speaker_org or OUTLET)
                assert speaker in labels[row.claim_id].replace("<br>", " "), measure
        assert claims_alt_text(brief, view).count(":") >= len(shown)


def test_a_page_no_code_knows_joins_the_story_from_rows_alone(data_copy, monkeypatch) -> None:
    """A made-up page with its fingerprint and one claim, added as rows: the Story page draws and describes it."""
    text = "Fixture Gazette, a paper made up for this test.\nThe fixture ministry said “at least 123,456 soldiers” were there."
    with (data_copy / "sources.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            [
                "fixture_gazette",
                "page",
                "A made-up page for a test",
                "Fixture Gazette",
                "fixture.example",
                "2024-11-20",
                "",
                2,
                "Fixture Gazette, 20 Nov 2024",
                "Test data",
                "tests",
                "2026-12-07",
            ]
        )
    fingerprint_path(data_copy, "fixture_gazette").write_text(
        fingerprint_text("fixture_gazette", text).to_json(), encoding="utf-8"
    )
    with (DATA / "measures.csv").open(encoding="utf-8") as handle:
        measure = next(m for m in csv.DictReader(handle) if m["kind"] == "count")  # the page's first measure
    with (DATA / "claims.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    row = dict.fromkeys(header, "") | {
        "claim_id": "fixture_claim",
        "source_id": "fixture_gazette",
        "paragraphs": "2",
        "measure_id": measure["measure_id"],
        "origin_id": "fixture_ministry_2024_11_20",
        "speaker_org": "Fixture ministry",
        "value_min": "123456",
        "hedge": "at least",
        "applies": "2024-11-20",
        "background": "false",
        "status": "claimed",
        "quote": "at least 123,456 soldiers",
        "summary": "The made-up ministry gave a made-up lower bound.",
    }
    with (data_copy / "claims.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, header, lineterminator="\n").writerow(row)
    brief = load_brief(data_copy)
    shown, _ = statements(brief, ClaimsView(measure["measure_id"]))
    assert "fixture_claim" in set(shown["claim_id"])
    monkeypatch.setenv("KURSK_BRIEF_DATA", str(data_copy))
    at = run_page("kursk_brief/app/pages/story.py")
    assert not at.exception
    alt = next(c.value for c in at.caption if c.value.startswith("Alt text:"))
    assert "123,456" in alt and "Fixture ministry" in alt
    assert f"**{len(brief.claims)}** claims" in " ".join(m.value for m in at.markdown)


def test_drafts_point_at_each_figure_with_its_hedge_and_quote() -> None:
    lines = paragraphs(
        "\n".join(
            [
                "Made-up Wire, Nov. 4, 2024: John Example said up to 8,000 troops were there.",
                "",
                "“We think at least 10,000 are in the region,” said Jane Sample.",
            ]
        )
    )
    found = drafts("made_up_page", lines)
    assert [(d["paragraphs"], d["value_min"], d["value_max"], d["hedge"]) for d in found] == [
        ("1", "", "8000", "up to"),
        ("2", "10000", "", "at least"),
    ], "the year and the day of the month are not figures; line 2 of the file is paragraph 2"
    assert found[1]["quote"] == "We think at least 10,000 are in the region,"
    assert "John Example" in found[0]["speaker_name"] and all(d["summary"].startswith("DRAFT") for d in found)


def test_the_story_chart_exports_at_each_size_with_its_title_and_alt_text(brief) -> None:
    import io

    from PIL import Image

    from kursk_brief.out import export

    view = ClaimsView(brief.claims["measure_id"].value_counts().index[0])
    alt = claims_alt_text(brief, view)
    try:
        for size in export.SIZES[:1]:
            png = export.render(claims_figure(brief, view, size.look()), "png", size, alt=alt)
            assert Image.open(io.BytesIO(png)).size == (size.width * size.scale, size.height * size.scale)
        svg = export.render(claims_figure(brief, view, export.SIZES[0].look()), "svg", export.SIZES[0], alt=alt)
    finally:
        export.stop()
    text = svg.decode("utf-8")
    label = brief.measures.set_index("measure_id").loc[view.measure, "label"]
    assert label in text and "<desc" in text and "hover" not in alt
