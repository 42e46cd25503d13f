"""What a referent types as a place, without picking a suggestion: homonyms, typos,
arrondissements and postcodes (INSEE's geography, no geocoder)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def commune_of(client: TestClient, adresse: str) -> str:
    response = client.get("/api/v1/search", params={"adresse": adresse})
    assert response.status_code == 200, response.text
    return str(response.json()["localisation"]["commune"]["code"])


def test_saint_denis_asks_which_one_instead_of_choosing_la_reunion(client: TestClient) -> None:
    response = client.get("/api/v1/search", params={"adresse": "Saint-Denis"})
    assert response.status_code == 422
    body = response.json()
    assert body["erreur"].startswith("Plusieurs communes s'appellent « Saint-Denis »")
    codes = [choice["code_commune"] for choice in body["choix"]]
    assert codes[:2] == ["97411", "93066"]  # most populous first
    assert "Seine-Saint-Denis" in body["choix"][1]["libelle"]


def test_the_chosen_homonym_is_then_searched(client: TestClient) -> None:
    response = client.get("/api/v1/search", params={"code_commune": "93066"})
    assert response.json()["localisation"]["commune"]["nom"] == "Saint-Denis"
    assert commune_of(client, "93200 Saint-Denis") == "93066"


def test_a_commune_that_outweighs_its_homonyms_is_taken_without_asking(
    client: TestClient,
) -> None:
    assert commune_of(client, "Montreuil") == "93048"  # not Montreuil-sur-Mer (62)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Paris 18", "75118"),
        ("paris 18e arrondissement", "75118"),
        ("Lyon 3e", "69383"),
        ("Marseille 1er", "13201"),
        ("75018", "75118"),
        ("69003", "69383"),
    ],
)
def test_arrondissements_are_reached_by_name_or_postcode(
    client: TestClient, typed: str, code: str
) -> None:
    assert commune_of(client, typed) == code


def test_a_typo_finds_the_closest_spelling(client: TestClient) -> None:
    assert commune_of(client, "Tarrascon") == "13108"
    assert commune_of(client, "Marseile") == "13055"


def test_a_name_far_from_every_commune_is_still_unknown(client: TestClient) -> None:
    response = client.get("/api/v1/search", params={"adresse": "Atlantide"})
    assert response.status_code == 404
    assert "introuvable" in response.json()["erreur"]
