"""``/donnees``: the published files, each with its date, size, licence and schema, and
downloadable; nothing else under its address."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.exports.publishing import publish_all
from catalogue.db import make_engine
from catalogue.settings import Settings
from maillage.app import create_app


@pytest.fixture
def client(demo_settings: Settings) -> Iterator[TestClient]:
    shutil.rmtree(demo_settings.exports.directory, ignore_errors=True)
    with TestClient(create_app(demo_settings), raise_server_exceptions=False) as client:
        yield client


def test_before_the_first_publication_the_page_says_to_come_back_later(client: TestClient) -> None:
    page = client.get("/donnees")
    assert page.status_code == 200
    assert "pas encore été produits" in page.text


def test_the_page_lists_every_published_file_and_serves_it(
    client: TestClient, demo_settings: Settings
) -> None:
    engine = make_engine(demo_settings)
    try:
        publication = publish_all(engine, demo_settings.exports)
    finally:
        engine.dispose()
    names = {f.nom for f in publication.fichiers}
    assert names == {
        "structures.json", "services.json", "structures.csv", "services.csv",
        "structures.geojson", "services.geojson", "structures.parquet",
        "services.parquet", "maillage.gpkg", "organizations.ndjson", "services.ndjson",
    }  # fmt: skip
    page = client.get("/donnees")
    assert "Licence Ouverte 2.0" in page.text and "schéma data·inclusion v1" in page.text
    for name in names:
        assert f'href="/donnees/fichiers/{name}"' in page.text
    services = next(f for f in publication.fichiers if f.nom == "services.json")
    assert f"{services.lignes['services']:,}".replace(",", "\u202f") in page.text
    download = client.get("/donnees/fichiers/services.json")
    assert download.status_code == 200
    assert download.content == (demo_settings.exports.directory / "services.json").read_bytes()


@pytest.mark.parametrize("name", ["manifest.json", "..%2Fpasswd", "nope.csv"])
def test_only_published_files_are_served(client: TestClient, name: str) -> None:
    answer = client.get(f"/donnees/fichiers/{name}")
    assert answer.status_code == 404
    assert "introuvable" in answer.text
