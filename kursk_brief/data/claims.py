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

import numpy as np
import pandas as pd

from kursk_brief.data.brief import Brief, per_brief
from kursk_brief.data.phrases import paragraph_marks
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
OUTLET = "the outlet itself"
"""Who speaks when the page names no one: the outlet, in its own voice."""
FIELD_WORDS = {
    "value_min": "figure",
    "value_max": "figure",
    "hedge": "hedge",
    "answer": "answer",
    "speaker_org": "speaker",
}


def figure_texts(claims: pd.DataFrame) -> pd.Series:
    """Each figure as its page gives it: the hedge words verbatim before the number (`at least 10,000`), a range as
    `11,000–12,000`, several hedges after it (`10,000 (estimated, reportedly)`), a vague amount as its words alone
    (`several hundred`), an answer in words. Column by column, so 100,000 claims cost what their distinct values do."""
    low, high = claims["value_min"], claims["value_max"]
    hedge = claims["hedge"].fillna("")
    low_text, high_text = low.map(_number, na_action="ignore"), high.map(_number, na_action="ignore")
    number = low_text.where(low.notna(), high_text)
    number = number.where(~(low.notna() & high.notna() & (low != high)), low_text + "–" + high_text).fillna("")
    several = hedge.str.contains(";", regex=False)
    text = (hedge + " " + number).str.strip()
    text = text.where(~several, number + " (" + hedge.str.replace(";", ",", regex=False) + ")")
    text = text.where(number.ne(""), hedge)
    answers = claims["answer"].map(lambda a: ANSWER_WORDS[Answer(a)], na_action="ignore")
    return answers.where(claims["answer"].notna(), text)


def bounds(claims: pd.DataFrame) -> pd.Series:
    """How each figure bounds the count: `point`, `range`, `lower` (at least), `upper` (up to), `vague`, `answer`."""
    low, high = claims["value_min"], claims["value_max"]
    conditions = [claims["answer"].notna(), low.isna() & high.isna(), low.isna(), high.isna(), low == high]
    return pd.Series(np.select(conditions, ["answer", "vague", "upper", "lower", "point"], "range"), index=claims.index)


def speakers(claims: pd.DataFrame) -> pd.Series:
    """`Pat Ryder, Pentagon press secretary (Pentagon)`: as far as the page names the speaker; the outlet's own
    voice when it names none."""
    name, role, org = (claims[c].fillna("") for c in ("speaker_name", "speaker_role", "speaker_org"))
    who = (name + ", " + role).str.strip(", ").where(name.ne("") & role.ne(""), name + role)
    named = who + " (" + org + ")"
    return named.where(who.ne("") & org.ne(""), (who + org).replace("", OUTLET))


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _days(texts: pd.Series) -> pd.Series:
    """ISO strings (or None) as dates, each distinct string parsed once."""
    parsed = {text: date.fromisoformat(text) for text in texts.dropna().unique()}
    return texts.map(parsed).astype(object).where(texts.notna(), None)


@per_brief
def claims_view(brief: Brief) -> pd.DataFrame:
    """One row per claim with every provenance field apart: speaker, outlet, site, the three dates, the citation
    (no claims, no rows: the same columns)."""
    claims = brief.claims
    sources = pd.concat([brief.sources, brief.pages]).set_index("source_id")
    source = sources.reindex(claims["source_id"]).reset_index(drop=True)
    measure = brief.measures.set_index("measure_id").reindex(claims["measure_id"]).reset_index(drop=True)
    claims = claims.reset_index(drop=True)
    published = source["published"].astype(object).where(source["published"].notna(), None)
    day = claims["applies"].where(claims["applies"].notna(), published.where(~claims["background"].astype(bool), None))
    marks = {ps: paragraph_marks(list(ps)) for ps in claims["paragraphs"].map(tuple).unique()}
    labels = brief.citation_labels
    view = pd.DataFrame(
        {
            "claim_id": claims["claim_id"],
            "source_id": claims["source_id"],
            "measure_id": claims["measure_id"],
            "origin_id": claims["origin_id"],
            "quantity": measure["quantity"],
            "measure": measure["label"],
            "figure": figure_texts(claims),
            "bound": bounds(claims),
            "value_min": claims["value_min"].astype(object).where(claims["value_min"].notna(), None),
            "value_max": claims["value_max"].astype(object).where(claims["value_max"].notna(), None),
            "hedge": claims["hedge"].fillna(""),
            "answer": claims["answer"].fillna(""),
            "speaker": speakers(claims),
            "speaker_org": claims["speaker_org"].fillna(""),
            "status": claims["status"],
            "background": claims["background"].astype(bool),
            "date": _days(day),
            "applies": claims["applies"].fillna(""),
            "published": published.fillna(""),
            "read": source["read"].fillna(""),
            "outlet": source["publisher"],
            "site": source["site"].fillna(""),
            "quote": claims["quote"].fillna(""),
            "summary": claims["summary"],
            "citation": claims["source_id"].map(labels) + ", " + claims["paragraphs"].map(lambda ps: marks[tuple(ps)]),
        }
    )
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
    hedge words, another answer or another speaking organisation. A field one version leaves blank is no difference
    (the page may not have carried it); a hedge left out is. An expectation is not compared with a claim."""
    claims = brief.claims.assign(hedge_words=brief.claims["hedge"].fillna("").str.lower())
    grouped = claims.groupby(["origin_id", "measure_id", "status"], sort=False)
    columns = {field: "hedge_words" if field == "hedge" else field for field in RELAYED}
    distinct = grouped.agg(**{field: (column, "nunique") for field, column in columns.items()})
    differing = distinct[(distinct > 1).any(axis=1)]
    ids = grouped["claim_id"].agg(tuple)
    return [
        RelayFinding(
            origin,
            measure,
            tuple(dict.fromkeys(FIELD_WORDS[field] for field in RELAYED if row[field] > 1)),
            ids[(origin, measure, status)],
        )
        for (origin, measure, status), row in differing.iterrows()
    ]


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
        origins = claims.sort_values("date", kind="stable").drop_duplicates("origin_id")  # a statement: its earliest
        if kinds[measure] == MeasureKind.YES_NO:
            found += _answer_disagreements(measure, _distinct(origins, ["speaker_org", "answer", "date"]))
        else:
            counted = _with_bands(origins[origins["bound"] != "vague"])
            found += _figure_disagreements(measure, _distinct(counted, ["speaker_org", "low", "high", "date"]))
    return found


def _distinct(claims: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Claims that say the same on the same day, as one row holding all their ids: what is compared is what they say,
    so that a thousand statements of the same figure cost one comparison, not a thousand."""
    rows = claims.groupby(columns, sort=False, dropna=False).agg(claim_ids=("claim_id", tuple)).reset_index()
    return rows.sort_values("date", kind="stable").reset_index(drop=True)


