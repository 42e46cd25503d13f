"""Exports of the published catalogue: each format reopens with what search can find,
nothing personal leaves, a territory exports its own offer, and the data·inclusion dump
imported into an empty catalogue answers the same searches."""

from __future__ import annotations

import csv
import json
import os
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from data_inclusion.schema.v1 import Service, Structure
from sqlalchemy import text
from sqlalchemy.engine import Engine

from api.exports.formats import FORMATS, Written, export
from api.exports.records import Scope
from api.search.engines import backend_for
from api.search.params import SearchParams
from api.search.service import build_query
from catalogue.db import make_engine
from catalogue.errors import TerritoireInconnu
from catalogue.settings import Settings
from catalogue.stack import Stack
from importers.pipeline import run_import
from importers.registry import get_importer
from tests.api.hsds.schemas import hsds_validators, valid
from tests.conftest import DEMO_DATA, DEMO_SERVICES, cli_env, clone_database

CHUNK = 400  # several chunks per table: what is streamed is joined right
CLOSED, DRAFT, NAMED = (f"maillage-demo--svc-000000{n}" for n in (1, 2, 3))


@pytest.fixture(scope="module")
def catalogue(stack: Stack, template: str) -> Iterator[tuple[Settings, Engine]]:
    """The demo sample, with one service closed today, one draft and one naming a person."""
    settings = clone_database(stack, template, "maillage_exports")
    engine = make_engine(settings)
    report = run_import(engine, get_importer("data-inclusion"), DEMO_DATA)
    assert report.services.crees == DEMO_SERVICES
    yesterday = date.today() - timedelta(days=1)
    with engine.begin() as conn:
        for sql, ident in (
            ("fermeture_debut = :yesterday", CLOSED),
            ("publication_status = 'draft'", DRAFT),
            ("contact_nom_prenom = 'Zéphyrine Aucontact'", NAMED),
        ):
            done = conn.execute(
                text(f"UPDATE services SET {sql} WHERE id = :id"),
                {"id": ident, "yesterday": yesterday},
            )
            assert done.rowcount == 1
    yield settings, engine
    engine.dispose()


@pytest.fixture(scope="module")
def exported(
    catalogue: tuple[Settings, Engine], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, Written]]:
    _, engine = catalogue
    out = tmp_path_factory.mktemp("exports")
    return out, {
        name: export(engine, fmt, Scope(), out / name, CHUNK) for name, fmt in FORMATS.items()
    }


def searchable(engine: Engine, where: str = "true") -> set[str]:
    with engine.connect() as conn:
        return set(
            conn.scalars(
                text(
                    "SELECT id FROM services WHERE NOT archived AND publication_status = "
                    f"'published' AND fermeture_debut IS NULL AND {where}"
                )
            )
        )


def test_the_data_inclusion_dump_holds_every_searchable_service_each_valid_for_the_schema(
    catalogue: tuple[Settings, Engine], exported: tuple[Path, dict[str, Written]]
) -> None:
    _, engine = catalogue
    out, written = exported
    services = json.loads((out / "data-inclusion" / "services.json").read_bytes())
    structures = json.loads((out / "data-inclusion" / "structures.json").read_bytes())
    for record in services:
        Service.model_validate(record)
        assert list(record) == list(Service.model_fields)
    for record in structures:
        Structure.model_validate(record)
    ids = {s["id"] for s in services}
    assert ids == searchable(engine) and len(ids) == DEMO_SERVICES - 2
    assert CLOSED not in ids and DRAFT not in ids
    assert written["data-inclusion"].rows == {
        "structures": len(structures),
        "services": len(services),
    }
    # Every service's structure is there: both tables come from one snapshot.
    assert {(s["source"], s["structure_id"]) for s in services} <= {
        (s["source"], s["id"]) for s in structures
    }


def test_no_format_carries_the_name_of_a_person_to_contact(
    exported: tuple[Path, dict[str, Written]],
) -> None:
    out, _ = exported
    for path in out.rglob("*"):
        if path.is_file():
            assert "Zéphyrine Aucontact".encode() not in path.read_bytes(), path


def test_the_geopackage_reopens_with_geopandas_with_both_tables_in_epsg_4326(
    catalogue: tuple[Settings, Engine], exported: tuple[Path, dict[str, Written]]
) -> None:
    _, engine = catalogue
    out, written = exported
    path = out / "gpkg" / "maillage.gpkg"
    assert [name for name, _ in pyogrio.list_layers(path)] == ["structures", "services"]
    services = gpd.read_file(path, layer="services")
    assert len(services) == len(searchable(engine)) == written["gpkg"].rows["services"]
    assert services.crs.to_epsg() == 4326
    assert len(gpd.read_file(path, layer="structures")) == written["gpkg"].rows["structures"]
    # The point is where the catalogue located the service.
    row = services.set_index("id").loc[NAMED]
    with engine.connect() as conn:
        point = "SELECT location::geometry AS p FROM services WHERE id = :id"
        lng, lat = conn.execute(
            text(f"SELECT ST_X(p), ST_Y(p) FROM ({point}) AS s"), {"id": NAMED}
        ).one()
    assert (row.geometry.x, row.geometry.y) == pytest.approx((lng, lat))
    assert row["freins"] and row["localisation_precision"]


