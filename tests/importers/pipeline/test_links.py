"""The same structure from two sources is linked, not merged; search can hide duplicates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

from api.search.engines import backend_for
from api.search.params import SearchParams
from api.search.service import build_query
from catalogue.settings import Settings
from importers.pipeline import ImportReport, run_import
from importers.registry import get_importer
from tests.conftest import index_now

BELFORT = {"code_insee": "90010", "commune": "Belfort", "code_postal": "90000"}
JOBS = "trouver-un-emploi--suivre-ses-candidatures-et-relancer-les-employeurs"
FOOD = "equipement-et-alimentation--alimentation"
LICENCE = "mobilite--preparer-un-permis"
REPAIRS = "mobilite--entretenir-reparer-son-vehicule"


def dump(folder: Path, source: str, structures: list[dict], services: list[dict]) -> Path:
    folder.mkdir()
    (folder / "structures.json").write_text(json.dumps(structures))
    (folder / "services.json").write_text(json.dumps(services))
    return folder


def structure(source: str, key: str, nom: str, **extra: Any) -> dict[str, Any]:
    return {"source": source, "id": f"{source}--{key}", "nom": nom, "date_maj": "2025-01-01",
            **BELFORT, **extra}  # fmt: skip


def service(source: str, key: str, structure_key: str, nom: str, theme: str) -> dict[str, Any]:
    return {
        "source": source, "id": f"{source}--{key}", "structure_id": f"{source}--{structure_key}",
        "nom": nom, "description": "Un service décrit simplement.", "date_maj": "2025-01-01",
        "thematiques": [theme], **BELFORT, "latitude": 47.6386, "longitude": 6.8628,
    }  # fmt: skip


def load_two_sources(engine: Engine, tmp_path: Path) -> ImportReport:
    a = dump(
        tmp_path / "a",
        "dora",
        [
            structure(
                "dora",
                "1",
                "Mission Locale du Territoire de Belfort",
                siret="13000000000011",
                latitude=47.6386,
                longitude=6.8628,
                date_maj="2025-03-01",
            ),
            structure(
                "dora", "2", "Épicerie sociale Les Glacis", latitude=47.6390, longitude=6.8630
            ),
        ],
        [
            service("dora", "s1", "1", "Accompagnement des jeunes", JOBS),
            service("dora", "s2", "2", "Épicerie sociale", FOOD),
        ],
    )
    run_import(engine, get_importer("data-inclusion"), a)
    b = dump(
        tmp_path / "b",
        "france-travail",
        [
            structure(
                "france-travail",
                "ML",
                "MISSION LOCALE DE BELFORT",
                siret="13000000000011",
                latitude=47.70,
                longitude=6.90,
            ),
            structure(
                "france-travail",
                "EP",
                "Epicerie sociale les Glacis",
                latitude=47.6391,
                longitude=6.8629,
            ),
            structure(
                "france-travail", "X", "Garage solidaire", latitude=47.6386, longitude=6.8628
            ),
        ],
        [
            service("france-travail", "m1", "ML", "Suivi des jeunes en recherche d'emploi", JOBS),
            service("france-travail", "m2", "ML", "Aide au permis", LICENCE),
            service("france-travail", "e1", "EP", "Aide alimentaire", FOOD),
            service("france-travail", "x1", "X", "Réparation de voitures", REPAIRS),
        ],
    )
    return run_import(engine, get_importer("data-inclusion"), b)


def test_same_siret_or_alike_names_nearby_make_one_cluster(engine: Engine, tmp_path: Path) -> None:
    report = load_two_sources(engine, tmp_path)
    assert report.links == {"grappes": 2, "structures_reliees": 4, "services_doublons": 2}
    with engine.connect() as conn:
        clusters = {i: c for i, c in conn.execute(text("SELECT id, cluster_id FROM structures"))}
    # Same SIRET although 7 km apart; alike names 10 m apart; the garage stands alone.
    assert clusters["dora--1"] == clusters["france-travail--ML"] is not None
    assert clusters["dora--2"] == clusters["france-travail--EP"] is not None
    assert clusters["france-travail--X"] is None
    # Nothing is merged: every record is still there, under its own source.
    assert len(clusters) == 5


def test_only_services_the_representative_also_offers_are_duplicates(
    engine: Engine, tmp_path: Path
) -> None:
    load_two_sources(engine, tmp_path)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT s.id, r.id FROM services s LEFT JOIN services r ON r.uid = s.doublon_de")
        )
        twins = {service: twin for service, twin in rows}
    # The France Travail Mission locale offers more services: it represents the cluster.
    assert twins["dora--s1"] == "france-travail--m1"
    assert twins["france-travail--m1"] is None
    assert twins["france-travail--m2"] is None


def test_search_hides_duplicates_on_demand_with_both_backends(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    load_two_sources(engine, tmp_path)
    index_now(settings)
    for choice in ("postgis", "meilisearch"):
        backend = backend_for(settings, engine, choice)
        every = backend.search(
            build_query(engine, SearchParams(code_commune="90010"), settings.search)
        )
        unique = backend.search(
            build_query(
                engine, SearchParams(code_commune="90010", masquer_doublons=True), settings.search
            )
        )
        assert (every.total, unique.total) == (6, 4), choice


def test_linking_again_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    load_two_sources(engine, tmp_path)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM outbox"))
    from catalogue.records.linking import link

    with engine.begin() as conn:
        again = link(conn)
        queued = conn.execute(text("SELECT count(*) FROM outbox")).scalar_one()
    assert (again.clusters, queued) == (2, 0)
