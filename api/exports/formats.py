"""The export formats, and writing one of them: both tables read from one snapshot of the
catalogue, into files that appear whole or not at all."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.engine import Connection, Engine

from api.exports.geo import write_geojson, write_gpkg, write_parquet
from api.exports.hsds import write_hsds
from api.exports.records import Scope, statement
from api.exports.tables import write_csv, write_data_inclusion
from catalogue.errors import ParametreInvalide
from catalogue.records.closures import today

# (connection, the table's query, table, file, rows at a time) → records refused
Writer = Callable[[Connection, Select[Any], str, Path, int], list[str]]
SCHEMA_URL = "https://schema.data.gouv.fr/gip-inclusion/data-inclusion-schema/"
_OURS = "les champs du schéma data·inclusion v1, puis ceux de Maillage (localisation_*, freins…)"


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    extension: str
    schema: str
    write: Writer
    # Both tables in one file, as two layers.
    one_file: bool = False
    # The file of each table.
    stems: dict[str, str] = field(
        default_factory=lambda: {"structures": "structures", "services": "services"}
    )

    def file_names(self) -> dict[str, str]:
        """The file each table goes to."""
        if self.one_file:
            return dict.fromkeys(("structures", "services"), f"maillage.{self.extension}")
        return {table: f"{stem}.{self.extension}" for table, stem in self.stems.items()}


FORMATS = {
    f.name: f
    for f in (
        Format(
            "data-inclusion",
            "data·inclusion v1 (JSON)",
            "json",
            "schéma data·inclusion v1, validé par ses modèles",
            write_data_inclusion,
        ),
        Format("csv", "CSV (tableur)", "csv", _OURS, write_csv),
        Format("geojson", "GeoJSON", "geojson", _OURS, write_geojson),
        Format("parquet", "GeoParquet", "parquet", _OURS, write_parquet),
        Format("gpkg", "GeoPackage (QGIS)", "gpkg", _OURS, write_gpkg, one_file=True),
        Format(
            "hsds",
            "HSDS 3.0 (NDJSON)",
            "ndjson",
            "Open Referral HSDS 3.0",
            write_hsds,
            stems={"structures": "organizations", "services": "services"},
        ),
    )
}


@dataclass
class Written:
    """What an export wrote: rows per table, and the records a schema refused."""

    rows: dict[str, int] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)


def format_named(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        known = ", ".join(FORMATS)
        raise ParametreInvalide(f"format inconnu « {name[:30]} » (formats : {known})") from None


def export(
    engine: Engine,
    fmt: Format,
    scope: Scope,
    out_dir: Path,
    chunk_rows: int,
    day: date | None = None,
) -> Written:
    """Write ``fmt``'s files of the catalogue into ``out_dir``. Each is written under a
    temporary name and renamed when both tables are done: a failed export leaves the
    previous files as they were."""
    day = day or today()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = Written()
    # (The extension kept: GDAL checks it.)
    partial = {table: out_dir / f".partiel-{name}" for table, name in fmt.file_names().items()}
    try:
        for path in set(partial.values()):
            path.unlink(missing_ok=True)
        # One snapshot: every service's structure is in the structures' file.
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
            for table, path in partial.items():
                stmt = statement(conn, table, scope, day)
                refused = fmt.write(conn, stmt, table, path, chunk_rows)
                count = select(func.count()).select_from(stmt.order_by(None).subquery())
                written.rows[table] = (conn.scalar(count) or 0) - len(refused)
                written.refused += refused
        for table, path in partial.items():
            if path.exists():
                os.replace(path, out_dir / fmt.file_names()[table])
    finally:
        for path in set(partial.values()):
            path.unlink(missing_ok=True)
    return written
