"""Searching at a street address: ``adresse`` resolved through the geocoder (the test
stack's addok, loaded with the France Travail agencies), the commune otherwise."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from catalogue.settings import Settings
from catalogue.stack import Stack
from maillage.app import create_app
from tests.geocoding_data import Agency, metres, with_geocoder


@pytest.fixture
def known(ban_agencies: list[Agency]) -> list[Agency]:
    return ban_agencies


@pytest.fixture(scope="module")
def geocoding_client(
    sample_settings: Settings, stack: Stack, ban_agencies: list[Agency]
) -> Iterator[TestClient]:
    settings = with_geocoder(sample_settings, stack)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def in_marseille(known: list[Agency]) -> Agency:
    return next(a for a in known if a.code_insee.startswith("132"))


def test_a_street_address_centres_the_search_on_it_and_says_so(
    geocoding_client: TestClient, known: list[Agency]
) -> None:
    agency = in_marseille(known)
    adresse = f"{agency.adresse}, {agency.code_postal} Marseille"
    answer = geocoding_client.get("/api/v1/search", params={"adresse": adresse}).json()
    where = answer["localisation"]
    assert where["precision"] == "adresse"
    assert metres(agency.longitude, agency.latitude, where["longitude"], where["latitude"]) < 150
    assert where["adresse"].endswith("Marseille")
    assert where["commune"]["code"] == agency.code_insee  # its arrondissement


def test_the_same_address_without_a_geocoder_is_its_communes_centre(
    client: TestClient, known: list[Agency]
) -> None:
    agency = in_marseille(known)
    adresse = f"{agency.adresse}, {agency.code_postal} Marseille"
    where = client.get("/api/v1/search", params={"adresse": adresse}).json()["localisation"]
    assert (where["precision"], where["adresse"]) == ("commune", None)
    assert metres(agency.longitude, agency.latitude, where["longitude"], where["latitude"]) > 150


def test_a_commune_alone_is_still_resolved_as_a_commune(geocoding_client: TestClient) -> None:
    where = geocoding_client.get("/api/v1/search", params={"adresse": "13150 Tarascon"}).json()[
        "localisation"
    ]
    assert (where["precision"], where["commune"]["code"]) == ("commune", "13108")


def test_the_place_field_is_offered_the_addresses_that_start_like_the_typed_text(
    geocoding_client: TestClient, known: list[Agency]
) -> None:
    agency = in_marseille(known)
    typed = f"{agency.adresse[: len(agency.adresse) - 2]}"  # the last word cut short
    offered = geocoding_client.get("/api/v1/adresses", params={"q": f"{typed} Marseille"}).json()
    assert offered, typed
    first = offered[0]
    assert first["precision"] == "adresse" and first["code_commune"] == agency.code_insee
    assert metres(agency.longitude, agency.latitude, first["longitude"], first["latitude"]) < 150


def test_without_a_geocoder_no_address_is_offered(client: TestClient) -> None:
    assert client.get("/api/v1/adresses", params={"q": "12 rue de la République"}).json() == []
