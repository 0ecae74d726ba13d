"""The story's claims as views read them: each claim with its provenance, the relays that changed what they relay,
and the disagreements between organisations.

What is compared, and how, is what makes figures from different pages comparable at all: only claims of one measure
(one scope, one period) are compared; a hedged point counts as a band around it (`APPROXIMATE`), a bound as open
on one side; and two pages relaying one statement (`origin_id`) are one origin, so they never disagree with each
other: where they differ it is a relay that changed the figure, its hedge or its speaker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from kursk_brief.data.brief import Brief, per_brief
from kursk_brief.data.phrases import citation
from kursk_brief.schema.claims import ANSWER_WORDS, Answer, MeasureKind
from kursk_brief.schema.rows import Status

APPROXIMATE = 0.1
"""A point with hedge words (`about 11,000`) stands for the band ±10 % around it when figures are compared; an
unhedged point for itself. Two figures disagree only when their bands cannot both hold."""
WITHIN_DAYS = 7
"""Figures of two organisations are compared when given within a week of each other: further apart, a change is
the story moving, not a disagreement."""
ANSWER_DAYS = 45
"""A later "not confirmed" is held against an earlier "yes" of another organisation for this long."""
RELAYED = ("value_min", "value_max", "hedge", "answer", "speaker_org")
"""What a relay of one statement must keep; a copy that changes any of these is shown as a finding."""
FIELD_WORDS = {
    "value_min": "figure",
    "value_max": "figure",
    "hedge": "hedge",
    "answer": "answer",
    "speaker_org": "speaker",
}


def figure_text(claim: pd.Series) -> str:
    """The figure as the page gives it: its hedge words verbatim before the number (`at least 10,000`), a range as
    `11,000–12,000`, a vague amount as its words alone (`several hundred`), an answer in words."""
    if claim["answer"] is not None:
        return ANSWER_WORDS[Answer(claim["answer"])]
    low, high = claim["value_min"], claim["value_max"]
    hedge = claim["hedge"] or ""
    if low is None and high is None:
        return hedge
    if low is not None and high is not None and low != high:
        number = f"{_number(low)}–{_number(high)}"
    else:
        number = _number(low if low is not None else high)
    if ";" in hedge:  # several hedges (`estimated; reportedly`): said after the number, as the page's words
        return f"{number} ({hedge.replace(';', ',')})"
    return f"{hedge} {number}".strip()


def _missing(value: object) -> bool:
    """A blank cell: None, or the NaN a float column holds for one."""
    return value is None or (isinstance(value, float) and value != value)


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def bound(claim: pd.Series) -> str:
    """How the figure bounds the count: `point`, `range`, `lower` (at least), `upper` (up to), `vague`, `answer`."""
    low, high = claim["value_min"], claim["value_max"]
    if claim["answer"] is not None:
        return "answer"
    if low is None and high is None:
        return "vague"
    if low is None:
        return "upper"
    if high is None:
        return "lower"
    return "point" if low == high else "range"


def speaker(claim: pd.Series) -> str:
    """`Pat Ryder, Pentagon press secretary (Pentagon)`: as far as the page names the speaker; the outlet's own
    voice when it names none."""
    who = ", ".join(part for part in (claim["speaker_name"], claim["speaker_role"]) if part)
    org = claim["speaker_org"]
    if who and org:
        return f"{who} ({org})"
    return who or org or "the outlet itself"


@per_brief
def claims_view(brief: Brief) -> pd.DataFrame:
    """One row per claim with every provenance field apart: speaker, outlet, site, the three dates, the citation."""
    claims = brief.claims
    if claims.empty:
        return pd.DataFrame(columns=[*VIEW_COLUMNS, "date", "measure_id", "origin_id", "claim_id", "bound"])
    sources = pd.concat([brief.sources, brief.pages]).set_index("source_id")
    measures = brief.measures.set_index("measure_id")
    rows = []
    for record in claims.to_dict("records"):
        claim = pd.Series({key: None if _missing(value) else value for key, value in record.items()}, dtype=object)
        source = sources.loc[claim["source_id"]]
        measure = measures.loc[claim["measure_id"]]
        day = claim["applies"] or (None if claim["background"] else source["published"])
        rows.append(
            {
                "claim_id": claim["claim_id"],
                "measure_id": claim["measure_id"],
                "origin_id": claim["origin_id"],
                "quantity": measure["quantity"],
                "measure": measure["label"],
                "figure": figure_text(claim),
                "bound": bound(claim),
                "value_min": claim["value_min"],
                "value_max": claim["value_max"],
                "hedge": claim["hedge"] or "",
                "answer": claim["answer"] or "",
                "speaker": speaker(claim),
                "speaker_org": claim["speaker_org"] or "",
                "status": claim["status"],
                "background": bool(claim["background"]),
                "date": date.fromisoformat(day) if day else None,
                "applies": claim["applies"] or "",
                "published": source["published"] or "",
                "read": source["read"] or "",
                "outlet": source["publisher"],
                "site": source["site"] or "",
                "quote": claim["quote"] or "",
                "summary": claim["summary"],
                "citation": citation(brief, claim["source_id"], claim["paragraphs"]),
            }
        )
    view = pd.DataFrame(rows)
    for column in ("value_min", "value_max"):  # blank stays None, never NaN: every reader tests `is None`
        view[column] = view[column].astype(object).where(view[column].notna(), None)
    return view


VIEW_COLUMNS = (
    "quantity",
    "measure",
    "figure",
    "hedge",
    "answer",
    "speaker",
    "status",
    "applies",
    "published",
    "read",
    "outlet",
    "site",
    "quote",
    "summary",
    "citation",
)
"""The columns a table of claims shows, in order: what, how much, who, when, where it was read."""


@dataclass(frozen=True)
class RelayFinding:
    """The versions of one statement on one measure, with one status, that do not all say the same: what differs
    among them (`figure`, `hedge`, `answer`, `speaker`), and every version's claim, each as its page gives it."""

    origin_id: str
    measure_id: str
    differs: tuple[str, ...]
    claim_ids: tuple[str, ...]