@pytest.mark.parametrize("name", ["geojson", "parquet"])
def test_geojson_and_geoparquet_reopen_with_every_service(
    name: str, catalogue: tuple[Settings, Engine], exported: tuple[Path, dict[str, Written]]
) -> None:
    _, engine = catalogue
    out, _ = exported
    path = out / name / f"services.{FORMATS[name].extension}"
    services = gpd.read_parquet(path) if name == "parquet" else gpd.read_file(path)
    assert set(services["id"]) == searchable(engine)
    assert services.crs.to_epsg() == 4326
    # No point only where the catalogue has none (a service with no place).
    unlocated = searchable(engine, "location IS NULL")
    assert set(services[services.geometry.isna()]["id"]) == unlocated


def test_the_csv_has_the_schema_fields_then_ours_and_lists_in_one_cell(
    catalogue: tuple[Settings, Engine], exported: tuple[Path, dict[str, Written]]
) -> None:
    _, engine = catalogue
    out, _ = exported
    with (out / "csv" / "services.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {r["id"] for r in rows} == searchable(engine)
    assert list(rows[0])[: len(Service.model_fields)] == list(Service.model_fields)
    listed = next(r for r in rows if "," in r["thematiques"])
    assert all(part == part.strip() for part in listed["thematiques"].split(", "))


def test_a_territory_exports_the_services_located_there_and_their_structures(
    catalogue: tuple[Settings, Engine], tmp_path: Path
) -> None:
    settings, engine = catalogue
    result = subprocess.run(
        [".venv/bin/maillage", "export", "--format", "csv", "--territoire", "13", str(tmp_path)],
        env={**os.environ, **cli_env(settings)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    with (tmp_path / "services.csv").open(encoding="utf-8") as f:
        services = list(csv.DictReader(f))
    with (tmp_path / "structures.csv").open(encoding="utf-8") as f:
        structures = {r["id"] for r in csv.DictReader(f)}
    in_13 = searchable(engine, "code_commune_resolu LIKE '13%'")
    assert {r["id"] for r in services} == in_13 and in_13
    assert {r["structure_id"] for r in services} <= structures


def test_an_unknown_territory_is_refused_in_french(catalogue: tuple[Settings, Engine]) -> None:
    settings, engine = catalogue
    with pytest.raises(TerritoireInconnu, match="ni un département"):
        export(engine, FORMATS["csv"], Scope("99999"), settings.exports.directory, CHUNK)
    result = subprocess.run(
        [".venv/bin/maillage", "export", "--format", "xlsx", "/tmp/x"],
        env={**os.environ, **cli_env(settings)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and "format inconnu « xlsx »" in result.stderr


ROUND_TRIP_QUERIES = [
    SearchParams(code_commune="13055", rayon_km=50, taille=100),
    SearchParams(code_commune="75056", rayon_km=20, freins=("mobilite",), taille=100),
    SearchParams(code_commune="59350", rayon_km=30, modes_accueil=("a-distance",), taille=100),
    SearchParams(code_commune="67482", rayon_km=40, q="emploi", taille=100),
    SearchParams(code_commune="44109", rayon_km=100, masquer_doublons=True, taille=100),
]


def test_the_data_inclusion_dump_imported_into_an_empty_catalogue_answers_the_same_searches(
    stack: Stack,
    template: str,
    catalogue: tuple[Settings, Engine],
    exported: tuple[Path, dict[str, Written]],
) -> None:
    settings, engine = catalogue
    out, _ = exported
    copy_settings = clone_database(stack, template, "maillage_exports_copy")
    copy = make_engine(copy_settings)
    try:
        report = run_import(copy, get_importer("data-inclusion"), out / "data-inclusion")
        assert not report.rejections
        for params in ROUND_TRIP_QUERIES:
            answers = []
            for s, e in ((settings, engine), (copy_settings, copy)):
                result = backend_for(s, e, "postgis").search(build_query(e, params, s.search))
                answers.append(
                    (result.total, result.facets, [(h.uid, h.distance_km) for h in result.hits])
                )
            assert answers[0] == answers[1], params
            assert answers[0][0] > 0, params
    finally:
        copy.dispose()


def test_the_hsds_export_holds_every_searchable_service_valid_for_the_schemas(
    catalogue: tuple[Settings, Engine], exported: tuple[Path, dict[str, Written]]
) -> None:
    _, engine = catalogue
    out, _ = exported
    schemas = hsds_validators()
    lines = (out / "hsds" / "services.ndjson").read_text(encoding="utf-8").splitlines()
    services = [json.loads(line) for line in lines]
    for service in services:
        valid(schemas, "service", service)
    assert len(services) == len(searchable(engine))
    organizations = (out / "hsds" / "organizations.ndjson").read_text(encoding="utf-8")
    for line in organizations.splitlines():
        valid(schemas, "organization", json.loads(line))
