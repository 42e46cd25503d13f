"""``GET /api/v1/carte``: groups computed on the server by zoom and viewport."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.engine import Engine

from api.carte.queries import MAX_POINTS
from catalogue.settings import Settings
from maillage.app import create_app

FRANCE = "-5.5,41.2,10,51.2"
WORLD = "-180,-85,180,85"


@pytest.fixture(scope="module")
def client(demo_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(demo_settings), raise_server_exceptions=False) as client:
        yield client


def carte(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/api/v1/carte", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def shown(body: dict[str, Any]) -> int:
    return sum(g["nombre"] for g in body["groupes"]) + len(body["services"])


def great_circle(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    return math.acos(
        min(1.0, math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl))
    )


def visible_in(engine: Engine, bbox: str, freins: list[str] | None = None) -> int:
    """The reference count, straight from the catalogue."""
    west, south, east, north = (float(v) for v in bbox.split(","))
    sql = """
        SELECT count(*) FROM services s
         WHERE s.publication_status = 'published' AND NOT s.archived AND s.doublon_de IS NULL
           AND s.location IS NOT NULL
           AND (coalesce(cardinality(s.modes_accueil), 0) = 0
                OR 'en-presentiel' = ANY(s.modes_accueil))
           AND ST_X(s.location::geometry) BETWEEN :w AND :e
           AND ST_Y(s.location::geometry) BETWEEN :s AND :n
           AND (CAST(:freins AS text[]) IS NULL OR s.freins && CAST(:freins AS text[]))
    """
    with engine.connect() as conn:
        count: int = conn.execute(
            text(sql), {"w": west, "s": south, "e": east, "n": north, "freins": freins}
        ).scalar_one()
    return count


@pytest.mark.parametrize(
    ("bbox", "zoom"),
    [(WORLD, 2), (FRANCE, 5), (FRANCE, 6), ("1.4,48.1,3.3,49.3", 9), ("4.5,43.6,5.6,44.1", 10)],
)
def test_groups_and_services_add_up_to_the_total_in_view(
    client: TestClient, demo_engine: Engine, bbox: str, zoom: int
) -> None:
    body = carte(client, bbox=bbox, zoom=zoom)
    assert body["total"] == visible_in(demo_engine, bbox) > 0
    assert shown(body) == body["total"]
    assert all(g["nombre"] >= 2 for g in body["groupes"])
    west, south, east, north = (float(v) for v in bbox.split(","))
    for group in body["groupes"]:
        w, s, e, n = group["emprise"]
        assert west <= w <= group["longitude"] <= e <= east
        assert south <= s <= group["latitude"] <= n <= north


def test_the_national_view_is_grouped_never_all_points(client: TestClient) -> None:
    body = carte(client, bbox=FRANCE, zoom=6)
    assert body["regroupe"] is True
    assert body["total"] > MAX_POINTS
    assert len(body["groupes"]) + len(body["services"]) < body["total"] / 5


def test_zooming_in_splits_groups_then_shows_services_one_by_one(client: TestClient) -> None:
    national = carte(client, bbox=FRANCE, zoom=6)
    finer = carte(client, bbox=FRANCE, zoom=8)  # the same area, cells four times smaller
    assert finer["total"] == national["total"]
    assert len(finer["groupes"]) + len(finer["services"]) > len(national["groupes"]) + len(
        national["services"]
    )
    # Marseille at street level: few enough to show one by one.
    local = carte(client, bbox="5.36,43.28,5.40,43.31", zoom=15)
    assert 0 < local["total"] <= MAX_POINTS
    assert local["regroupe"] is False and local["groupes"] == []
    assert len(local["services"]) == local["total"]
    service = local["services"][0]
    assert service["lien"] == f"/services/{service['uid']}"


def test_freins_filter_the_map(client: TestClient, demo_engine: Engine) -> None:
    everything = carte(client, bbox=FRANCE, zoom=6)
    mobility = carte(client, bbox=FRANCE, zoom=6, freins="mobilite")
    both = carte(client, bbox=FRANCE, zoom=6, freins=["mobilite", "sante"])
    assert mobility["total"] == visible_in(demo_engine, FRANCE, ["mobilite"])
    assert 0 < mobility["total"] < both["total"] < everything["total"]
    assert shown(both) == both["total"]


def test_the_list_gives_the_services_nearest_the_centre(client: TestClient) -> None:
    body = carte(client, bbox="4.5,43.7,4.8,43.9", zoom=11, liste=5)
    nearest = body["proches"]
    assert 0 < len(nearest) <= 5
    distances = [great_circle(s["latitude"], s["longitude"], 43.8, 4.65) for s in nearest]
    assert distances == sorted(distances)
    assert carte(client, bbox="4.5,43.7,4.8,43.9", zoom=11)["proches"] == []


def test_a_wide_view_keeps_services_near_its_southern_edge(
    client: TestClient, demo_engine: Engine
) -> None:
    # Tarascon (43.81° N) lies just north of this view's southern edge, halfway across:
    # a geography envelope would bow north there and lose it; the count must not.
    bbox = "-10,43.79,20,50"
    body = carte(client, bbox=bbox, zoom=4)
    assert body["total"] == visible_in(demo_engine, bbox)
    tarascon = carte(client, bbox="4.6,43.79,4.7,43.83", zoom=12)
    assert tarascon["total"] > 0


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"zoom": 6}, "bbox"),
        ({"bbox": FRANCE}, "zoom"),
        ({"bbox": "1,2,3", "zoom": 6}, "quatre nombres"),
        ({"bbox": "a,b,c,d", "zoom": 6}, "nombre"),
        ({"bbox": "nan,41,10,51", "zoom": 6}, "finis"),
        ({"bbox": "inf,41,10,51", "zoom": 6}, "finis"),
        ({"bbox": "10,41,-5,51", "zoom": 6}, "l'ouest avant l'est"),
        ({"bbox": "-5,51,10,41", "zoom": 6}, "le sud avant le nord"),
        ({"bbox": "-200,41,10,51", "zoom": 6}, "longitudes"),
        ({"bbox": "-5,41,10,95", "zoom": 6}, "latitudes"),
        ({"bbox": "-5,86,10,89", "zoom": 6}, "85"),
        ({"bbox": FRANCE, "zoom": 21}, "zoom"),
        ({"bbox": FRANCE, "zoom": -1}, "zoom"),
        ({"bbox": FRANCE, "zoom": "six"}, "entier"),
        ({"bbox": WORLD, "zoom": 18}, "trop étendue"),
        ({"bbox": FRANCE, "zoom": 6, "freins": "teleportation"}, "valeur inconnue"),
        ({"bbox": FRANCE, "zoom": 6, "liste": 51}, "liste"),
        ({"bbox": "1," * 200 + "1", "zoom": 6}, "bbox"),
    ],
)
def test_bad_parameters_are_refused_in_french(
    client: TestClient, params: dict[str, Any], words: str
) -> None:
    response = client.get("/api/v1/carte", params=params)
    assert response.status_code == 422, response.text
    assert words in response.json()["erreur"]


@hypothesis_settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    params=st.dictionaries(
        st.sampled_from(["bbox", "zoom", "freins", "liste"]),
        st.one_of(
            st.text(max_size=40),
            st.lists(st.floats(allow_nan=True), min_size=4, max_size=4).map(
                lambda v: ",".join(map(str, v))
            ),
            st.integers(-(10**30), 10**30).map(str),
        ),
        max_size=4,
    )
)
def test_no_query_string_makes_the_map_fail(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/api/v1/carte", params=params)
    assert response.status_code < 500, (params, response.text)
    assert response.headers["content-type"].startswith("application/json")


def test_the_endpoint_is_documented_in_french(client: TestClient) -> None:
    operation = client.get("/api/openapi.json").json()["paths"]["/api/v1/carte"]["get"]
    assert "regroupés" in operation["summary"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert set(parameters) == {"bbox", "zoom", "freins", "liste"}
    assert all(p.get("description") for p in parameters.values())
