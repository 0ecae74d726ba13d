"""The two maps: the operational view of the brief's focus region and the strategic view of who is linked to whom.

Geometry comes only from the committed files in data/geo, projected with GeoPandas to an equal-area projection and
drawn as plain Plotly shapes on cartesian axes. Marks carry the ids of the facts they show, so that every shape, marker
and link is traceable to a row. By job: `geodata` reads and projects the boundaries, `query` says which facts each map
shows, `describe` writes hover and alt texts, `marks` and `links` draw, `operational` and `strategic` compose.
"""

from kursk_brief.charts.geography.describe import operational_alt_text, strategic_alt_text
from kursk_brief.charts.geography.geodata import focus_iso, operational_regions, state_border
from kursk_brief.charts.geography.operational import OPERATIONAL_TITLE, operational_figure
from kursk_brief.charts.geography.query import (
    operational_fact_ids,
    place_from_selection,
    place_notes,
    strategic_fact_ids,
    strategic_links,
)
from kursk_brief.charts.geography.strategic import STRATEGIC_TITLE, strategic_figure

VIEWS = ("Operational", "Strategic")
"""The Map page's two views, as its `view` URL parameter names them."""

__all__ = [
    "OPERATIONAL_TITLE",
    "STRATEGIC_TITLE",
    "VIEWS",
    "focus_iso",
    "operational_alt_text",
    "operational_fact_ids",
    "operational_figure",
    "operational_regions",
    "place_from_selection",
    "place_notes",
    "state_border",
    "strategic_alt_text",
    "strategic_fact_ids",
    "strategic_figure",
    "strategic_links",
]
