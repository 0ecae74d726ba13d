"""Rows the loader derives in code, each naming what it comes from: the share of a part in its whole, and the
dates of events the report dates by weekday or month.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from kursk_brief.data.phrases import (
    number_phrase,
)
from kursk_brief.data.table_rules import MONTHS, WEEKDAYS
from kursk_brief.schema.rows import FactKind, NumberForm, PlaceRole, Precision, Qualifier, Status


def derived_number_facts(facts: pd.DataFrame) -> pd.DataFrame:
    """For each count that is part of a larger count, derive its share and the remainder, citing both rows.

    Nobody in the report gives these figures, so derived rows have no actor; they are about whoever both counts are about.
    """
    by_id = facts.set_index("fact_id")
    rows = []
    for _, part in facts[facts["part_of"].notna()].iterrows():
        whole = by_id.loc[part["part_of"]]
        paragraphs = sorted(set(part["paragraphs"]) | set(whole["paragraphs"]))
        hedged = {*part["qualifier"], *whole["qualifier"]} - {Qualifier.AS_STATED.value}
        hedge = [Qualifier.APPROXIMATELY.value] if hedged else []
        whole_figure = number_phrase(whole)
        part_figure = number_phrase(part)
        base = {
            "source_id": part["source_id"],
            "paragraphs": paragraphs,
            "kind": FactKind.NUMBER.value,
            "status": Status.DERIVED.value,
            "topic": part["topic"],
            "actor_ids": [],
            "relation": None,
            "addressee_ids": [],
            "about_ids": list(dict.fromkeys([*part["about_ids"], *whole["about_ids"]])),
            "event_id": None,
            "number_form": NumberForm.COUNT.value,
            "qualifier": hedge,
            "part_of": None,
            "derived_from": [part["fact_id"], whole.name],
            "line": None,
        }
        share = 100 * part["value"] / whole["value"]
        remainder = whole["value"] - part["value"]
        rows.append(
            {
                **base,
                "fact_id": f"{part['fact_id']}_share",
                "place_id": part["place_id"],
                "place_role": part["place_role"],
                "value": round(share, 1),
                "unit": "percent",
                "counts": f"of the {whole_figure}: the share that the {part_figure} make up (both hedged)",
                "summary": (
                    f"Worked out by this app, not given in the report: the {part_figure} are about {share:.0f}% of "
                    f"the {whole_figure}. Both figures are hedged, so the share is too."
                ),
            }
        )
        rows.append(
            {
                **base,
                "fact_id": f"{part['fact_id']}_remainder",
                "place_id": None,
                "place_role": None,
                "value": remainder,
                "unit": whole["unit"],
                "counts": (
                    f"of the {whole_figure} that are not among the {part_figure} (both hedged); "
                    "the report does not say where they are"
                ),
                "summary": (
                    f"Worked out by this app, not given in the report: the {whole_figure}, less the {part_figure}, "
                    f"leaves about {remainder:,.0f} {whole['unit']}. Both figures are hedged, so this is too; the "
                    "report does not say where they are."
                ),
            }
        )
    return pd.DataFrame(rows, columns=[*facts.columns, "derived_from"], dtype=object)


def with_event_dates(events: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Give each event the extent the timeline may draw, and say how that extent was obtained.

    Adds `start`, `end` (ISO dates or None), `date_status` (`stated`, `derived`, `assumed window`,
    `undated`) and `date_basis`, a sentence shown in hover and table.
    """
    published = {
        row.source_id: date.fromisoformat(row.published) for row in sources.itertuples() if row.published is not None
    }
    extents: dict[str, tuple[date | None, date | None, str, str]] = {}

    def extent(event: pd.Series) -> tuple[date | None, date | None, str, str]:
        if event["event_id"] in extents:
            return extents[event["event_id"]]
        pub = published[event["source_id"]]
        precision = event["precision"]
        if precision == Precision.DAY:
            day = date.fromisoformat(event["date"])
            result = (day, day, "stated", "Date given in the report.")
        elif precision == Precision.WEEKDAY:
            day = last_weekday_before(pub, event["date_text"])
            result = (
                day,
                day,
                "derived",
                f"'{event['date_text']}' taken as the last one before publication ({pub:%d %b %Y}).",
            )
        elif precision == Precision.MONTH:
            first, last = last_month_up_to(pub, event["date_text"])
            result = (
                first,
                last,
                "derived",
                f"'{event['date_text']}' with no year: taken as the last one up to publication.",
            )
        elif precision == Precision.RELATIVE:
            anchor_id = event["anchor_event_id"]
            if anchor_id:
                anchor = extent(events.set_index("event_id", drop=False).loc[anchor_id])[0]
                anchor_name = (
                    f"{events.set_index('event_id').loc[anchor_id, 'title']} (as dated here: {anchor:%d %b %Y})"
                )
            else:
                anchor, anchor_name = pub, f"the report's publication ({pub:%d %b %Y})"
            result = (
                anchor + timedelta(days=int(event["window_days_min"])),
                anchor + timedelta(days=int(event["window_days_max"])),
                "assumed window",
                f"'{event['date_text']}', counted from {anchor_name}. {event['window_assumption']}",
            )
        elif precision == Precision.SINCE:
            anchor = extent(events.set_index("event_id", drop=False).loc[event["anchor_event_id"]])[0]
            result = (
                anchor,
                pub,
                "derived",
                f"'{event['date_text']}': drawn from {anchor.day} {anchor:%B}, the earliest day the report allows, to its "
                f"publication ({pub:%d %b %Y}); it may continue beyond.",
            )
        else:
            result = (None, None, "undated", "The report gives no date.")
        extents[event["event_id"]] = result
        return result

    columns = [extent(row) for _, row in events.iterrows()]
    out = events.copy()
    out["start"] = pd.Series([c[0].isoformat() if c[0] else None for c in columns], index=out.index, dtype=object)
    out["end"] = pd.Series([c[1].isoformat() if c[1] else None for c in columns], index=out.index, dtype=object)
    out["date_status"] = [c[2] for c in columns]
    out["date_basis"] = [c[3] for c in columns]
    return out


