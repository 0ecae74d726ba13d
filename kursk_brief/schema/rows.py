"""The curated tables' schema: one pydantic model per CSV file, one documented field per column.

The models are the single place where a column's meaning, type and allowed values are written down; the
data dictionary shipped with the data (`data/DATA-DICTIONARY.md`) is generated from them, so the two
cannot drift apart.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
MAX_PARAGRAPHS = 10_000
"""Bound on paragraph numbers and counts: a report has tens; a 401-digit paragraph is a typing accident."""
MAX_WINDOW_DAYS = 3_650
"""Bound on an assumed window (ten years), so that no window runs off the calendar."""
MAX_FIGURE = 1e15
"""Bound on a figure: far above any count a report gives, far below where arithmetic on it overflows."""
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2100, 12, 31)
"""Dates outside this range are typing accidents (0001-01-01, 9999-12-31) that no timeline can draw."""


class Status(StrEnum):
    """How much weight a row can bear; the four are never mixed in one row."""

    REPORTED = "reported"
    CLAIMED = "claimed"
    ANTICIPATED = "anticipated"
    DERIVED = "derived"


STATUS_MEANING: dict[Status, str] = {
    Status.REPORTED: "the report states it in its own voice, unhedged",
    Status.CLAIMED: "the report attributes it to a party, named or not, or hedges it as second-hand",
    Status.ANTICIPATED: "expected to happen; the report does not say it has happened",
    Status.DERIVED: "worked out by this app from other rows, never typed in",
}

STATUS_RULE = (
    "A row is `reported` only when the report says it in its own voice without a hedge. Anything the report puts in "
    "someone's mouth (named or unnamed), and any figure it hedges as second-hand (*reportedly*, *estimated*, "
    "*according to*), is `claimed`, so that a hedged second-hand figure never looks surer than an attributed claim. "
    "What is expected, and not said to have happened, is `anticipated`, whoever expects it. What the app computes is `derived`. "
    "A `silence` row is `reported` in a narrow sense: it records what the report's text does not carry (no statement "
    "by that party), citing the paragraphs that speak of the party; whether the party was silent is not the report's "
    "to say, and a remark on that silence is its speaker's `claimed` row."
)


class FactKind(StrEnum):
    NUMBER = "number"
    STATEMENT = "statement"
    SITUATION = "situation"
    SILENCE = "silence"
    DATE = "date"


class Relation(StrEnum):
    """What a speaker did, in the report's own verb; an addressee is a separate column, never implied by the verb."""

    ANNOUNCED = "announced"
    EMPHASIZED = "emphasized"
    CAUTIONED = "cautioned"
    CONFIRMED = "confirmed"
    INDICATED = "indicated"
    URGED = "urged"
    CALLED_ON = "called_on"
    WARNED = "warned"
    EXPRESSED_CONFIDENCE = "expressed_confidence"
    NOTED = "noted"
    PRAISED = "praised"
    EXPRESSED_CONCERN = "expressed_concern"
    EXPRESSED_SURPRISE = "expressed_surprise"


RELATION_VERBS: dict[Relation, str] = {
    Relation.ANNOUNCED: "announced",
    Relation.EMPHASIZED: "emphasized",
    Relation.CAUTIONED: "cautioned",
    Relation.CONFIRMED: "confirmed",
    Relation.INDICATED: "indicated",
    Relation.URGED: "urged",
    Relation.CALLED_ON: "called on",
    Relation.WARNED: "warned",
    Relation.EXPRESSED_CONFIDENCE: "expressed confidence",
    Relation.NOTED: "noted",
    Relation.PRAISED: "praised",
    Relation.EXPRESSED_CONCERN: "expressed concern",
    Relation.EXPRESSED_SURPRISE: "expressed surprise",
}
"""The verb as a sentence uses it. Verbs that take an addressee (`urged`, `called on`) name it only from `addressee_ids`."""


