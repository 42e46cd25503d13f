"""Every response hardened, every URL with a control character refused in French."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

BROWSER = {"accept": "text/html,application/xhtml+xml"}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/search?adresse=Tara%00scon",
        "/api/v1/communes?q=Ta%00r",
        "/api/v1/services/%00",
        "/api/v1/search?code_commune=13108&q=%1b[31m",
    ],
)
def test_a_control_character_in_the_url_is_a_french_422(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 422
    assert "caractère de contrôle" in response.json()["erreur"]


def test_a_person_gets_the_same_refusal_as_a_page(client: TestClient) -> None:
    response = client.get("/recherche?lieu=Tara%00scon", headers=BROWSER)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "caractère de contrôle" in response.text


def test_a_wrong_method_says_which_are_allowed(client: TestClient) -> None:
    response = client.post("/api/v1/search")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"
    assert "Méthode non autorisée" in response.json()["erreur"]


@pytest.mark.parametrize("url", ["/recherche", "/api/v1/referentiels/freins", "/api/docs"])
def test_every_response_carries_the_security_headers(client: TestClient, url: str) -> None:
    headers = client.get(url).headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "object-src 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_the_health_endpoint_reports_the_database_the_index_and_the_outbox(
    client: TestClient,
) -> None:
    response = client.get("/sante")
    assert response.status_code == 200
    health = response.json()
    assert health["statut"] == "ok"
    assert health["base"]["outbox"]["en_attente"] >= 0
    assert health["base"]["dernier_import"]["fin"] is not None
    assert health["index"]["ok"] is True and health["index"]["documents"] > 0
