"""The story's tables: what is counted (`measures.csv`) and who gave which figure for it, where and how hedged
(`claims.csv`).

A claim keeps apart what the issue of following a story across reports turns on: the figure as a point, a range or a
bound with its hedge words as the page writes them; the original speaker (person, role, organisation) apart from the
outlet that wrote the story and the site that stores it (both in `sources.csv`); the statement it goes back to
(`origin_id`), so that five pages relaying one briefing count as one origin; and the day the figure applies apart
from the day the page was published.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from kursk_brief.schema.rows import Figure, Id, IsoDate, Paragraphs, Row, Status, Text


class MeasureKind(StrEnum):
    """A count (troops, casualties) or a yes/no question (are they fighting?)."""

    COUNT = "count"
    YES_NO = "yes_no"


class Answer(StrEnum):
    """A speaker's answer to a yes/no measure; *cannot confirm* is not *no*."""

    YES = "yes"
    NO = "no"
    NOT_CONFIRMED = "not_confirmed"


ANSWER_WORDS: dict[Answer, str] = {
    Answer.YES: "yes",
    Answer.NO: "no",
    Answer.NOT_CONFIRMED: "not confirmed",
}


class MeasureRow(Row):
    measure_id: Id = Field(description="Unique id of the measure.")
    quantity: Text = Field(
        description="The story quantity the measure belongs to, in our words (`Troops in the Kursk region`, "
        "`Losses`); the Story page groups measures by it, in the order the file first names each."
    )
    label: Text = Field(description="What is counted or asked, in our words: the chart's title.")
    kind: MeasureKind = Field(description="`count` (figures) or `yes_no` (answers).")
    unit: str | None = Field(None, description="For counts: the unit (`troops`, `casualties`).")
    where: str | None = Field(None, description="Where the counted troops are, as the measure bounds it.")
    scope: str | None = Field(
        None,
        description="What exactly is counted (`killed or wounded`, `battle casualties including missing and "
        "captured`): figures of different scopes never share a chart.",
    )
    period: str | None = Field(None, description="The period counted: `in all`, or a window (`within one week`).")


class ClaimRow(Row):
    claim_id: Id = Field(description="Unique id of the claim.")
    source_id: Id = Field(description="The page (or report) that carries the claim.")
    paragraphs: Paragraphs = Field(min_length=1, description="Paragraphs (lines of the stored text) it rests on.")
    measure_id: Id = Field(description="What the figure counts or the answer answers.")
    origin_id: Id = Field(
        description="The statement the claim goes back to: one speaker on one occasion. Claims of several pages with "
        "one origin are one source relayed, not several sources agreeing."
    )
    speaker_name: str | None = Field(None, description="The person the page says gave it; blank when unnamed.")
    speaker_role: str | None = Field(None, description="The speaker's role as the page gives it.")
    speaker_org: str | None = Field(
        None,
        description="The organisation the page attributes it to (`Pentagon`, `South Korea NIS`); blank when the "
        "outlet says it in its own voice.",
    )
    value_min: Figure | None = Field(
        None,
        description="For counts: the lower end. A point has both ends equal; `at least`, `more than` give only the "
        "lower end; `up to` only the upper; a vague amount (`several hundred`) neither.",
    )
    value_max: Figure | None = Field(None, description="For counts: the upper end.")
    hedge: str | None = Field(None, description="The hedge words verbatim, as this page writes them by the figure.")
    answer: Answer | None = Field(
        None, description="For yes/no measures: `yes`, `no` or `not_confirmed` (cannot confirm, have not seen)."
    )
    applies: IsoDate | None = Field(
        None, description="The day the figure applies to (the day it was given), when the page lets us know it."
    )
    applies_note: str | None = Field(None, description="How `applies` was established, from the page's words.")
    background: bool = Field(
        False,
        description="`true` when the page restates an earlier figure as background: such a claim is dated by its "
        "`applies` alone, never by the page's publication, so an old figure is not read as news.",
    )
    status: Status = Field(
        description="`claimed` (a speaker asserts it), `anticipated` (expected, planned), `reported` (the outlet's "
        "own voice)."
    )
    quote: str | None = Field(
        None,
        description="Quoted speech carrying the figure or answer, verbatim: what the page puts in quotation marks, "
        "or a run of words within it.",
    )
    summary: Text = Field(description="The claim in our own words (never seven words in a row from the page).")


CLAIM_RULES = [
    "a claim on a `count` measure has no `answer`, a `value_min` not above its `value_max`, and a figure or hedge "
    "words (a vague amount has no figure but its words);",
    "a claim on a `yes_no` measure has an `answer` and no figure;",
    "a claim's `applies` is not after its source's publication;",
    "a claim's `quote` is words the cited paragraphs put in quotation marks, checked against the source's fingerprint;",
    "a claim cites a `report` or a `page`; `derived` is not a typed status.",
]
"""The claim rules as the data dictionary lists them; `data/claim_rules.py` enforces each."""
