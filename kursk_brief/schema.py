"""The curated tables' schema: one pydantic model per CSV file, one documented field per column.

The models are the single place where a column's meaning, type and allowed values are written down; the
data dictionary shipped with the data (`data/DATA-DICTIONARY.md`) is generated from them, so the two
cannot drift apart.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, get_args, get_origin

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

ID_PATTERN = r"^[a-z][a-z0-9_]*$"


class Status(StrEnum):
    """How much weight a row can bear; the four are never mixed in one row."""

    REPORTED = "reported"
    CLAIMED = "claimed"
    ANTICIPATED = "anticipated"
    DERIVED = "derived"


STATUS_MEANING: dict[Status, str] = {
    Status.REPORTED: "the report states it as fact",
    Status.CLAIMED: "a named or unnamed party says or assesses it",
    Status.ANTICIPATED: "expected to happen; it had not happened when the report was written",
    Status.DERIVED: "worked out by this app from other rows, never typed in",
}


class FactKind(StrEnum):
    NUMBER = "number"
    STATEMENT = "statement"
    SITUATION = "situation"
    SILENCE = "silence"
    DATE = "date"


class Relation(StrEnum):
    ADDRESSED = "addressed"
    PRAISED = "praised"
    WARNED = "warned"
    CALLED_ON = "called_on"
    ASSESSED = "assessed"
    ANNOUNCED = "announced"
    MET = "met"
    REMARKED_ON = "remarked_on"


class Qualifier(StrEnum):
    APPROXIMATELY = "approximately"
    ESTIMATED = "estimated"
    REPORTEDLY = "reportedly"
    AS_STATED = "as_stated"


class ActorKind(StrEnum):
    PERSON = "person"
    STATE = "state"
    ORGANISATION = "organisation"
    GROUP = "group"


class PlaceKind(StrEnum):
    CITY = "city"
    REGION = "region"
    COUNTRY = "country"


class SourceKind(StrEnum):
    REPORT = "report"
    DATASET = "dataset"


class Lane(StrEnum):
    MILITARY = "military"
    DIPLOMATIC = "diplomatic"
    STATEMENTS = "statements"


class Precision(StrEnum):
    """How exactly the report dates an event; decides how the timeline may draw it."""

    DAY = "day"
    WEEKDAY = "weekday"
    MONTH = "month"
    RELATIVE = "relative"
    UNSTATED = "unstated"


def _split_list(value: object) -> object:
    """Lists are stored as `a;b` in one cell, so that a CSV stays one row per record and diffs stay small."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


Id = Annotated[str, Field(pattern=ID_PATTERN)]
IdList = Annotated[list[Id], BeforeValidator(_split_list)]
Paragraphs = Annotated[list[Annotated[int, Field(ge=1)]], BeforeValidator(_split_list)]
QualifierList = Annotated[list[Qualifier], BeforeValidator(_split_list)]
Text = Annotated[str, Field(min_length=1)]