@per_brief
def relay_findings(brief: Brief) -> list[RelayFinding]:
    """Every statement whose relays (or two passages of one page) give a measure differently: another figure, other
    hedge words, another answer or another speaking organisation. An expectation is not compared with a claim."""
    found = []
    for (origin, measure, _), group in brief.claims.groupby(["origin_id", "measure_id", "status"], sort=False):
        versions = [{k: None if _missing(v) else v for k, v in r.items()} for r in group.to_dict("records")]
        differs = [
            word
            for i, first in enumerate(versions)
            for second in versions[i + 1 :]
            for word in _differences(first, second)
        ]
        if differs:
            ids = tuple(version["claim_id"] for version in versions)
            found.append(RelayFinding(origin, measure, tuple(dict.fromkeys(differs)), ids))
    return found


def _differences(first: dict, second: dict) -> tuple[str, ...]:
    """The relayed fields two versions give differently (a field one leaves blank is not a difference: the page may
    not have carried it), in words, each once."""
    words: list[str] = []
    for field in RELAYED:
        one, other = first[field], second[field]
        if field == "hedge":
            one, other = (one or "").lower(), (other or "").lower()
            differ = one != other
        else:
            differ = one is not None and other is not None and one != other
        if differ and FIELD_WORDS[field] not in words:
            words.append(FIELD_WORDS[field])
    return tuple(words)


@dataclass(frozen=True)
class Disagreement:
    """Two organisations whose claims on one measure cannot both hold: for a count, figures within `WITHIN_DAYS`
    whose bands do not meet; for a yes/no measure, a later *no* or *not confirmed* after another's *yes*."""

    measure_id: str
    organisations: tuple[str, str]
    claim_ids: tuple[str, ...]
    start: date
    end: date


@per_brief
def disagreements(brief: Brief) -> list[Disagreement]:
    """Every pair of organisations that disagree on a measure, once per pair and measure."""
    return disagreements_among(brief, claims_view(brief))


def disagreements_among(brief: Brief, view: pd.DataFrame) -> list[Disagreement]:
    """As `disagreements`, among some of the claims (those published by a day)."""
    if view.empty:
        return []
    dated = view[view["date"].notna() & view["speaker_org"].ne("") & view["status"].ne(Status.ANTICIPATED)]
    kinds = brief.measures.set_index("measure_id")["kind"]
    found: list[Disagreement] = []
    for measure, claims in dated.groupby("measure_id", sort=False):
        origins = claims.sort_values("date").drop_duplicates("origin_id")  # one claim per statement: its earliest
        if kinds[measure] == MeasureKind.YES_NO:
            found += _answer_disagreements(measure, origins)
        else:
            found += _figure_disagreements(measure, origins[origins["bound"] != "vague"])
    return found


def _band(claim: pd.Series) -> tuple[float, float]:
    low, high = claim["value_min"], claim["value_max"]
    if low is not None and high is not None and low == high and claim["hedge"]:
        return low * (1 - APPROXIMATE), high * (1 + APPROXIMATE)
    return (low if low is not None else float("-inf")), (high if high is not None else float("inf"))


