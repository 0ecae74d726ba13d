"""The Story page's composed lines: a claim as one version of a statement, and what changed since a day.

Apart from the page script so that the sentences are plain functions of tables, read by the ledger and the tests.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from kursk_brief.data.brief import Brief
from kursk_brief.data.claims import Change
from kursk_brief.words.escape import escape_markdown


def version_line(claim: pd.Series) -> str:
    """`**at least 10,000**: Pat Ryder, Pentagon press secretary (Pentagon), 4 Nov 2024; written by ABC News, read
    at abcnews.go.com (ABC News, 5 Nov 2024, ¶3)`: the figure, who gave it and when, who wrote it, where we read it."""
    site = f", read at {claim['site']}" if claim["site"] else ""
    day = f"{claim['date']:%-d %b %Y}" if claim["date"] else "undated"
    return (
        f"**{escape_markdown(claim['figure'])}**: {escape_markdown(claim['speaker'])}, {day}; written by "
        f"{escape_markdown(claim['outlet'])}{escape_markdown(site)} ({escape_markdown(claim['citation'])})"
    )


VERSIONS_SHOWN = 12
"""Versions listed under a finding; the rest are counted (a generated story relays one briefing a thousand times)."""


FINDINGS_SHOWN = 10
"""Findings listed in full on a page (disagreements, relays that differ); the rest are counted."""


def version_lines(rows: pd.DataFrame, claim_ids: Sequence[str]) -> str:
    """The claims (`rows`: the claims view indexed by claim id) as a markdown list, one version a line, the first
    `VERSIONS_SHOWN` of them, then how many more."""
    lines = [f"- {version_line(rows.loc[claim_id].rename(claim_id))}" for claim_id in claim_ids[:VERSIONS_SHOWN]]
    if len(claim_ids) > VERSIONS_SHOWN:
        lines.append(f"- and {len(claim_ids) - VERSIONS_SHOWN:,} more, each in the table below")
    return "\n".join(lines)


def more_findings(shown: int, found: int, noun: str) -> str:
    """`and 740 more statements whose versions differ, each in the table below`, or nothing when all are shown."""
    return f"And {found - shown:,} more {noun}, each in the table below." if found > shown else ""


def change_lines(brief: Brief, found: list[Change], rows: pd.DataFrame, measure: str) -> list[str]:
    """What changed, in words: how many new claims (on every measure, then this one), then this measure's revised
    figures and flipped answers, each old → new with its speaker (`rows`: the claims view indexed by claim id)."""
    new = [c for c in found if c.kind == "new"]
    here = [c for c in new if c.measure_id == measure]
    lines = [
        f"**{len(new):,}** new claims on every measure, **{len(here):,}** of them on this one (a claim whose page gives "
        "no date cannot be placed in between and is not counted)."
    ]
    for change in (c for c in found if c.kind != "new" and c.measure_id == measure):
        old, now = rows.loc[change.before], rows.loc[change.claim_id]
        verb = "answer changed" if change.kind == "flipped" else "figure revised"
        lines.append(
            f"- {escape_markdown(change.organisation)}, {verb}: {escape_markdown(old['figure'])} "
            f"({old['date']:%-d %b}) → **{escape_markdown(now['figure'])}** ({now['date']:%-d %b %Y})"
        )
    if len(lines) == 1:
        lines.append("No organisation's figure or answer on this measure changed in between.")
    return lines
