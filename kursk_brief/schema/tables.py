"""The tables a data folder holds, in reading order, and which of their columns hold ids.

Apart from the row models so that the story's tables (`claims`) and the brief's (`rows`) register in one place.
"""

from __future__ import annotations

from kursk_brief.schema.claims import ClaimRow, MeasureRow
from kursk_brief.schema.rows import (
    ID_PATTERN,
    ActorRow,
    BriefRow,
    EventRow,
    FactRow,
    PlaceRow,
    QuoteRow,
    Row,
    SourceRow,
)

TABLES: dict[str, type[Row]] = {
    "brief": BriefRow,
    "sources": SourceRow,
    "actors": ActorRow,
    "places": PlaceRow,
    "facts": FactRow,
    "events": EventRow,
    "quotes": QuoteRow,
    "measures": MeasureRow,
    "claims": ClaimRow,
}
"""File stem -> row model; loading order matters only for reading, references are checked after all are read."""

ID_COLUMN: dict[str, str] = {
    "brief": "brief_id",
    "sources": "source_id",
    "actors": "actor_id",
    "places": "place_id",
    "facts": "fact_id",
    "events": "event_id",
    "quotes": "quote_id",
    "measures": "measure_id",
    "claims": "claim_id",
}


def id_columns(stem: str) -> list[str]:
    """The columns of a table that hold ids (its own, or references, single or listed): what a rename of ids must
    follow, and all that ties rows to each other."""
    model = TABLES[stem]
    return [
        name
        for name, field in model.model_fields.items()
        if ID_PATTERN in repr(field.annotation)
        or any(getattr(m, "pattern", None) == ID_PATTERN for m in field.metadata)
    ]
