"""The data dictionary shipped with the data, rendered from the row models so that the two cannot drift apart."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, get_args, get_origin

from kursk_brief.schema.claims import CLAIM_RULES
from kursk_brief.schema.rows import (
    EARLIEST_DATE,
    LATEST_DATE,
    MAX_FIGURE,
    MAX_PARAGRAPHS,
    MAX_WINDOW_DAYS,
    RELATION_VERBS,
    STATUS_MEANING,
    STATUS_RULE,
)
from kursk_brief.schema.tables import TABLES


def _type_name(annotation: object) -> str:
    """A reader's name for a column type: enums list their allowed values, lists say how they are written."""
    args = [a for a in get_args(annotation) if a is not type(None)]
    origin = get_origin(annotation)
    if origin is Annotated:
        return _type_name(args[0])
    if origin is list:
        return f"list of {_type_name(args[0])}, `;`-separated"
    if args and origin is not None:
        return _type_name(args[0]) if len(args) == 1 else " or ".join(_type_name(a) for a in args)
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return "one of " + ", ".join(f"`{member.value}`" for member in annotation)
    return {str: "text", int: "integer", float: "number", bool: "`true`/`false`"}.get(annotation, str(annotation))


def data_dictionary() -> str:
    """Render the data dictionary from the models, so that the document shipped with the data is always current."""
    lines = [
        "# Data dictionary",
        "",
        "Generated from `kursk_brief/schema/` by `python scripts/write_data_dictionary.py`; do not edit by hand.",
        "Every file is UTF-8 CSV with a header row. Lists inside a cell are separated by `;`. A blank cell means",
        "*not stated*; it is shown as unknown, never filled in.",
        "",
        "## Status",
        "",
    ]
    lines += [f"- `{status.value}`: {meaning}." for status, meaning in STATUS_MEANING.items()]
    lines += ["", STATUS_RULE, "", "## Relations", ""]
    lines += [f"- `{relation.value}`: *{verb}*" for relation, verb in RELATION_VERBS.items()]
    lines += [
        "",
        "A relation is the report's own verb. `addressee_ids` names whom the words were addressed to only where the",
        "report names an addressee; whom they concern goes in `about_ids`. A statement about X is not a statement to X.",
    ]
    lines += [
        "",
        "## Date precision",
        "",
        "- `day`: the report gives a full date; drawn as a point.",
        "- `weekday`: the report names a weekday; the calendar date is derived as the last such weekday before",
        "  the report's publication, and labelled derived.",
        "- `month`: the report names a month without a year; the year is derived as the last such month up to",
        "  publication; drawn as a span over the month.",
        "- `relative`: an expectation such as *within days* or *soon*; drawn as a shaded window whose assumed bounds",
        "  (`window_days_min`..`window_days_max` after the anchor) and assumption are shown.",
        "- `since`: something lasting since an anchor event (*since August*); drawn from the anchor's start to",
        "  publication, open-ended, and labelled derived.",
        "- `unstated`: the report gives no date; drawn in the separate *undated* lane.",
    ]
    for stem, model in TABLES.items():
        lines += ["", f"## `{stem}.csv`", "", "| column | type | required | meaning |", "|---|---|---|---|"]
        for name, field in model.model_fields.items():
            required = "yes" if field.is_required() else "no"
            lines.append(f"| `{name}` | {_type_name(field.annotation)} | {required} | {field.description} |")
    lines += [
        "",
        "## Limits",
        "",
        "The loader rejects, each as a problem with file, line and column:",
        "",
        "- a header whose column name has spaces around it (`summary `);",
        "- any cell holding a control character (NUL, tab, escape, ...), a bidirectional override, or a line break;",
        "- two actors, or two places, under one display name (case aside): pickers, links and `?actor=`/`?place=`",
        "  name them by it;",
        f"- dates that are not `YYYY-MM-DD` in ASCII digits, not a calendar day, or outside {EARLIEST_DATE} to"
        f" {LATEST_DATE};",
        f"- figures that are not a finite number greater than 0 and at most {MAX_FIGURE:.0e}; ordinals that are not"
        " whole;",
        f"- paragraph numbers and counts above {MAX_PARAGRAPHS:,}, windows longer than {MAX_WINDOW_DAYS:,} days;",
        "- an event anchored to itself, to an event without a date, or in a cycle of anchors; `part_of` links that",
        "  point at the fact itself or form a cycle;",
        "- a quote whose text is not what the report puts in quotation marks in its paragraph, checked against the",
        "  report's fingerprint (`fingerprints/<source_id>.json`); a report without its fingerprint is itself a",
        "  problem, so that no quote is shown as verbatim unchecked (a page needs one as a report does);",
        *(f"- {rule}" for rule in CLAIM_RULES),
    ]
    lines += [
        "",
        "## Derived rows",
        "",
        "The loader adds rows with status `derived`, each with `derived_from` naming the rows it rests on:",
        "for every number with `part_of`, its share of and remainder within the larger number; for every event",
        "dated by weekday or by month without year, the calendar date worked out from the report's publication.",
        "",
    ]
    return "\n".join(lines)