class PlaceRole(StrEnum):
    """Why a fact names a place: where the thing is or happened, where words were said, or what they are about."""

    LOCATED = "located"
    SAID_AT = "said_at"
    ABOUT = "about"


class NumberForm(StrEnum):
    """A count (8,000 troops) or an ordinal (the sixth engagement): the figure is written accordingly."""

    COUNT = "count"
    ORDINAL = "ordinal"


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
    """A `report` is what the brief is built from; a `page` is a stored web page the story follows (claims cite it);
    a `dataset` gives coordinates or boundaries."""

    REPORT = "report"
    PAGE = "page"
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
    SINCE = "since"
    UNSTATED = "unstated"


def _split_list(value: object) -> object:
    """Lists are stored as `a;b` in one cell, so that a CSV stays one row per record and diffs stay small."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


def _iso_date(value: str) -> str:
    """Strict `YYYY-MM-DD` in ASCII digits, a real calendar day, within the sane range."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError("must be an ISO date YYYY-MM-DD in ASCII digits")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError("is not a calendar date") from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueError(f"must lie between {EARLIEST_DATE} and {LATEST_DATE}")
    return value


Id = Annotated[str, Field(pattern=ID_PATTERN)]
IdList = Annotated[list[Id], BeforeValidator(_split_list)]
ParagraphNumber = Annotated[int, Field(ge=1, le=MAX_PARAGRAPHS)]
Paragraphs = Annotated[list[ParagraphNumber], BeforeValidator(_split_list)]
IsoDate = Annotated[str, AfterValidator(_iso_date)]
Figure = Annotated[float, Field(gt=0, le=MAX_FIGURE, allow_inf_nan=False)]
WindowDays = Annotated[int, Field(ge=0, le=MAX_WINDOW_DAYS)]
QualifierList = Annotated[list[Qualifier], BeforeValidator(_split_list)]
Text = Annotated[str, Field(min_length=1)]


