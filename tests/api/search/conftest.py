from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from api.search.backend import SearchBackend
from api.search.engines import backend_for
from api.search.params import SearchParams
from api.search.query import SearchResult
from api.search.service import build_query
from catalogue.db import make_engine
from catalogue.settings import Settings
from catalogue.stack import Stack
from importers.pipeline import run_import
from importers.registry import get_importer
from tests.api.search.scenario import records
from tests.conftest import clone_database, index_now


@pytest.fixture(scope="session")
def scenario_settings(
    stack: Stack, template: str, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    """The scenario territory, imported, with one draft and one archived service."""
    settings = clone_database(stack, template, "maillage_scenario")
    folder: Path = tmp_path_factory.mktemp("scenario")
    structures, services = records()
    (folder / "structures.json").write_text(json.dumps(structures))
    (folder / "services.json").write_text(json.dumps(services))
    engine = make_engine(settings)
    report = run_import(engine, get_importer("data-inclusion"), folder)
    assert report.rejections == [] and report.services.crees == len(services)
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE services SET publication_status = 'draft', updated_at = now() "
                "WHERE id = 'scenario--brouillon'"
            )
        )
        conn.execute(
            text(
                "UPDATE services SET archived = true, updated_at = now() "
                "WHERE id = 'scenario--archive'"
            )
        )
    engine.dispose()
    index_now(settings)
    return settings


@pytest.fixture(scope="session")
def scenario_engine(scenario_settings: Settings) -> Iterator[Engine]:
    engine = make_engine(scenario_settings)
    yield engine
    engine.dispose()


@pytest.fixture(params=["postgis", "meilisearch"])
def backend(
    request: pytest.FixtureRequest, scenario_settings: Settings, scenario_engine: Engine
) -> SearchBackend:
    """Each test of the suite runs once against each backend."""
    return backend_for(scenario_settings, scenario_engine, request.param)


@pytest.fixture
def search(backend: SearchBackend, scenario_settings: Settings, scenario_engine: Engine):  # type: ignore[no-untyped-def]
    def run(**params: object) -> SearchResult:
        query = build_query(scenario_engine, SearchParams(**params), scenario_settings.search)  # type: ignore[arg-type]
        return backend.search(query)

    return run


@pytest.fixture
def ids(scenario_engine: Engine):  # type: ignore[no-untyped-def]
    """Source ids ("scenario--garage") of a result's hits, in order."""
    with scenario_engine.connect() as conn:
        by_uid = {str(u): i for u, i in conn.execute(text("SELECT uid, id FROM services"))}

    def source_ids(result: SearchResult) -> list[str]:
        return [by_uid[h.uid].removeprefix("scenario--") for h in result.hits]

    return source_ids
