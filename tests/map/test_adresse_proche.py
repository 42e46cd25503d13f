"""A place its source gave by coordinates alone shows the nearest address (the test
stack's addok, loaded with the France Travail agencies), and nothing without a geocoder."""

from __future__ import annotations

from html import unescape
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from catalogue.settings import Settings
from catalogue.stack import Stack
from importers.pipeline import run_import
from importers.pipeline.identity import record_uid
from importers.registry import get_importer
from maillage.app import create_app
from tests.geocoding_data import Agency, with_geocoder, write_structures


def placed_by_coordinates(agency: Agency, dx: float) -> dict[str, object]:
    return {
        "source": "coordonnees",
        "id": f"coordonnees--{agency.ref}",
        "nom": "Point d'accueil sans adresse",
        "date_maj": "2025-01-01",
        "code_insee": agency.code_insee,
        "commune": agency.nom_commune,
        "code_postal": agency.code_postal,
        "longitude": round(agency.longitude + dx, 6),
        "latitude": agency.latitude,
    }


def test_a_structure_without_address_shows_the_nearest_one_within_100_m(
    settings: Settings, engine: Engine, stack: Stack, ban_agencies: list[Agency], tmp_path: Path
) -> None:
    near, far = ban_agencies[0], ban_agencies[1]
    records = [placed_by_coordinates(near, 0.0003), placed_by_coordinates(far, 0.01)]
    run_import(engine, get_importer("data-inclusion"), write_structures(tmp_path, records))
    uid = {r["id"]: record_uid("structure", "coordonnees", str(r["id"])) for r in records}
    with TestClient(create_app(with_geocoder(settings, stack))) as client:
        page = unescape(client.get(f"/structures/{uid[f'coordonnees--{near.ref}']}").text)
        assert f"À côté de : {near.numero} {near.voie}".lower() in page.lower()
        faraway = client.get(f"/structures/{uid[f'coordonnees--{far.ref}']}").text
        assert "À côté de" not in faraway  # 700 m away: not worth saying
    with TestClient(create_app(settings)) as client:
        assert "À côté de" not in client.get(f"/structures/{uid[f'coordonnees--{near.ref}']}").text
