"""The observatory's figures for people who work in spreadsheets and QGIS: JSON, a CSV
of each place and frein, and a GeoPackage of the places' contours with their distances."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path
from typing import Any

import geopandas as gpd
from shapely import wkb
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from api.observatory.indicators import Observatory
from catalogue.models.geography import Commune

CSV_HEADER = ["code_commune", "commune", "population", "frein", "distance_km"]


def as_json(seen: Observatory) -> dict[str, Any]:
    return {
        "territoire": {"code": seen.territoire.code, "nom": seen.territoire.nom},
        "population": seen.population,
        "freins": [dataclasses.asdict(f) for f in seen.freins],
    }


def _km(metres: float | None) -> float | None:
    return None if metres is None else round(metres / 1000, 2)


def write_csv(seen: Observatory, path: Path) -> None:
    """A line per place and frein: the distance to the nearest offer (empty: none)."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_HEADER)
        for place in seen.places:
            for frein, metres in place.nearest_m.items():
                writer.writerow([place.code, place.nom, place.population, frein, _km(metres)])


def write_gpkg(conn: Connection, seen: Observatory, path: Path) -> None:
    """The places' contours (EPSG:4326), a column of km per frein."""
    codes = [p.code for p in seen.places]
    contours: dict[str, Any] = dict(
        conn.execute(
            select(Commune.code, func.ST_AsBinary(Commune.contour)).where(Commune.code.in_(codes))
        ).all()
    )
    rows = [
        {
            "code_commune": p.code,
            "commune": p.nom,
            "population": p.population,
            **{f"km_{frein}": _km(m) for frein, m in p.nearest_m.items()},
        }
        for p in seen.places
    ]
    geometry = [
        wkb.loads(bytes(contours[p.code])) if contours.get(p.code) else None for p in seen.places
    ]
    frame = gpd.GeoDataFrame(rows, geometry=geometry, crs="EPSG:4326")
    frame.to_file(path, layer="communes", driver="GPKG", engine="pyogrio")
