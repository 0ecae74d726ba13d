"""Stage 3 rules of the story's tables (`measures.csv`, `claims.csv`), as the data dictionary lists them.

Kept apart from `table_rules` (the brief's tables): a claim's checks turn on its measure's kind and its source's
fingerprint, which no other table has.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from kursk_brief.data.fingerprint import is_quoted_run
from kursk_brief.data.rules import DERIVED, PAGE, REPORT, Rules
from kursk_brief.data.table_rules import unique_names
from kursk_brief.schema.claims import MeasureKind

COUNT, YES_NO = MeasureKind.COUNT.value, MeasureKind.YES_NO.value


def check_measures(rules: Rules) -> None:
    """A measure's label is its name in the Story page's picker and in `?measure=`: one measure per label."""
    measures = rules.rows["measures"]
    unique_names(rules, "measures", measures, measures["label"], pd.Series("label", index=measures.index), "measure")


def check_claims(rules: Rules) -> None:
    claims = rules.rows["claims"]
    rules.cited("claims", claims, kinds=(REPORT, PAGE))
    known = rules.refs("claims", claims, "measure_id", "measures")
    measures = rules.rows["measures"].drop_duplicates("measure_id").set_index("measure_id")
    kind = claims["measure_id"].map(measures["kind"]).where(known)
    low, high = pd.to_numeric(claims["value_min"]), pd.to_numeric(claims["value_max"])
    figure = low.notna() | high.notna()
    flag = rules.flag
    flag("claims", claims, claims["status"].eq(DERIVED), "status", "`derived` is made by code, not typed")
    flag("claims", claims, low.gt(high), "value_min", lambda row: f"above value_max ({row.value_max:g})")
    flag("claims", claims, kind.eq(COUNT) & claims["answer"].notna(), "answer", "a count measure takes no answer")
    flag(
        "claims",
        claims,
        kind.eq(COUNT) & ~figure & claims["hedge"].isna(),
        "value_min",
        "a count needs a figure, or the hedge words of a vague amount",
    )
    flag("claims", claims, kind.eq(YES_NO) & claims["answer"].isna(), "answer", "a yes/no measure needs an answer")
    flag("claims", claims, kind.eq(YES_NO) & figure, "value_min", "a yes/no measure takes no figure")
    published = claims["source_id"].map(_published(rules))
    late = [
        applies is not None and isinstance(day, str) and date.fromisoformat(applies) > date.fromisoformat(day)
        for applies, day in zip(claims["applies"], published, strict=True)
    ]
    flag(
        "claims",
        claims,
        pd.Series(late, index=claims.index, dtype=bool),
        "applies",
        lambda row: f"after its source's publication ({_published(rules)[row.source_id]})",
    )
    _check_words(rules, claims)


def _published(rules: Rules) -> dict[str, str | None]:
    sources = rules.rows["sources"]
    return dict(zip(sources["source_id"], sources["published"], strict=True))


def _check_words(rules: Rules, claims: pd.DataFrame) -> None:
    """The quote is the source's quoted speech, checked against its fingerprint (a summary in our own words is
    checked by the tests, against the same fingerprints, as the facts' summaries are)."""
    fingerprints = rules.fingerprints
    unquoted = [
        source in fingerprints and quote is not None and not is_quoted_run(fingerprints[source], quote, paragraphs)
        for source, quote, paragraphs in zip(claims["source_id"], claims["quote"], claims["paragraphs"], strict=True)
    ]
    rules.flag(
        "claims",
        claims,
        pd.Series(unquoted, index=claims.index, dtype=bool),
        "quote",
        lambda row: (
            f"not words the source puts in quotation marks in paragraphs {'; '.join(map(str, row.paragraphs))} "
            f"(checked against fingerprints/{row.source_id}.json)"
        ),
    )
