"""The HSDS 3.0 API: every answer valid for Open Referral's own JSON Schemas, closures as
``status`` and ``alert``, places near a postcode, and what it serves read back by the HSDS
importer into the same in-person results."""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator
from sqlalchemy import text
from sqlalchemy.engine import Engine

from api.search.engines import backend_for
from api.search.params import SearchParams
from api.search.service import build_query
from catalogue.db import make_engine
from catalogue.settings import Settings
from catalogue.stack import Stack
from importers.pipeline import run_import
from importers.registry import get_importer
from maillage.app import create_app
from tests.api.hsds.schemas import hsds_validators, valid
from tests.conftest import DEMO_DATA, DEMO_SERVICES, clone_database

PAUSED, ENDED = "maillage-demo--svc-0000001", "maillage-demo--svc-0000002"


@pytest.fixture(scope="module")
def schemas() -> dict[str, Draft202012Validator]:
    return hsds_validators()


@pytest.fixture(scope="module")
def catalogue(stack: Stack, template: str) -> Iterator[tuple[Settings, Engine]]:
    """The demo sample, one service closed until next week and one closed for good."""
    settings = clone_database(stack, template, "maillage_hsds")
    engine = make_engine(settings)
    assert run_import(engine, get_importer("data-inclusion"), DEMO_DATA).services.crees == (
        DEMO_SERVICES
    )
    yesterday = date.today() - timedelta(days=1)
    with engine.begin() as conn:
        for ident, end in ((PAUSED, yesterday + timedelta(days=8)), (ENDED, None)):
            conn.execute(
                text("UPDATE services SET fermeture_debut = :d, fermeture_fin = :f WHERE id = :i"),
                {"d": yesterday, "f": end, "i": ident},
            )
    yield settings, engine
    engine.dispose()


@pytest.fixture(scope="module")
def client(catalogue: tuple[Settings, Engine]) -> Iterator[TestClient]:
    with TestClient(create_app(catalogue[0]), raise_server_exceptions=False) as client:
        yield client


def uid_of(engine: Engine, ident: str) -> str:
    with engine.connect() as conn:
        return str(conn.scalar(text("SELECT uid FROM services WHERE id = :i"), {"i": ident}))


def test_the_root_says_which_hsds_it_speaks(client: TestClient) -> None:
    about = client.get("/hsds/").json()
    assert about["version"] == "3.0" and about["openapi_url"].endswith("/api/openapi.json")


@pytest.mark.parametrize("full", [False, True])
def test_services_come_in_hsds_pages_each_valid_for_the_schema(
    client: TestClient, schemas: dict[str, Draft202012Validator], full: bool
) -> None:
    answer = client.get("/hsds/services", params={"per_page": 200, "page": 2, "full": full})
    page = answer.json()
    assert page["page_number"] == 2 and page["size"] == 200 and not page["first_page"]
    assert page["total_items"] == DEMO_SERVICES and page["total_pages"] == math.ceil(
        DEMO_SERVICES / 200
    )
    for service in page["contents"]:
        valid(schemas, "service", service)
        assert ("organization" in service) == full


