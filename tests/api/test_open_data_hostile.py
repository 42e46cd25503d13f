"""Hostile and absurd input to the open-data routes (the data·inclusion-compatible API,
HSDS, the widget, the observatory, /donnees): a French 4xx, never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

VALUES = ["'", "' OR '1'='1", "\\", "NaN", "inf", "-1", "0", "1e308", "99999999999", "x" * 3000,
          "<script>alert(1)</script>", "13;DROP TABLE services", "2025-13-45"]  # fmt: skip
PREFIXES = ("/data-inclusion/", "/hsds/")


def operations(client: TestClient) -> list[tuple[str, list[str]]]:
    spec = client.get("/api/openapi.json").json()
    found = []
    for path, item in spec["paths"].items():
        if path.startswith(PREFIXES) and "get" in item:
            names = [p["name"] for p in item["get"].get("parameters", []) if p["in"] == "query"]
            found.append((path, names))
    return found


def answered_cleanly(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code < 500, (response.url, response.text[:200])
    if response.status_code >= 400 and "json" in response.headers["content-type"]:
        assert response.json()["erreur"], response.url


def test_every_parameter_of_the_open_data_apis_takes_any_value(client: TestClient) -> None:
    checked = 0
    for path, names in operations(client):
        concrete = (
            path.replace("{id}", "x'1").replace("{source}", "s").replace("{referentiel}", "frais")
        )
        for name in names:
            for value in VALUES:
                answered_cleanly(client.get(concrete, params={name: value}))
                checked += 1
    assert checked > 300


@pytest.mark.parametrize("value", VALUES)
def test_the_pages_take_any_value(client: TestClient, value: str) -> None:
    for path, params in [
        ("/widget", {"territoire": value}),
        ("/widget", {"territoire": "13", "lieu": value, "frein": value, "page": value}),
        ("/widget", {"territoire": "13", "freins": value}),
        (f"/territoire/{value}", {"frein": value, "distance": value}),
        (f"/territoire/13/indicateurs.{value}", {}),
        (f"/donnees/fichiers/{value}", {}),
    ]:
        answered_cleanly(client.get(path, params=params))


@pytest.mark.parametrize("proximity", ["NaN", "inf", "-5", "0", "1e308"])
def test_an_absurd_proximity_is_refused(client: TestClient, proximity: str) -> None:
    response = client.get(
        "/hsds/service_at_locations", params={"postcode": "13001", "proximity": proximity}
    )
    assert response.status_code == 422 and response.json()["erreur"]
