"""Real services for the tests: a throwaway PostGIS cluster and Meilisearch instance,
started by the project itself under var/test on their own loopback ports, and stopped
(and wiped) at the end of the run.

Databases, all cloned from one template that holds the migrated schema and the whole
reference geography (loaded once per run):
- ``sample_settings``: the real data·inclusion records of ../shared imported once, read-only;
- ``settings`` / ``engine``: a scratch database whose offer tables are emptied before
  each test that uses it (isolation per test).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings
from playwright.sync_api import Browser
from sqlalchemy import text
from sqlalchemy.engine import Engine

from catalogue.db import make_engine
from catalogue.geography.load import load_geography
from catalogue.migrate import upgrade
from catalogue.settings import (
    PROJECT_ROOT,
    DatabaseSettings,
    ExportSettings,
    SearchSettings,
    Settings,
    StackSettings,
)
from catalogue.stack import Stack

SHARED = PROJECT_ROOT.parent / "shared"
REAL_DATA = SHARED / "data" / "real"
OFFER_TABLES = ("outbox", "services", "structures", "import_runs", "sightings", "lexique")

# Property tests draw the same examples on every run: what fails here fails in CI too,
# and a new failure is a new bug, not a new seed. No deadline: many examples query the
# database, and a busy machine is no bug.
hypothesis_settings.register_profile("maillage", derandomize=True, database=None, deadline=None)
hypothesis_settings.load_profile("maillage")


def _stack_settings() -> StackSettings:
    # One stack per slot, so parallel runs (xdist workers, or two checkouts' developers)
    # never share a data directory or a port.
    slot = int(os.environ.get("MAILLAGE_TEST_SLOT", "0"))
    slot += int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    return StackSettings(
        var_dir=PROJECT_ROOT / "var" / f"test-{slot}",
        pg_port=54339 + slot,
        meili_port=7739 + slot,
        redis_port=6390 + slot,
        addok_port=7890 + slot,
        pg_database="maillage_template",
    )


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    stack = Stack(_stack_settings(), durable=False)
    stack.postgres.destroy()
    stack.meilisearch.destroy()
    stack.redis.destroy()
    stack.addok.destroy()
    stack.up()
    try:
        yield stack
    finally:
        stack.down()
        stack.postgres.destroy()
        stack.meilisearch.destroy()
        stack.redis.destroy()
        stack.addok.destroy()


def settings_for(stack: Stack, database: str) -> Settings:
    """Settings of one test database, with its own Meilisearch index, no background sync."""
    s = stack.settings
    return Settings(
        stack=s,
        db=DatabaseSettings(
            url=f"postgresql+psycopg://{s.pg_user}@127.0.0.1:{s.pg_port}/{database}"
        ),
        search=SearchSettings(index=f"services_{database}", sync_interval_s=0),
        exports=ExportSettings(directory=s.var_dir / "exports" / database, interval_hours=0),
    )


def cli_env(settings: Settings) -> dict[str, str]:
    """Environment under which the ``maillage`` command sees the same settings."""
    return {
        "MAILLAGE_DB_URL": settings.database_url,
        "MAILLAGE_STACK_VAR_DIR": str(settings.stack.var_dir),
        "MAILLAGE_STACK_PG_PORT": str(settings.stack.pg_port),
        "MAILLAGE_STACK_MEILI_PORT": str(settings.stack.meili_port),
        "MAILLAGE_MEILI_INDEX": settings.search.index,
        "MAILLAGE_EXPORTS_DIRECTORY": str(settings.exports.directory),
    }


def index_now(settings: Settings) -> None:
    """Drain the outbox of that database into its index."""
    from api.index.client import make_client
    from api.index.indexer import sync

    engine = make_engine(settings)
    try:
        sync(engine, make_client(settings), settings.search.index)
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def template(stack: Stack) -> str:
    """The template database: schema + reference geography."""
    name = stack.settings.pg_database
    engine = make_engine(settings_for(stack, name))
    try:
        upgrade(engine)
        load_geography(engine, Settings().geography)
    finally:
        engine.dispose()
    return name


def clone_database(stack: Stack, template: str, name: str) -> Settings:
    stack.postgres.drop_database(name)
    stack.postgres.ensure_database(name, template=template)
    return settings_for(stack, name)


@pytest.fixture(scope="session")
def scratch_settings(stack: Stack, template: str) -> Settings:
    return clone_database(stack, template, "maillage_scratch")


@pytest.fixture(scope="session")
def scratch_engine(scratch_settings: Settings) -> Iterator[Engine]:
    engine = make_engine(scratch_settings)
    yield engine
    engine.dispose()


@pytest.fixture
def settings(scratch_settings: Settings, scratch_engine: Engine) -> Settings:
    """Settings of the scratch database, emptied of any offer (and its index) first."""
    from api.index.client import make_client

    with scratch_engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(OFFER_TABLES)} RESTART IDENTITY CASCADE"))
    client = make_client(scratch_settings)
    client.wait_for_task(client.delete_index(scratch_settings.search.index).task_uid)
    return scratch_settings


@pytest.fixture
def engine(settings: Settings, scratch_engine: Engine) -> Engine:
    return scratch_engine


@pytest.fixture(scope="session")
def sample_settings(stack: Stack, template: str) -> Iterator[Settings]:
    """A read-only database holding the real data·inclusion sample of ../shared."""
    from importers.pipeline import run_import
    from importers.registry import get_importer

    settings = clone_database(stack, template, "maillage_sample")
    engine = make_engine(settings)
    report = run_import(engine, get_importer("data-inclusion"), REAL_DATA / "data-inclusion")
    assert report.services.crees == 14, report.as_dict()  # the fixture loaded what we think
    engine.dispose()
    index_now(settings)
    yield settings


DEMO_DATA = PROJECT_ROOT / "data" / "sample"
DEMO_SERVICES = 1500


@pytest.fixture(scope="session")
def demo_settings(stack: Stack, template: str) -> Settings:
    """The national demo sample (1,500 fictional services) and the real data·inclusion
    records, in a database of the map's own (its tests may write reports there)."""
    from importers.pipeline import run_import
    from importers.registry import get_importer

    settings = clone_database(stack, template, "maillage_map_demo")
    engine = make_engine(settings)
    try:
        demo = run_import(engine, get_importer("data-inclusion"), DEMO_DATA)
        real = run_import(engine, get_importer("data-inclusion"), REAL_DATA / "data-inclusion")
    finally:
        engine.dispose()
    assert demo.services.crees == DEMO_SERVICES, demo.as_dict()
    assert real.services.crees == 14, real.as_dict()
    index_now(settings)
    return settings


@pytest.fixture(scope="session")
def demo_engine(demo_settings: Settings) -> Iterator[Engine]:
    engine = make_engine(demo_settings)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def ban_agencies(
    stack: Stack, sample_engine: Engine, tmp_path_factory: pytest.TempPathFactory
) -> list[Any]:
    """The France Travail agencies, loaded into the test stack's addok as a BAN file."""
    from tests.geocoding_data import load_agencies

    return load_agencies(stack, sample_engine, tmp_path_factory.mktemp("ban"))


@pytest.fixture(scope="session")
def sample_engine(sample_settings: Settings) -> Iterator[Engine]:
    engine = make_engine(sample_settings)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, one for the whole session (Playwright's sync API allows one
    instance at a time)."""
    from playwright.sync_api import sync_playwright

    from bench.common import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
