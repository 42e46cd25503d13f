"""``GET /api/v1/search`` on the real data·inclusion records (the README's « Search semantics »)."""

from __future__ import annotations

import json
import math

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from catalogue.settings import Settings
from tests.conftest import cli_env


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    radius = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius * math.asin(math.sqrt(a))


def test_around_tarascon_only_services_eligible_there_come_nearest_first(
    client: TestClient,
) -> None:
    answer = client.get("/api/v1/search", params={"code_commune": "13108", "rayon_km": 50}).json()
    assert answer["moteur"] == "meilisearch"
    assert answer["localisation"]["commune"]["code"] == "13108"
    names = [(r["source"], r["nom"]) for r in answer["resultats"]]
    # Beaucaire's services are 2 km away but only eligible in the Gard (30); the Dora
    # service of Arles is eligible in Arles only. The FINESS one has no coordinates
    # and sits at Tarascon's town hall.
    assert names == [
        ("finess", "Consultations médico-psychologiques et sociales"),
        ("carif-oref", "Ouvrir l'école aux parents pour la réussite des enfants - OEPRE"),
        ("dora", "Mon Conseil en Evolution Professionnelle par Avenir Actifs – Tarascon"),
    ]
    assert answer["total"] == 3


def test_distances_are_right_to_half_a_kilometre(client: TestClient) -> None:
    answer = client.get("/api/v1/search", params={"code_commune": "13108"}).json()
    here = answer["localisation"]
    distances = [r["distance_km"] for r in answer["resultats"]]
    assert distances == sorted(distances)
    for result in answer["resultats"]:
        expected = haversine_km(
            here["latitude"], here["longitude"], result["latitude"], result["longitude"]
        )
        assert abs(result["distance_km"] - expected) <= 0.5


def test_around_belfort_a_frein_narrows_to_french_lessons(client: TestClient) -> None:
    every = client.get("/api/v1/search", params={"code_commune": "90010"}).json()
    french = client.get(
        "/api/v1/search", params={"code_commune": "90010", "freins": "francais"}
    ).json()
    assert every["total"] == 5
    assert [r["nom"] for r in french["resultats"]] == [
        "Ouvrir l'école aux parents pour la réussite des enfants - OEPRE"
    ]
    assert french["resultats"][0]["freins"] == ["francais"]


def test_remote_services_match_beyond_the_radius_after_in_person_ones(client: TestClient) -> None:
    # Delle is 20 km from Belfort, in the same département (zone "90").
    answer = client.get("/api/v1/search", params={"code_commune": "90033", "rayon_km": 2}).json()
    assert answer["total"] == 3
    assert all(r["distance_km"] is None and r["a_distance"] for r in answer["resultats"])
    assert all("a-distance" in r["modes_accueil"] for r in answer["resultats"])


def test_a_point_search_resolves_its_commune(client: TestClient) -> None:
    answer = client.get("/api/v1/search", params={"lat": 43.8002, "lon": 4.6620}).json()
    assert answer["localisation"]["commune"]["nom"] == "Tarascon"
    assert answer["total"] == 3


def test_facets_count_the_matching_services(client: TestClient) -> None:
    answer = client.get("/api/v1/search", params={"code_commune": "13108"}).json()
    assert answer["facettes"]["freins"] == {"sante": 1, "famille": 1, "francais": 1}
    assert answer["facettes"]["modes_accueil"]["en-presentiel"] == 3


def test_paging_splits_the_same_ordered_results(client: TestClient) -> None:
    whole = client.get("/api/v1/search", params={"code_commune": "90010"}).json()
    pages = [
        client.get(
            "/api/v1/search", params={"code_commune": "90010", "taille": 2, "page": p}
        ).json()
        for p in (1, 2, 3)
    ]
    assert [r["id"] for p in pages for r in p["resultats"]] == [r["id"] for r in whole["resultats"]]
    assert all(p["total"] == 5 for p in pages)


def test_an_unknown_commune_is_a_404_in_french(client: TestClient) -> None:
    response = client.get("/api/v1/search", params={"code_commune": "99999"})
    assert response.status_code == 404
    assert "Aucune commune" in response.json()["erreur"]


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({}, "Indiquez un lieu"),
        ({"code_commune": "13108", "lat": 43.8, "lon": 4.6}, "un seul"),
        ({"lat": 43.8}, "vont ensemble"),
        ({"lat": "nan", "lon": 4.6}, "nombre fini"),
        ({"lat": 95, "lon": 4.6}, "entre -90 et 90"),
        ({"lat": 0, "lon": 0}, "aucune commune française"),
        ({"code_commune": "13108", "rayon_km": 0}, "rayon_km"),
        ({"code_commune": "13108", "rayon_km": 10_000}, "rayon_km"),
        ({"code_commune": "13108", "freins": "voiture"}, "valeur inconnue"),
        ({"code_commune": "13108", "thematiques": "x' OR 1=1 --"}, "valeur inconnue"),
        ({"code_commune": "1310'8"}, "n'est pas un code INSEE"),
        ({"code_commune": "13108", "page": 0}, "page"),
        ({"code_commune": "13108", "taille": 1000}, "taille"),
        ({"code_commune": "13108", "page": "deux"}, "nombre entier"),
        ({"code_commune": "13108", "freins": ",".join(["mobilite"] * 60 + ["x"] * 60)}, "valeur"),
    ],
)
def test_bad_parameters_get_a_422_with_a_french_message(
    client: TestClient, params: dict, fragment: str
) -> None:
    response = client.get("/api/v1/search", params=params)
    assert response.status_code in (404, 422), response.text
    assert fragment in response.json()["erreur"]


def test_the_cli_answers_the_same_json_as_the_api(
    client: TestClient, sample_settings: Settings
) -> None:
    from maillage.cli import main

    api = client.get(
        "/api/v1/search", params={"code_commune": "13108", "freins": "sante,francais"}
    ).json()
    result = CliRunner().invoke(
        main,
        ["search", "--commune", "13108", "--freins", "sante,francais", "--json"],
        env=cli_env(sample_settings),
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == api