def test_one_service_whole_with_its_thematiques_and_freins_as_taxonomy_terms(
    client: TestClient, catalogue: tuple[Settings, Engine], schemas: dict[str, Any]
) -> None:
    with catalogue[1].connect() as conn:
        uid = str(conn.scalar(text("SELECT uid FROM services WHERE freins <> '{}' LIMIT 1")))
    service = client.get(f"/hsds/services/{uid}").json()
    valid(schemas, "service", service)
    taxonomies = {a["taxonomy_term"]["taxonomy_id"] for a in service["attributes"]}
    assert taxonomies == {"data-inclusion-thematiques", "maillage-freins"}
    assert service["organization"]["id"] == service["organization_id"]
    assert service["service_at_locations"][0]["location"]["latitude"]
    missing = client.get("/hsds/services/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404 and "n'existe pas" in missing.json()["erreur"]


def test_closures_are_the_status_and_the_alert(
    client: TestClient, catalogue: tuple[Settings, Engine]
) -> None:
    paused = client.get(f"/hsds/services/{uid_of(catalogue[1], PAUSED)}").json()
    assert paused["status"] == "temporarily closed"
    assert paused["alert"].startswith("Fermé jusqu'au")
    ended = client.get(f"/hsds/services/{uid_of(catalogue[1], ENDED)}").json()
    assert (ended["status"], ended["alert"]) == ("defunct", "Fermé")


def test_organizations_and_the_taxonomies_are_valid(
    client: TestClient, schemas: dict[str, Draft202012Validator]
) -> None:
    organizations = client.get("/hsds/organizations", params={"per_page": 300}).json()
    assert organizations["size"] == 300
    for organization in organizations["contents"]:
        valid(schemas, "organization", organization)
    one = client.get(f"/hsds/organizations/{organizations['contents'][0]['id']}").json()
    valid(schemas, "organization", one)
    for taxonomy in client.get("/hsds/taxonomies").json()["contents"]:
        valid(schemas, "taxonomy", taxonomy)
    terms = client.get("/hsds/taxonomy_terms", params={"taxonomy_id": "maillage-freins"})
    assert terms.json()["total_items"] > 5
    for term in terms.json()["contents"]:
        valid(schemas, "taxonomy_term", term)


def test_places_near_a_postcode_nearest_first(
    client: TestClient, catalogue: tuple[Settings, Engine], schemas: dict[str, Any]
) -> None:
    near = client.get(
        "/hsds/service_at_locations",
        params={"postcode": "13001", "proximity": 20000, "per_page": 1000, "full": True},
    ).json()
    with catalogue[1].connect() as conn:
        lat, lon = conn.execute(
            text(
                "SELECT ST_Y(c), ST_X(c) FROM (SELECT ST_Centroid(ST_Collect(point)) AS c "
                "FROM communes WHERE '13001' = ANY(codes_postaux)) AS centre"
            )
        ).one()
    distances = [
        metres(lat, lon, link["location"]["latitude"], link["location"]["longitude"])
        for link in near["contents"]
    ]
    assert distances and max(distances) <= 20_100
    assert (
        distances == sorted(distances) or max(a - b for a, b in itertools.pairwise(distances)) < 100
    )  # geography and haversine differ by a few metres
    for link in near["contents"]:
        valid(schemas, "service_at_location", link)
    wider = client.get(
        "/hsds/service_at_locations", params={"postcode": "13001", "proximity": 60000}
    ).json()
    assert wider["total_items"] > near["total_items"]


def metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


def test_ndjson_streams_every_service_and_minimal_gives_ids_and_dates(
    client: TestClient, schemas: dict[str, Draft202012Validator]
) -> None:
    lines = client.get("/hsds/services", params={"format": "ndjson"}).text.splitlines()
    assert len(lines) == DEMO_SERVICES
    valid(schemas, "service", json.loads(lines[0]))
    minimal = client.get("/hsds/services", params={"minimal": True, "per_page": 5}).json()
    assert all(set(s) == {"id", "last_modified"} for s in minimal["contents"])
    recent = client.get("/hsds/services", params={"modified_after": "2100-01-01"}).json()
    assert recent["total_items"] == 0 and recent["empty"]


QUERIES = [
    SearchParams(code_commune="13055", rayon_km=30, taille=100),
    SearchParams(code_commune="75056", rayon_km=10, freins=("mobilite",), taille=100),
    SearchParams(code_commune="59350", rayon_km=40, frais=("gratuit",), taille=100),
]


def in_person(settings: Settings, engine: Engine, params: SearchParams) -> Counter[Any]:
    """(name, distance to the metre) of the results received in person."""
    result = backend_for(settings, engine, "postgis").search(
        build_query(engine, params, settings.search)
    )
    uids = [h.uid for h in result.hits if h.distance_km is not None]
    with engine.connect() as conn:
        names = dict(
            conn.execute(
                text("SELECT uid::text, nom FROM services WHERE uid::text = ANY(:u)"), {"u": uids}
            ).all()
        )
    return Counter(
        (names[h.uid], round(h.distance_km, 3)) for h in result.hits if h.distance_km is not None
    )


def test_what_the_api_serves_the_hsds_importer_reads_back_into_the_same_results(
    stack: Stack,
    template: str,
    client: TestClient,
    catalogue: tuple[Settings, Engine],
    tmp_path: Path,
) -> None:
    lines = client.get("/hsds/services", params={"format": "ndjson", "full": True}).text
    dump = tmp_path / "services.json"
    dump.write_text("[" + ",".join(lines.splitlines()) + "]", encoding="utf-8")
    copy_settings = clone_database(stack, template, "maillage_hsds_copy")
    copy = make_engine(copy_settings)
    try:
        report = run_import(copy, get_importer("hsds"), dump)
        # Those closed today are refused by their status; nothing else is.
        assert len(report.rejections) == 2, report.rejections[:3]
        assert report.services.crees == DEMO_SERVICES - 2
        for params in QUERIES:
            original = in_person(*catalogue, params)
            read_back = in_person(copy_settings, copy, params)
            assert original and not original - read_back, params
    finally:
        copy.dispose()
