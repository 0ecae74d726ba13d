"""The committed boundary files and reference places, read once and projected, and where each report place sits.

Geometry comes only from data/geo (see its PROVENANCE.md): no tiles, no topojson, nothing fetched.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString, MultiPolygon, Point, Polygon

from kursk_brief.data.brief import Brief, per_brief

GEO_DIR = Path(__file__).resolve().parents[3] / "data" / "geo"
OPERATIONAL_CRS = "+proj=laea +lat_0=51.5 +lon_0=36 +datum=WGS84 +units=m"
STRATEGIC_CRS = "+proj=eqearth +lon_0=0 +datum=WGS84 +units=m"
STRATEGIC_WINDOW = (-5, 140, 10, 78)
"""West, east, south, north (degrees): Europe to the Koreas, with room for notes; a state beyond it sits at the edge."""
CONVENTION = "Borders: internationally recognised (Crimea shown as part of Ukraine)."
BOUNDARY_SOURCE = "boundaries: Natural Earth (public domain); reference places: GeoNames (CC BY 4.0)"


@cache
def _read(name: str) -> gpd.GeoDataFrame:
    return gpd.read_file(GEO_DIR / name)


def operational_regions() -> gpd.GeoDataFrame:
    """Kursk and its neighbours, projected (metres), loaded once per process."""
    return _read("operational_regions.geojson").to_crs(OPERATIONAL_CRS)


def reference_places() -> gpd.GeoDataFrame:
    return _read("reference_places.geojson").to_crs(OPERATIONAL_CRS)


def strategic_countries() -> gpd.GeoDataFrame:
    return _read("strategic_countries.geojson").to_crs(STRATEGIC_CRS)


def world_land() -> gpd.GeoDataFrame:
    return _read("world_land.geojson").to_crs(STRATEGIC_CRS)


def state_border(regions: gpd.GeoDataFrame, focus_iso: str) -> LineString | MultiPolygon:
    """The state border inside the view: where the focus region's country's regions meet the other country's."""
    home = regions["country"] == regions.set_index("iso_3166_2").loc[focus_iso, "country"]
    return regions[home].union_all().boundary.intersection(regions[~home].union_all().buffer(10))


def focus_iso(brief: Brief) -> str:
    """The ISO code of the brief's focus region (`brief.csv`), the key of its shape in the boundary files."""
    return brief.places.set_index("place_id").loc[brief.focus_place_id, "iso_code"]


def country_iso(brief: Brief, column: str) -> str:
    """The ISO code of the country a `brief.csv` setting names (`origin_place_id`, `opposing_place_id`)."""
    return brief.places.set_index("place_id").loc[brief.setting[column], "iso_code"]


def place_points(brief: Brief, crs: str) -> dict[str, Point]:
    """Where each report place sits in a projection: cities at their gazetteer point, areas at a point inside."""
    areas = pd.concat(
        [
            _read("operational_regions.geojson")[["iso_3166_2", "geometry"]].rename(columns={"iso_3166_2": "iso"}),
            _read("strategic_countries.geojson")[["country", "geometry"]].rename(columns={"country": "iso"}),
        ]
    )
    anchors = gpd.GeoSeries(areas.geometry.representative_point().values, index=areas["iso"].values, crs=4326)
    points = {}
    for place in brief.places.itertuples():
        if place.kind == "city":
            point = gpd.GeoSeries([Point(place.lon, place.lat)], crs=4326)
        elif place.iso_code in anchors.index:
            point = anchors.loc[[place.iso_code]]
        else:
            continue
        points[place.place_id] = point.to_crs(crs).iloc[0]
    return points


def place_ids_by_iso(brief: Brief) -> dict[str, str]:
    """Report place id per ISO code, linking a boundary shape to the place the facts name."""
    return brief.places.dropna(subset=["iso_code"]).set_index("iso_code")["place_id"].to_dict()


def strategic_window(crs: str) -> list[float]:
    """Projected bounds of the strategic map's longitude/latitude window."""
    west, east, south, north = STRATEGIC_WINDOW
    edge = [(lon, south) for lon in range(west, east + 1)] + [(lon, north) for lon in range(east, west - 1, -1)]
    return list(gpd.GeoSeries([Polygon(edge)], crs=4326).to_crs(crs).total_bounds)


@per_brief
def places_inside(brief: Brief) -> dict[str, frozenset[str]]:
    """Each place id -> itself and the brief's places inside it, so that a place filter counts what a reader would:
    Moscow and the Kursk region are in Russia. A region is in the country its ISO 3166-2 code starts with (RU-KRS in
    RU), a city in the country whose boundary holds its gazetteer point; a place the boundaries do not settle is in
    nothing but itself."""
    by_iso = place_ids_by_iso(brief)
    countries = _read("strategic_countries.geojson")
    inside: dict[str, set[str]] = {place: {place} for place in brief.places["place_id"]}
    for place in brief.places.itertuples():
        if place.kind == "region" and isinstance(place.iso_code, str) and "-" in place.iso_code:
            container = by_iso.get(place.iso_code.split("-", 1)[0])
        elif place.kind == "city":
            holding = countries[countries.contains(Point(place.lon, place.lat))]["country"]
            container = by_iso.get(holding.iloc[0]) if len(holding) else None
        else:
            container = None
        if container and container != place.place_id:
            inside[container].add(place.place_id)
    return {place: frozenset(ids) for place, ids in inside.items()}