def _figure_disagreements(measure: str, claims: pd.DataFrame) -> list[Disagreement]:
    pairs: dict[tuple[str, str], list[pd.Series]] = {}
    records = [row for _, row in claims.iterrows()]
    for i, first in enumerate(records):
        for second in records[i + 1 :]:
            if first["speaker_org"] == second["speaker_org"]:
                continue
            if abs((second["date"] - first["date"]).days) > WITHIN_DAYS:
                continue
            (low_a, high_a), (low_b, high_b) = _band(first), _band(second)
            if high_a < low_b or high_b < low_a:
                key = (first["speaker_org"], second["speaker_org"])
                pairs.setdefault(key, []).extend([first, second])
    return [_disagreement(measure, key, rows) for key, rows in pairs.items()]


def _answer_disagreements(measure: str, claims: pd.DataFrame) -> list[Disagreement]:
    found = []
    yes = claims[claims["answer"] == Answer.YES]
    for org, said in yes.groupby("speaker_org", sort=False):
        first_yes = said.iloc[0]
        for other, answers in claims[claims["speaker_org"] != org].groupby("speaker_org", sort=False):
            their_yes = answers[answers["answer"] == Answer.YES]["date"]
            until = their_yes.min() if len(their_yes) else None
            later = answers[
                (answers["answer"] != Answer.YES)
                & (answers["date"] >= first_yes["date"])
                & (answers["date"] <= first_yes["date"] + timedelta(days=ANSWER_DAYS))
                & ((answers["date"] < until) if until is not None else True)
            ]
            if len(later):
                rows = [first_yes, *[row for _, row in later.iterrows()]]
                if until is not None:
                    rows.append(answers[answers["date"] == until].iloc[0])
                found.append(_disagreement(measure, (org, other), rows))
    return found


def _disagreement(measure: str, organisations: tuple[str, str], rows: list[pd.Series]) -> Disagreement:
    ids = tuple(dict.fromkeys(row["claim_id"] for row in sorted(rows, key=lambda row: row["date"])))
    days = [row["date"] for row in rows]
    return Disagreement(measure, organisations, ids, min(days), max(days))


def published_by(claims: pd.DataFrame, as_of: date | None) -> pd.DataFrame:
    """The claims whose page was published by `as_of` (all of them for None). A page whose date its text does not
    give cannot be placed before any day: it is left out of every dated view, and the page says how many are."""
    if as_of is None:
        return claims
    published = pd.to_datetime(claims["published"].replace("", None)).dt.date
    return claims[published.notna() & (published <= as_of)]


def latest_date(brief: Brief) -> date:
    """The newest publication date among the claims' pages: a view's default `as_of`, the story as it stands."""
    days = [d for d in claims_view(brief)["published"] if d]
    return max(date.fromisoformat(d) for d in days) if days else brief.as_of


@dataclass(frozen=True)
class Change:
    """One thing that changed between two days: `kind` is `new`, `revised` (an organisation's figure for a measure,
    old → new) or `flipped` (its yes/no answer); `before` is the claim it replaces, None for a new claim."""

    kind: str
    measure_id: str
    organisation: str
    claim_id: str
    before: str | None = None


def changes(brief: Brief, since: date, as_of: date) -> list[Change]:
    """What a reader who last looked on `since` has not seen by `as_of`: the claims published in between, and for
    each organisation and measure whose latest dated claim is now another one, the old and the new, as a revised
    figure or a flipped answer (expectations aside: an expected *yes* is not an answer)."""
    view = claims_view(brief)
    if view.empty:
        return []
    then, now = published_by(view, since), published_by(view, as_of)
    found = [
        Change("new", row.measure_id, row.speaker_org or "the outlet itself", row.claim_id)
        for row in now[~now["claim_id"].isin(then["claim_id"])].itertuples()
    ]
    kinds = brief.measures.set_index("measure_id")["kind"]
    for (measure, org), current in _latest(now).items():
        before = _latest(then).get((measure, org))
        if before is None or before["figure"].lower() == current["figure"].lower():
            continue
        kind = "flipped" if kinds[measure] == MeasureKind.YES_NO else "revised"
        found.append(Change(kind, measure, org, current["claim_id"], before["claim_id"]))
    return found


def _latest(claims: pd.DataFrame) -> dict[tuple[str, str], pd.Series]:
    """Each organisation's latest dated claim per measure (claims and reports, not expectations or vague amounts)."""
    usable = claims[
        claims["date"].notna()
        & claims["speaker_org"].ne("")
        & claims["status"].ne(Status.ANTICIPATED)
        & claims["bound"].ne("vague")
    ]
    ordered = usable.sort_values(["date", "published"], kind="stable")
    return {(row["measure_id"], row["speaker_org"]): row for _, row in ordered.iterrows()}
