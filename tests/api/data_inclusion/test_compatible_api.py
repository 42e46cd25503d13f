"""The data·inclusion-compatible API: data·inclusion's paths, parameter names, pages and
item shapes (each item valid for the schema's own models), over Maillage's catalogue and
search."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from data_inclusion.schema.v1 import Frais, Service, Structure, Thematique
from fastapi.testclient import TestClient
from sqlalchemy import text

from catalogue.db import make_engine
from catalogue.settings import Settings
from catalogue.stack import Stack
from importers.pipeline import run_import
from importers.registry import get_importer
from maillage.app import create_app
from tests.conftest import clone_database

V1 = "/data-inclusion/api/v1"
LABELLED = Path(__file__).parents[2] / "data" / "doublons" / "structures.json"
SERVICE_KEYS = [*Service.model_fields, "adresse_certifiee", "score_qualite"]
STRUCTURE_KEYS = [*Structure.model_fields, "adresse_certifiee"]
# data·inclusion's own parameter names (its api/src/data_inclusion/api/inclusion_data/
# parameters.py), less those Maillage does not take (see the README).
PARAMETERS = {
    "/structures": {"page", "size", "sources", "reseaux_porteurs", "code_commune",
                    "code_departement", "code_region", "exclure_doublons"},
    "/services": {"page", "size", "sources", "thematiques", "code_commune", "code_departement",
                  "code_region", "frais", "publics", "modes_accueil", "types"},
    "/search/services": {"page", "size", "sources", "code_commune", "lat", "lon", "thematiques",
                         "frais", "modes_accueil", "publics", "types", "exclure_doublons"},
}  # fmt: skip


@pytest.fixture(scope="module")
def client(demo_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(demo_settings), raise_server_exceptions=False) as client:
        yield client


def valid_service(item: dict[str, Any]) -> None:
    assert list(item)[: len(SERVICE_KEYS)] == SERVICE_KEYS
    Service.model_validate(item)


def valid_structure(item: dict[str, Any]) -> None:
    assert list(item)[: len(STRUCTURE_KEYS)] == STRUCTURE_KEYS
    Structure.model_validate(item)


def test_the_parameters_are_data_inclusions_with_freins_as_the_only_addition(
    client: TestClient,
) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for path, expected in PARAMETERS.items():
        names = {p["name"] for p in paths[V1 + path]["get"]["parameters"]}
        assert names - expected <= {"freins"}, path
        assert expected <= names, path


def test_services_come_in_data_inclusions_pages_each_valid_for_the_schema(
    client: TestClient,
) -> None:
    first = client.get(f"{V1}/services", params={"size": 100}).json()
    second = client.get(f"{V1}/services", params={"size": 100, "page": 2}).json()
    assert list(first) == ["items", "total", "page", "size", "pages"]
    assert first["size"] == 100 and second["page"] == 2
    assert first["pages"] == math.ceil(first["total"] / 100)
    for item in first["items"] + second["items"]:
        valid_service(item)
    keys = [(i["source"], i["id"]) for i in first["items"] + second["items"]]
    assert keys == sorted(keys) and len(set(keys)) == 200
    everything = client.get(f"{V1}/services").json()
    assert everything["total"] == first["total"] == len(everything["items"])


def test_a_category_stands_for_its_thematiques_and_tous_publics_for_every_public(
    client: TestClient,
) -> None:
    mobility = client.get(f"{V1}/services", params={"thematiques": "mobilite"}).json()
    assert mobility["total"] > 0
    assert all(any(t.startswith("mobilite--") for t in i["thematiques"]) for i in mobility["items"])
    every = client.get(f"{V1}/services").json()["total"]
    assert client.get(f"{V1}/services", params={"publics": "tous-publics"}).json()["total"] == every
    free = client.get(f"{V1}/services", params=[("frais", "gratuit"), ("code_departement", "13")])
    assert all(i["frais"] == "gratuit" for i in free.json()["items"]) and free.json()["total"]


def test_one_service_by_its_id_or_by_source_and_id_with_its_structure(
    client: TestClient,
) -> None:
    item = client.get(f"{V1}/services", params={"size": 1}).json()["items"][0]
    by_id = client.get(f"{V1}/services/{item['id']}").json()
    by_source = client.get(f"{V1}/services/{item['source']}/{item['id']}").json()
    assert by_id == by_source
    valid_service(by_id)
    valid_structure(by_id["structure"])
    assert by_id["structure"]["id"] == item["structure_id"]
    missing = client.get(f"{V1}/services/nulle-part--42")
    assert missing.status_code == 404 and "n'existe pas" in missing.json()["erreur"]


def test_a_search_answers_maillages_results_in_data_inclusions_shape(
    client: TestClient,
) -> None:
    params = {"code_commune": "13055", "thematiques": "mobilite", "size": 100}
    answer = client.get(f"{V1}/search/services", params=params).json()
    ours = client.get(
        "/api/v1/search", params={"code_commune": "13055", "thematiques": "mobilite", "taille": 100}
    ).json()
    assert answer["total"] == ours["total"] > 0
    assert [i["service"]["id"] for i in answer["items"]] == [
        client.get(r["lien_api"]).json()["id"] for r in ours["resultats"]
    ]
    distances = [i["distance"] for i in answer["items"]]
    near = [d for d in distances if d is not None]
    assert near == sorted(near) and all(isinstance(d, int) for d in near)
    assert distances == near + [None] * (len(distances) - len(near))
    for item in answer["items"]:
        valid_service(item["service"])
        valid_structure(item["service"]["structure"])


def test_a_search_with_no_place_is_the_filtered_list_with_no_distance(
    client: TestClient,
) -> None:
    answer = client.get(f"{V1}/search/services", params={"frais": "payant", "size": 50}).json()
    listed = client.get(f"{V1}/services", params={"frais": "payant", "size": 50}).json()
    assert answer["total"] == listed["total"] > 0
    assert [i["service"]["id"] for i in answer["items"]] == [i["id"] for i in listed["items"]]
    assert {i["distance"] for i in answer["items"]} == {None}


def test_bad_parameters_are_refused_in_french(client: TestClient) -> None:
    for params in ({"frais": "cher"}, {"lat": "43.3"}, {"code_commune": "123"}):
        answer = client.get(f"{V1}/search/services", params=params)
        assert answer.status_code == 422, params
        assert answer.json()["erreur"], params


def test_the_referentiels_and_sources(client: TestClient) -> None:
    frais = client.get(f"{V1}/doc/frais").json()
    assert frais == sorted(
        ({"value": f.value, "label": f.label, "description": f.description} for f in Frais),
        key=lambda f: f["value"],
    )
    assert len(client.get(f"{V1}/doc/thematiques").json()) == len(Thematique)
    slugs = {s["slug"] for s in client.get(f"{V1}/sources").json()}
    assert "maillage-demo" in slugs


@pytest.fixture(scope="module")
def linked(stack: Stack, template: str) -> Iterator[TestClient]:
    """The labelled structures of the deduplication benchmark, linked by an import."""
    settings = clone_database(stack, template, "maillage_di_structures")
    engine = make_engine(settings)
    run_import(engine, get_importer("data-inclusion"), LABELLED)
    engine.dispose()
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def test_structures_list_their_duplicates_and_can_leave_them_out(linked: TestClient) -> None:
    every = linked.get(f"{V1}/structures").json()
    for item in every["items"]:
        valid_structure(item)
    with_duplicates = [i for i in every["items"] if i["doublons"]]
    assert with_duplicates
    one = with_duplicates[0]
    assert all(set(d) == {"source", "id"} for d in one["doublons"])
    alone = linked.get(f"{V1}/structures", params={"exclure_doublons": "true"}).json()
    assert alone["total"] < every["total"]
    detail = linked.get(f"{V1}/structures/{one['source']}/{one['id']}").json()
    assert [(d["source"], d["id"]) for d in detail["doublons"]] == [
        (d["source"], d["id"]) for d in one["doublons"]
    ]
    for doublon in detail["doublons"]:
        Structure.model_validate(doublon)
    assert detail["services"] == []


def test_a_structures_services_are_listed_with_it(
    client: TestClient, demo_settings: Settings
) -> None:
    engine = make_engine(demo_settings)
    with engine.connect() as conn:
        source, ident, count = conn.execute(
            text(
                "SELECT t.source, t.id, count(*) FROM structures t JOIN services s "
                "ON s.structure_uid = t.uid GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1"
            )
        ).one()
    engine.dispose()
    detail = client.get(f"{V1}/structures/{ident}").json()
    assert (detail["source"], len(detail["services"])) == (source, count)
    for service in detail["services"]:
        valid_service(service)
