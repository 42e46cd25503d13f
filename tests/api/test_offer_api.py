"""Service and structure sheets (``/api/v1/services/{uid}``, ``/api/v1/structures/{uid}``)."""

from __future__ import annotations

from fastapi.testclient import TestClient


def first_result(client: TestClient) -> dict:
    answer = client.get("/api/v1/search", params={"code_commune": "13108"}).json()
    return answer["resultats"][0]


def test_a_service_sheet_carries_every_schema_field_and_ours(client: TestClient) -> None:
    result = first_result(client)
    sheet = client.get(result["lien_api"]).json()
    assert sheet["uid"] == result["id"]
    assert sheet["id"] == "finess--130806755--cmp"  # the source's own identifier
    assert sheet["source"] == "finess"
    assert sheet["thematiques"] and sheet["freins"] == ["sante", "famille"]
    assert sheet["localisation"]["precision"] == "commune"
    assert sheet["structure"]["nom"] == "CMP"
    assert {"zone_eligibilite", "modes_accueil", "horaires_accueil", "date_maj"} <= set(sheet)


def test_a_structure_sheet_lists_its_published_services(client: TestClient) -> None:
    service = client.get(first_result(client)["lien_api"]).json()
    structure = client.get(service["structure"]["lien_api"]).json()
    assert structure["nom"] == "CMP"
    assert [s["uid"] for s in structure["services"]] == [service["uid"]]


def test_unknown_or_malformed_ids_are_404_in_french(client: TestClient) -> None:
    for path in (
        "/api/v1/services/00000000-0000-0000-0000-000000000000",
        "/api/v1/services/pas-un-identifiant",
        "/api/v1/structures/%27%20OR%201%3D1",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["erreur"]