class Row(BaseModel):
    """Common settings: unknown columns are errors, and strings are stripped of stray spaces."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class SourceRow(Row):
    source_id: Id = Field(description="Unique id of the source, used by every other table to cite it.")
    kind: SourceKind = Field(
        description="`report` (a text whose paragraphs are cited) or `dataset` (coordinates, boundaries)."
    )
    title: Text = Field(description="Descriptive title, in our own words.")
    publisher: Text = Field(description="Who published it.")
    published: str | None = Field(None, description="Publication date, ISO `YYYY-MM-DD`, when known.")
    published_note: str | None = Field(
        None, description="How the publication date was established (e.g. a year inferred from context)."
    )
    paragraph_count: int = Field(ge=0, description="Number of paragraphs that rows may cite (0 for datasets).")
    citation_label: Text = Field(description="How a citation names the source, e.g. `Alliance News, 1 Nov 2024`.")
    licence: Text = Field(description="Licence or terms under which the source is used.")
    locator: Text = Field(
        description="Where the copy we used lives (file path or package and version); never fetched at run time."
    )

    @field_validator("published")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError("must be an ISO date YYYY-MM-DD")
        return value


class ActorRow(Row):
    actor_id: Id = Field(description="Unique id of the actor.")
    label: Text = Field(
        description="How the report refers to the actor, in our words (used as the card title when no name is given)."
    )
    name: str | None = Field(
        None, description="Name as the report gives it; blank when the report does not name the actor."
    )
    kind: ActorKind = Field(description="`person`, `state`, `organisation` or `group`.")
    country_id: Id | None = Field(
        None, description="Actor id of the state the actor belongs to (a state names itself); blank if none."
    )
    role: str | None = Field(
        None, description="Role or title exactly as far as the report gives it; blank if it gives none."
    )
    unknowns: str | None = Field(None, description="What the report leaves unknown about this actor.")
    source_id: Id = Field(description="Source the actor is taken from.")
    paragraphs: Paragraphs = Field(min_length=1, description="Paragraphs mentioning the actor, `;`-separated.")


class PlaceRow(Row):
    place_id: Id = Field(description="Unique id of the place.")
    name: Text = Field(description="Place name in English.")
    kind: PlaceKind = Field(description="`city`, `region` or `country`.")
    iso_code: str | None = Field(
        None, description="ISO 3166 code of a region or country, the key into the boundary files."
    )
    lat: float | None = Field(None, ge=-90, le=90, description="Latitude (WGS84) of a city, from `coord_source_id`.")
    lon: float | None = Field(None, ge=-180, le=180, description="Longitude (WGS84) of a city, from `coord_source_id`.")
    coord_source_id: Id = Field(description="Dataset source that gives the coordinates or the boundary.")
    source_id: Id = Field(description="Report that mentions the place.")
    paragraphs: Paragraphs = Field(min_length=1, description="Paragraphs mentioning the place, `;`-separated.")
    note: str | None = Field(
        None, description="How the report uses the name (e.g. a capital standing for its government)."
    )


class FactRow(Row):
    fact_id: Id = Field(description="Unique id of the fact.")
    source_id: Id = Field(description="Report the fact rests on.")
    paragraphs: Paragraphs = Field(min_length=1, description="Paragraphs it rests on, `;`-separated.")
    kind: FactKind = Field(
        description="`number`, `statement`, `situation` or `silence` (`date` is for derived rows only)."
    )
    status: Status = Field(
        description="`reported`, `claimed` or `anticipated`; `derived` rows are made by code, never typed."
    )
    topic: Text = Field(description="Theme used for filtering, e.g. `deployment`, `combat`, `china`.")
    actor_ids: IdList = Field(
        default_factory=list, description="Who says, does or is counted, `;`-separated actor ids."
    )
    relation: Relation | None = Field(
        None, description="For statements: what the actors did towards the targets (`warned`, `called_on`, ...)."
    )
    target_actor_ids: IdList = Field(
        default_factory=list, description="Whom the statement addresses or concerns, `;`-separated actor ids."
    )
    place_id: Id | None = Field(None, description="Place the fact is about or happened in, if the report names one.")
    event_id: Id | None = Field(None, description="Event the fact belongs to, if any.")
    value: float | None = Field(None, description="For numbers: the figure.")
    unit: str | None = Field(None, description="For numbers: the unit (`troops`, `meetings`).")
    qualifier: QualifierList = Field(
        default_factory=list,
        description="For numbers: hedges the report attaches (`approximately;estimated;reportedly`, or `as_stated`).",
    )
    counts: str | None = Field(None, description="For numbers: exactly what is counted, in our words.")
    part_of: Id | None = Field(
        None,
        description="For numbers: a larger number fact this count is a part of; shares and remainders are derived from the pair.",
    )
    summary: Text = Field(description="The fact in our own words (never the report's sentence).")


class EventRow(Row):
    event_id: Id = Field(description="Unique id of the event.")
    source_id: Id = Field(description="Report the event rests on.")
    paragraphs: Paragraphs = Field(min_length=1, description="Paragraphs it rests on, `;`-separated.")
    title: Text = Field(description="Short title in our own words.")
    lane: Lane = Field(description="Timeline lane: `military`, `diplomatic` or `statements`.")
    status: Status = Field(description="`reported`, `claimed` or `anticipated`.")
    precision: Precision = Field(
        description="`day`, `weekday`, `month`, `relative` or `unstated` (see the precision rules)."
    )
    date_text: str | None = Field(
        None,
        description="The report's own time expression (`Thursday`, `August`, `within days`, `soon`); blank if none.",
    )
    date: str | None = Field(
        None, description="ISO date, only for `day` precision when the report gives the full date."
    )
    anchor_event_id: Id | None = Field(
        None, description="For `relative`: the event the window counts from; blank means the report's publication."
    )
    window_days_min: int | None = Field(
        None, ge=0, description="For `relative`: assumed start of the window, days after the anchor."
    )
    window_days_max: int | None = Field(
        None, ge=0, description="For `relative`: assumed end of the window, days after the anchor."
    )
    window_assumption: str | None = Field(
        None, description="For `relative`: the assumption behind the window, shown wherever it is drawn."
    )
    actor_ids: IdList = Field(default_factory=list, description="Actors involved, `;`-separated.")
    place_id: Id | None = Field(None, description="Place it happened or will happen, if the report names one.")


class QuoteRow(Row):
    quote_id: Id = Field(description="Unique id of the quote.")
    fact_id: Id = Field(description="The statement fact the quote belongs to.")
    source_id: Id = Field(description="Report that carries the quote.")
    paragraph: int = Field(ge=1, description="Paragraph holding the quoted words.")
    speaker_actor_ids: IdList = Field(min_length=1, description="Who the report says spoke the words, `;`-separated.")
    text: Text = Field(description="The quoted words, verbatim, without the quotation marks.")
    is_fragment: bool = Field(description="`true` when the report quotes only a phrase inside a paraphrase.")


TABLES: dict[str, type[Row]] = {
    "sources": SourceRow,
    "actors": ActorRow,
    "places": PlaceRow,
    "facts": FactRow,
    "events": EventRow,
    "quotes": QuoteRow,
}
"""File stem -> row model; loading order matters only for reading, references are checked after all are read."""

ID_COLUMN: dict[str, str] = {
    "sources": "source_id",
    "actors": "actor_id",
    "places": "place_id",
    "facts": "fact_id",
    "events": "event_id",
    "quotes": "quote_id",
}


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
        "Generated from `kursk_brief/schema.py` by `python scripts/write_data_dictionary.py`; do not edit by hand.",
        "Every file is UTF-8 CSV with a header row. Lists inside a cell are separated by `;`. A blank cell means",
        "*not stated*; it is shown as unknown, never filled in.",
        "",
        "## Status",
        "",
    ]
    lines += [f"- `{status.value}`: {meaning}." for status, meaning in STATUS_MEANING.items()]
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
        "- `unstated`: the report gives no date; drawn in the separate *undated* lane.",
    ]
    for stem, model in TABLES.items():
        lines += ["", f"## `{stem}.csv`", "", "| column | type | required | meaning |", "|---|---|---|---|"]
        for name, field in model.model_fields.items():
            required = "yes" if field.is_required() else "no"
            lines.append(f"| `{name}` | {_type_name(field.annotation)} | {required} | {field.description} |")
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
