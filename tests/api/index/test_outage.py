"""Meilisearch goes down while services are edited: nothing is lost, search goes on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine

from api.index.client import MeiliIndisponible, make_client
from api.index.indexer import check, sync
from catalogue.settings import Settings
from catalogue.stack import Stack
from importers.pipeline import run_import
from importers.registry import get_importer
from maillage.app import create_app
from tests.conftest import REAL_DATA, cli_env

SAMPLE = REAL_DATA / "data-inclusion"


def test_search_falls_back_to_postgis_and_the_outbox_waits_for_meilisearch(
    engine: Engine, settings: Settings, stack: Stack, tmp_path: Path
) -> None:
    run_import(engine, get_importer("data-inclusion"), SAMPLE)
    client = make_client(settings)
    sync(engine, client, settings.search.index)
    params = {"code_commune": "90010", "rayon_km": 50}
    try:
        with TestClient(create_app(settings)) as app:
            before = app.get("/api/v1/search", params=params).json()
            assert before["moteur"] == "meilisearch"

            stack.meilisearch.stop()
            during = app.get("/api/v1/search", params=params).json()
            assert during["moteur"] == "postgis"
            assert [r["id"] for r in during["resultats"]] == [r["id"] for r in before["resultats"]]
            assert during["facettes"] == before["facettes"]

            # Services edited while Meilisearch is down.
            services = json.loads((SAMPLE / "services.json").read_text())
            services[0]["nom"] = "Un nom changé pendant la panne"
            services[5]["thematiques"] = ["numerique--acceder-a-une-connexion-internet"]
            edited = tmp_path / "edited"
            edited.mkdir()
            (edited / "structures.json").write_text((SAMPLE / "structures.json").read_text())
            (edited / "services.json").write_text(json.dumps(services))
            report = run_import(engine, get_importer("data-inclusion"), edited)
            assert report.services.mis_a_jour == 2
            with pytest.raises(MeiliIndisponible):
                sync(engine, client, settings.search.index)
            failed = CliRunner().invoke(
                main_command(), ["index", "sync", "--essais", "1"], env=cli_env(settings)
            )
            assert failed.exit_code == 2 and failed.output.startswith("Erreur :")
            with engine.connect() as conn:
                assert conn.execute(text("SELECT count(*) FROM outbox")).scalar_one() == 2
    finally:
        stack.meilisearch.start()

    synced = CliRunner().invoke(main_command(), ["index", "sync"], env=cli_env(settings))
    assert synced.exit_code == 0, synced.output
    assert check(engine, client, settings.search.index).drift == 0
    with TestClient(create_app(settings)) as app:
        after = app.get("/api/v1/search", params={**params, "q": "nom changé pendant la panne"})
    assert after.json()["moteur"] == "meilisearch"
    assert after.json()["resultats"][0]["nom"] == "Un nom changé pendant la panne"


def main_command():  # type: ignore[no-untyped-def]
    from maillage.cli import main

    return main