def _with_bands(claims: pd.DataFrame) -> pd.DataFrame:
    """Each figure's band: a hedged point ±`APPROXIMATE`, an unhedged point itself, a bound open on one side."""
    low = pd.to_numeric(claims["value_min"]).fillna(float("-inf"))
    high = pd.to_numeric(claims["value_max"]).fillna(float("inf"))
    hedged = claims["bound"].eq("point") & claims["hedge"].ne("")
    return claims.assign(
        low=low.where(~hedged, low * (1 - APPROXIMATE)), high=high.where(~hedged, high * (1 + APPROXIMATE))
    )


def _figure_disagreements(measure: str, claims: pd.DataFrame) -> list[Disagreement]:
    pairs: dict[tuple[str, str], list[pd.Series]] = {}
    records = [row for _, row in claims.iterrows()]
    for i, first in enumerate(records):
        for second in records[i + 1 :]:
            if (second["date"] - first["date"]).days > WITHIN_DAYS:
                break  # in date order: every later record is further away
            if first["speaker_org"] == second["speaker_org"]:
                continue
            if first["high"] < second["low"] or second["high"] < first["low"]:
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
    ordered = sorted(rows, key=lambda row: row["date"])
    ids = tuple(dict.fromkeys(claim for row in ordered for claim in row["claim_ids"]))
    days = [row["date"] for row in rows]
    return Disagreement(measure, organisations, ids, min(days), max(days))


def published_by(claims: pd.DataFrame, as_of: date | None) -> pd.DataFrame:
    """The claims whose page was published by `as_of` (all of them for None). A page whose date its text does not
    give cannot be placed before any day: it is left out of every dated view, and the page says how many are."""
    if as_of is None:
        return claims
    published = claims["published"]  # ISO dates, validated: their text order is their calendar order
    return claims[published.ne("") & (published <= as_of.isoformat())]


def latest_date(brief: Brief) -> date:
    """The newest publication date among the claims' pages: a view's default `as_of`, the story as it stands."""
    published = claims_view(brief)["published"]
    latest = published[published.ne("")].max() if len(published) else None
    return date.fromisoformat(latest) if isinstance(latest, str) else brief.as_of


@dataclass(frozen=True)
class Change:
    """One thing that changed between two days: `kind` is `new`, `revised` (an organisation's figure for a measure,
    old → new) or `flipped` (its yes/no answer); `before` is the claim it replaces, None for a new claim."""

    kind: str
    measure_id: str
    organisation: str
    claim_id: str
    before: str | None = None


@per_brief
def changes(brief: Brief, since: date, as_of: date) -> list[Change]:
    """What a reader who last looked on `since` has not seen by `as_of`: the claims published in between, and for
    each organisation and measure whose latest dated claim is now another one, the old and the new, as a revised
    figure or a flipped answer (expectations aside: an expected *yes* is not an answer). Kept per pair of days:
    every rerun of the page asks again."""
    view = claims_view(brief)
    if view.empty:
        return []
    then, now = published_by(view, since), published_by(view, as_of)
    found = [
        Change("new", row.measure_id, row.speaker_org or OUTLET, row.claim_id)
        for row in now[~now["claim_id"].isin(then["claim_id"])].itertuples()
    ]
    kinds = brief.measures.set_index("measure_id")["kind"]
    earlier = _latest(then)
    for (measure, org), current in _latest(now).items():
        before = earlier.get((measure, org))
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
    latest = usable.sort_values(["date", "published"], kind="stable").drop_duplicates(
        ["measure_id", "speaker_org"], keep="last"
    )
    return {(row["measure_id"], row["speaker_org"]): row for row in latest.to_dict("records")}
