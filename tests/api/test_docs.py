"""The OpenAPI documentation is complete and French."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_every_endpoint_is_documented_in_french(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    operations = [
        (path, method, op) for path, item in spec["paths"].items() for method, op in item.items()
    ]
    assert {p for p, _, _ in operations} >= {
        "/api/v1/search",
        "/api/v1/services/{uid}",
        "/api/v1/structures/{uid}",
        "/api/v1/referentiels/{nom}",
        "/api/v1/communes",
    }
    for path, method, op in operations:
        assert op.get("summary") and op.get("description"), (path, method)
        assert any(word in op["description"] for word in (" le ", " la ", " les ", " des ")), path


def test_search_parameters_have_descriptions_and_examples(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    parameters = {p["name"]: p for p in spec["paths"]["/api/v1/search"]["get"]["parameters"]}
    for name in ("code_commune", "lat", "lon", "adresse", "rayon_km", "freins", "q", "page"):
        assert parameters[name].get("description"), name
    for name in ("code_commune", "lat", "lon", "adresse", "freins", "q"):
        assert parameters[name]["schema"].get("examples"), name


def test_the_docs_page_is_served_with_our_own_copy_of_swagger_ui(client: TestClient) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', response.text)
    assert assets and all(url.startswith("/") for url in assets), assets
    for url in assets:
        assert client.get(url).status_code == 200, url


def test_every_error_an_operation_may_answer_is_documented_with_its_french_body(
    client: TestClient,
) -> None:
    spec = client.get("/api/openapi.json").json()
    assert "HTTPValidationError" not in spec["components"]["schemas"]  # not what we answer
    assert set(spec["components"]["schemas"]["Erreur"]["properties"]) >= {"erreur", "details"}
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            assert {"422", "503"} <= set(responses), (path, method)
            assert "Retry-After" in responses["503"]["headers"]
            for status, response in responses.items():
                if status[0] in "45":
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Erreur"}, (path, status)
