"""Reference lists and commune autocomplete."""

from __future__ import annotations

import pytest
from data_inclusion.schema.v1 import Public, Thematique
from fastapi.testclient import TestClient


def test_freins_are_listed_with_their_thematiques(client: TestClient) -> None:
    freins = client.get("/api/v1/referentiels/freins").json()
    by_slug = {f["valeur"]: f for f in freins}
    assert by_slug["garde-enfants"] == {
        "valeur": "garde-enfants",
        "libelle": "Garde d'enfants",
        "thematiques": ["famille--garde-denfants"],
    }


@pytest.mark.parametrize(("name", "enum"), [("thematiques", Thematique), ("publics", Public)])
def test_schema_lists_come_from_the_schema_package(client: TestClient, name: str, enum) -> None:
    values = client.get(f"/api/v1/referentiels/{name}").json()
    assert [v["valeur"] for v in values] == [e.value for e in enum]


def test_an_unknown_list_is_refused_in_french(client: TestClient) -> None:
    response = client.get("/api/v1/referentiels/couleurs")
    assert response.status_code == 422
    assert "Référentiel inconnu" in response.json()["erreur"]


def test_communes_are_suggested_by_name_most_populous_first(client: TestClient) -> None:
    names = [c["nom"] for c in client.get("/api/v1/communes", params={"q": "saint-den"}).json()]
    assert names[0] == "Saint-Denis"
    assert len(names) == 10
    tarascon = client.get("/api/v1/communes", params={"q": "Tarascon"}).json()
    assert tarascon[0]["code"] == "13108" and tarascon[0]["libelle"] == "Tarascon (13150)"


def test_communes_are_suggested_by_postcode(client: TestClient) -> None:
    found = client.get("/api/v1/communes", params={"q": "1315", "limite": 50}).json()
    assert "13108" in {c["code"] for c in found}
    assert all(any(cp.startswith("1315") for cp in c["codes_postaux"]) for c in found)


@pytest.mark.parametrize("params", [{"q": ""}, {"q": "x" * 101}, {"q": "a", "limite": 0}, {}])
def test_bad_autocomplete_requests_get_a_422(client: TestClient, params: dict) -> None:
    response = client.get("/api/v1/communes", params=params)
    assert response.status_code == 422
    assert response.json()["erreur"]
