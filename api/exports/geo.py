"""The formats GIS users open: GeoJSON and GeoPackage (written by GDAL, through pyogrio)
and GeoParquet (by pyarrow). Points are where we located each record, in EPSG:4326.

PostgreSQL's CSV of the rows becomes Arrow record batches of a fixed schema, their points
made by geopandas; GDAL and Parquet read the batches as a stream, so an export holds one
batch.
(geopandas' own ``to_file`` and ``to_parquet`` want the whole table in memory.)
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pyogrio
from pyproj import CRS
from sqlalchemy import Select
from sqlalchemy.engine import Connection

from api.exports.records import LATITUDE, LIST_SEPARATOR, LONGITUDE, column_kinds, csv_stream

CRS_CODE = "EPSG:4326"
GEOMETRY = "geometry"
_ARROW = {
    "text": pa.string(),
    "list": pa.list_(pa.string()),
    "date": pa.date32(),
    "float": pa.float64(),
    "int": pa.int64(),
}


def arrow_schema(table: str) -> pa.Schema:
    """The table's exported fields, typed, its points as WKB in place of their
    coordinates."""
    kinds = column_kinds(table)
    fields = [pa.field(n, _ARROW[k]) for n, k in kinds.items() if n not in (LONGITUDE, LATITUDE)]
    return pa.schema([*fields, pa.field(GEOMETRY, pa.binary())])


class _Pieces(io.RawIOBase):
    """The pieces of a byte stream, read as a file."""

    def __init__(self, pieces: Iterator[bytes]) -> None:
        self._pieces = pieces
        self._rest = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._rest:
            self._rest = next(self._pieces, b"")
            if not self._rest:
                return 0
        size = min(len(buffer), len(self._rest))
        buffer[:size] = self._rest[:size]
        self._rest = self._rest[size:]
        return size


def _points(longitudes: pa.Array, latitudes: pa.Array) -> pa.Array:
    x = longitudes.to_numpy(zero_copy_only=False)
    y = latitudes.to_numpy(zero_copy_only=False)
    wkb = gpd.GeoSeries.from_xy(x, y, crs=CRS_CODE).to_wkb()
    return pa.array(wkb, type=pa.binary(), mask=np.isnan(x))


def _record_batches(
    conn: Connection, stmt: Select[Any], table: str, size: int
) -> Iterator[pa.RecordBatch]:
    """PostgreSQL's CSV of the rows, parsed by Arrow's own reader (Python never sees a
    row): lists split again, coordinates made points."""
    schema = arrow_schema(table)
    kinds = column_kinds(table)
    read_as = {name: _ARROW["text" if kind == "list" else kind] for name, kind in kinds.items()}
    reader = pa_csv.open_csv(
        io.BufferedReader(_Pieces(csv_stream(conn, stmt, table)), buffer_size=1 << 20),
        # One block at a time (Arrow's threads would read several ahead: memory).
        read_options=pa_csv.ReadOptions(block_size=size * 1024, use_threads=False),
        convert_options=pa_csv.ConvertOptions(
            column_types=read_as,
            strings_can_be_null=True,
            # PostgreSQL writes NULL as nothing and an empty text as "".
            quoted_strings_can_be_null=False,
        ),
    )
    for batch in reader:
        columns = [
            pc.split_pattern(batch[field.name], LIST_SEPARATOR)
            if kinds[field.name] == "list"
            else batch[field.name]
            for field in schema
            if field.name != GEOMETRY
        ]
        points = _points(batch[LONGITUDE], batch[LATITUDE])
        yield pa.RecordBatch.from_arrays([*columns, points], schema=schema)


def _write_gdal(
    conn: Connection, stmt: Select[Any], table: str, path: Path, size: int, driver: str
) -> None:
    stream = pa.RecordBatchReader.from_batches(
        arrow_schema(table), _record_batches(conn, stmt, table, size)
    )
    pyogrio.write_arrow(
        stream,
        path,
        layer=table,
        driver=driver,
        geometry_name=GEOMETRY,
        geometry_type="Point",
        crs=CRS_CODE,
        # A GeoPackage holds both tables: the second one is a layer added to it.
        append=driver == "GPKG" and path.exists(),
    )


def write_geojson(
    conn: Connection, stmt: Select[Any], table: str, path: Path, size: int
) -> list[str]:
    _write_gdal(conn, stmt, table, path, size, "GeoJSON")
    return []


def write_gpkg(conn: Connection, stmt: Select[Any], table: str, path: Path, size: int) -> list[str]:
    _write_gdal(conn, stmt, table, path, size, "GPKG")
    return []


def _geoparquet_metadata() -> bytes:
    """GeoParquet 1.0's ``geo`` key: which column holds the points, how, in which CRS."""
    column = {
        "encoding": "WKB",
        "geometry_types": ["Point"],
        "crs": CRS(CRS_CODE).to_json_dict(),
    }
    return json.dumps(
        {"version": "1.0.0", "primary_column": GEOMETRY, "columns": {GEOMETRY: column}}
    ).encode()


def write_parquet(
    conn: Connection, stmt: Select[Any], table: str, path: Path, size: int
) -> list[str]:
    schema = arrow_schema(table).with_metadata({b"geo": _geoparquet_metadata()})
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for batch in _record_batches(conn, stmt, table, size):
            writer.write_batch(batch)
    return []