def last_weekday_before(published: date, weekday: str) -> date:
    """A weekday in a report means the most recent one before its publication day."""
    delta = (published.weekday() - WEEKDAYS.index(weekday)) % 7 or 7
    return published - timedelta(days=delta)


def last_month_up_to(published: date, month: str) -> tuple[date, date]:
    """A month named without a year means the most recent such month, the publication month included."""
    number = MONTHS.index(month) + 1
    year = published.year if number <= published.month else published.year - 1
    following = date(year + (number == 12), number % 12 + 1, 1)
    return date(year, number, 1), following - timedelta(days=1)


def derived_date_facts(events: pd.DataFrame) -> pd.DataFrame:
    """Every date the app worked out becomes a derived fact row, so it is listed, cited and labelled like the rest."""
    rows = []
    for _, event in events[events["date_status"] == "derived"].iterrows():
        span = (
            event["start"]
            if event["start"] == event["end"]
            else f"{event['start']} to {event['end']}"
            if event["precision"] == Precision.SINCE
            else f"{event['start'][:7]}"
        )
        rows.append(
            {
                "fact_id": f"{event['event_id']}_date",
                "source_id": event["source_id"],
                "paragraphs": event["paragraphs"],
                "kind": FactKind.DATE.value,
                "status": Status.DERIVED.value,
                "topic": "dates",
                "actor_ids": [],
                "relation": None,
                "addressee_ids": [],
                "about_ids": event["actor_ids"],
                "place_id": event["place_id"],
                "place_role": PlaceRole.LOCATED.value if event["place_id"] else None,
                "event_id": event["event_id"],
                "value": None,
                "unit": None,
                "number_form": NumberForm.COUNT.value,
                "qualifier": [],
                "counts": None,
                "part_of": None,
                "summary": f"{event['title']}: {span}. {event['date_basis']}",
                "derived_from": [f"event:{event['event_id']}", f"source:{event['source_id']}"],
                "line": None,
            }
        )
    return pd.DataFrame(rows, dtype=object)