class Row(BaseModel):
    """Common settings: unknown columns are errors, and strings are stripped of stray spaces."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class SourceRow(Row):
    source_id: Id = Field(description="Unique id of the source, used by every other table to cite it.")
    kind: SourceKind = Field(
        description="`report` (the text the brief is built from, paragraphs cited), `page` (a stored web page the "
        "story follows: its paragraphs are the lines of the stored text, cited by claims) or `dataset` (coordinates, "
        "boundaries)."
    )
    title: Text = Field(description="Descriptive title, in our own words.")
    publisher: Text = Field(
        description="Who wrote it: for a page, the outlet that wrote the story (a wire such as AFP or Reuters where "
        "the page credits one), not the site that stores it."
    )
    site: str | None = Field(
        None, description="For a page: the site that stores the copy we read (a domain), apart from its publisher."
    )
    published: IsoDate | None = Field(None, description="Publication date, ISO `YYYY-MM-DD`, when known.")
    published_note: str | None = Field(
        None, description="How the publication date was established (e.g. a year inferred from context)."
    )
    paragraph_count: int = Field(
        ge=0, le=MAX_PARAGRAPHS, description="Number of paragraphs that rows may cite (0 for datasets)."
    )
    citation_label: Text = Field(description="How a citation names the source, e.g. `Alliance News, 1 Nov 2024`.")
    licence: Text = Field(description="Licence or terms under which the source is used.")
    locator: Text = Field(
        description="Where the copy we used lives (file path, package and version, or a page's address); never "
        "fetched at run time."
    )
    read: IsoDate | None = Field(None, description="For a page: when we read its stored text, ISO `YYYY-MM-DD`.")


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
    lat: float | None = Field(
        None, ge=-90, le=90, allow_inf_nan=False, description="Latitude (WGS84) of a city, from `coord_source_id`."
    )
    lon: float | None = Field(
        None, ge=-180, le=180, allow_inf_nan=False, description="Longitude (WGS84) of a city, from `coord_source_id`."
    )
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
        description="`reported`, `claimed` or `anticipated` (see the status rule); `derived` rows are made by code."
    )
    topic: Text = Field(description="Theme used for filtering, e.g. `deployment`, `combat`, `china`.")
    actor_ids: IdList = Field(
        default_factory=list,
        description="Who says, announces or does it, `;`-separated actor ids; blank when the report speaks in its own voice.",
    )
    relation: Relation | None = Field(
        None, description="For statements: the report's own verb for what the actors did (`announced`, `urged`, ...)."
    )
    addressee_ids: IdList = Field(
        default_factory=list,
        description="Whom the words are addressed to, only where the report names an addressee (a call on China); `;`-separated.",
    )
    about_ids: IdList = Field(
        default_factory=list,
        description="Whom the fact is about or, for a number, who is counted; `;`-separated. Being talked about is not being addressed.",
    )
    about_text: str | None = Field(
        None,
        description="For statements: what the words are about, as a noun phrase in our words, where naming the actors in `about_ids` would say more than the report (Lavrov praised contacts between two states' services, not the states); shown in their place.",
    )
    place_id: Id | None = Field(None, description="Place the report ties the fact to, if it names one.")
    place_role: PlaceRole | None = Field(
        None,
        description="Required with `place_id`: `located` (where it is or happened), `said_at` (where the words were said) or `about`.",
    )
    event_id: Id | None = Field(None, description="Event the fact belongs to, if any.")
    value: Figure | None = Field(None, description="For numbers: the figure, greater than 0.")
    unit: str | None = Field(None, description="For numbers: the unit (`troops`, `engagement`).")
    number_form: NumberForm = Field(
        NumberForm.COUNT, description="For numbers: `count` (8,000 troops) or `ordinal` (the 6th engagement)."
    )
    qualifier: QualifierList = Field(
        default_factory=list,
        description="For numbers: hedges the report attaches (`approximately;estimated;reportedly`, or `as_stated`).",
    )
    counts: str | None = Field(
        None,
        description="For numbers: what is counted, as a noun phrase that reads after the figure (`North Korean troops in the Kursk region`).",
    )
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
        description="`day`, `weekday`, `month`, `relative`, `since` or `unstated` (see the precision rules)."
    )
    date_text: str | None = Field(
        None,
        description="The report's own time expression (`Thursday`, `August`, `within days`, `soon`); blank if none.",
    )
    date: IsoDate | None = Field(
        None, description="ISO date, only for `day` precision when the report gives the full date."
    )
    anchor_event_id: Id | None = Field(
        None,
        description="For `relative`: the event the window counts from (blank: the report's publication); for `since`: the event it lasts from.",
    )
    window_days_min: WindowDays | None = Field(
        None, description="For `relative`: assumed start of the window, days after the anchor."
    )
    window_days_max: WindowDays | None = Field(
        None, description="For `relative`: assumed end of the window, days after the anchor."
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
    paragraph: ParagraphNumber = Field(description="Paragraph holding the quoted words.")
    speaker_actor_ids: IdList = Field(min_length=1, description="Who the report says spoke the words, `;`-separated.")
    text: Text = Field(description="The quoted words, verbatim, without the quotation marks.")
    is_fragment: bool = Field(description="`true` when the report quotes only a phrase inside a paraphrase.")


class BriefRow(Row):
    """What a brief is about, as data: the code names no row, so another report (or these rows renamed) needs only
    data. One row."""

    brief_id: Id = Field(description="Id of the brief (one row).")
    focus_place_id: Id = Field(
        description="The region the operational map frames and the Present view's *Where* slide describes; a region "
        "whose ISO code is in `geo/operational_regions.geojson`."
    )
    origin_place_id: Id = Field(
        description="The country drawn in the focus colour on the strategic map (where the counted troops come from)."
    )
    opposing_place_id: Id = Field(
        description="The country across the border from the focus region: its regions and its shape are drawn in "
        "their own colour, the focus region's country in another."
    )
    country_order: IdList = Field(
        min_length=1,
        description="State actors in the order the Actors page groups cards by country; states not listed follow "
        "in alphabetical order, actors of no country last.",
    )
