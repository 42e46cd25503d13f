"""Which structures an import links: identifiers first, then the same place, then the
same distinctive name; never two that contradict each other, whatever their source."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

from importers.pipeline import run_import
from importers.registry import get_importer

GAP = {"code_insee": "05061", "commune": "Gap", "code_postal": "05000"}
CENTRE = (44.5594, 6.0786)
JOBS = "trouver-un-emploi--suivre-ses-candidatures-et-relancer-les-employeurs"


def _structure(source: str, key: str, nom: str, at: tuple[float, float] | None = None,
               **extra: Any) -> dict[str, Any]:  # fmt: skip
    record = {"source": source, "id": key, "nom": nom, "date_maj": "2025-01-01", **GAP, **extra}
    if at is not None:
        record["latitude"], record["longitude"] = at
    return record


def _north(metres: float) -> tuple[float, float]:
    return (CENTRE[0] + metres / 111_000, CENTRE[1])


def _import(engine: Engine, folder: Path, structures: list[dict], services=()) -> None:  # type: ignore[no-untyped-def]
    folder.mkdir(parents=True)
    (folder / "structures.json").write_text(json.dumps(structures))
    (folder / "services.json").write_text(json.dumps(list(services)))
    run_import(engine, get_importer("data-inclusion"), folder)


def _clusters(engine: Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        return dict(conn.execute(text("SELECT id, cluster_id FROM structures")).all())


def _linked(clusters: dict[str, Any], a: str, b: str) -> bool:
    return clusters[a] is not None and clusters[a] == clusters[b]


def test_a_shared_network_name_does_not_make_two_agencies_one(
    engine: Engine, tmp_path: Path
) -> None:
    _import(engine, tmp_path / "ft", [
        _structure("france-travail", "gap", "France Travail GAP", CENTRE),
    ])  # fmt: skip
    _import(engine, tmp_path / "dora", [
        _structure("dora", "dt", "France Travail DT 04-05", _north(50)),
    ])  # fmt: skip
    assert _clusters(engine) == {"gap": None, "dt": None}


def test_a_shared_safir_code_links_one_agency_listed_by_two_sources_far_apart(
    engine: Engine, tmp_path: Path
) -> None:
    _import(engine, tmp_path / "ft", [
        _structure("france-travail", "05011", "FRANCE TRAVAIL GAP", CENTRE,
                   identifiants=["safir:05011"]),
        _structure("france-travail", "05012", "FRANCE TRAVAIL EMBRUN", _north(30),
                   identifiants=["safir:05012"]),
    ])  # fmt: skip
    _import(engine, tmp_path / "dora", [
        _structure("dora", "agence", "Agence de Gap", _north(800), identifiants=["SAFIR:05011"]),
    ])  # fmt: skip
    clusters = _clusters(engine)
    assert _linked(clusters, "05011", "agence")
    # Two SAFIR codes are two agencies, though 30 m apart and both « France Travail ».
    assert not _linked(clusters, "05011", "05012")


def test_one_street_address_links_a_place_whose_points_disagree(
    engine: Engine, tmp_path: Path
) -> None:
    _import(engine, tmp_path / "dora", [
        _structure("dora", "dora-cle", "Épicerie solidaire La Clé", _north(400),
                   adresse="12 rue Carnot"),
    ])  # fmt: skip
    _import(engine, tmp_path / "siae", [
        _structure("siae", "siae-cle", "ASSOC EPICERIE SOLIDAIRE LA CLE", adresse="12 R CARNOT"),
        _structure("siae", "autre", "ASSOC LES AMIS DU VELO", adresse="12 R CARNOT"),
    ])  # fmt: skip
    clusters = _clusters(engine)
    assert _linked(clusters, "dora-cle", "siae-cle")
    assert clusters["autre"] is None  # the same address, another name


def test_one_source_listing_a_place_twice_is_linked_too(engine: Engine, tmp_path: Path) -> None:
    _import(engine, tmp_path / "dora", [
        _structure("dora", "a", "Restos du cœur de Gap", CENTRE, adresse="5 avenue Jean Jaurès"),
        _structure("dora", "b", "Les Restaurants du Coeur", _north(15),
                   adresse="5 av. Jean-Jaurès"),
    ])  # fmt: skip
    assert _linked(_clusters(engine), "a", "b")


def test_two_networks_at_one_address_stay_apart(engine: Engine, tmp_path: Path) -> None:
    _import(engine, tmp_path / "dora", [
        _structure("dora", "ccas", "CCAS de Gap", CENTRE, adresse="3 rue Colonel Roux"),
        _structure("dora", "ml", "Mission locale de Gap", CENTRE, adresse="3 rue Colonel Roux"),
    ])  # fmt: skip
    assert _clusters(engine) == {"ccas": None, "ml": None}


def test_two_sirens_are_never_joined_even_through_a_third_record(
    engine: Engine, tmp_path: Path
) -> None:
    _import(engine, tmp_path / "siae", [
        _structure("siae", "aci", "ASSOC ASPIRE", adresse="270 rue du Clos Bonnet",
                   siret="41071771400035"),
        _structure("siae", "ai", "ASSOC ASPIRE SERVICE", adresse="270 rue du Clos Bonnet",
                   siret="80295478500028"),
    ])  # fmt: skip
    _import(engine, tmp_path / "soliguide", [
        _structure("soliguide", "aspire", "ASPIRE", CENTRE, adresse="270, rue du Clos Bonnet"),
    ])  # fmt: skip
    clusters = _clusters(engine)
    assert not _linked(clusters, "aci", "ai")
    assert _linked(clusters, "aspire", "aci") != _linked(clusters, "aspire", "ai")


def test_the_record_with_services_represents_its_cluster(engine: Engine, tmp_path: Path) -> None:
    _import(engine, tmp_path / "a", [
        _structure("a", "vide", "Garage solidaire Roue Libre", CENTRE, adresse="8 rue Carnot",
                   date_maj="2025-06-01"),
    ])  # fmt: skip
    service = {"source": "b", "id": "s", "structure_id": "plein", "nom": "Réparations",
               "description": "Réparer sa voiture à petit prix.", "date_maj": "2024-01-01",
               "thematiques": [JOBS]}  # fmt: skip
    _import(engine, tmp_path / "b", [
        _structure("b", "plein", "GARAGE SOLIDAIRE ROUE LIBRE", _north(10), adresse="8 R CARNOT",
                   date_maj="2024-01-01"),
    ], [service])  # fmt: skip
    with engine.connect() as conn:
        representative = conn.execute(
            text("SELECT id FROM structures WHERE uid = cluster_id")
        ).scalar_one()
    assert representative == "plein"  # older, but the one with a service


def test_a_source_citing_anothers_id_links_the_two(engine: Engine, tmp_path: Path) -> None:
    _import(engine, tmp_path / "dora", [
        _structure("dora", "5f1c-garage", "Garage Roue Libre", CENTRE),
    ])  # fmt: skip
    _import(engine, tmp_path / "soliguide", [
        _structure("soliguide", "981", "ROUE LIBRE - atelier", _north(900),
                   identifiants=["dora:5f1c-garage"]),
    ])  # fmt: skip
    assert _linked(_clusters(engine), "5f1c-garage", "981")
